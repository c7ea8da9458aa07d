"""Markdown situation report. Article text is untrusted: it is escaped so that
no markup, link or raw HTML from an article reaches a Markdown renderer."""

from __future__ import annotations

import re

from watchfloor.views.common.text import number, plural
from watchfloor.views.report.changes import lines as change_lines
from watchfloor.views.report.model import Evidence, KeyEvent, SituationReport, key_label

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~])")
_SPACE = re.compile(r"\s+")
GEONAMES_CREDIT = "Place data: GeoNames (geonames.org), CC BY 4.0."


def esc(text: str) -> str:
    """Escape Markdown syntax and HTML in untrusted text; keep it on one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPACE.sub(" ", text)  # one line; edges kept, so pieces join with their spaces
    return _MD_SPECIAL.sub(r"\\\1", text)


def _quote(ev: Evidence) -> str:
    s = ev.sentence_text
    marked = esc(s[: ev.start]) + "**" + esc(s[ev.start : ev.end]) + "**" + esc(s[ev.end :])
    return f"[{ev.label}] {marked.strip()}"


def _refs(evidence: tuple[Evidence, ...]) -> str:
    return ", ".join(dict.fromkeys(e.label for e in evidence))


def _sources(k: KeyEvent) -> str:
    parts = []
    for g in k.sources:
        who = ", ".join(g.origins) or "?"
        outlets = [o for o in g.outlets if o not in g.origins]
        if outlets:
            who += f" via {', '.join(outlets)}"
        stance = "" if g.affirms else " (does not affirm it)"
        parts.append(f"{who}{stance} [{_refs(g.evidence)}]")
    return "; ".join(parts)


def _changes(rep: SituationReport) -> list[str]:
    ch = rep.changes
    out = ["## What is new\n"]
    if ch is None or ch.first:
        out.append(
            f"First recorded report of {rep.scope}: there is nothing to compare with, "
            "so everything below is new.\n"
        )
        return out
    out.append(f"Since the last report of {rep.scope} ({ch.since.isoformat()}):\n")
    if ch.empty:
        out.append("Nothing has changed.\n")
        return out
    if ch.new_documents:
        docs = ", ".join(f"{d.key} {esc(d.document.label)}" for d in ch.new_documents)
        out.append(f"- {plural(len(ch.new_documents), 'new document')}: {docs}")
    if ch.removed_documents:
        out.append(f"- {plural(ch.removed_documents, 'document')} no longer in the store")
    for line in change_lines(rep):
        times = f" ×{number(line.count)}" if line.count > 1 else ""
        numbers = ", ".join(str(n) for n in line.numbers)  # as the Key events list numbers them
        out.append(
            f"- **{line.tag}**{times} {esc(line.label)} — {esc(line.distinction)} — "
            f"{esc('; '.join(line.reasons))} (key event{'s' if line.count > 1 else ''} {numbers})"
        )
    for g in ch.gone:
        out.append(f"- **gone** {esc(g)}")
    out.append("")
    return out


def render_markdown(rep: SituationReport) -> str:
    out: list[str] = []
    w = out.append
    w("# Situation report\n")
    w(
        f"Generated {rep.generated.isoformat()} for {esc(rep.scope)} from "
        f"{plural(len(rep.documents), 'document')}: {plural(len(rep.key_events), 'key event')} "
        f"({number(len(rep.corroborated))} corroborated by independent sources, "
        f"{number(len(rep.contradicted))} contradicted), {plural(len(rep.claims), 'claim')}, "
        f"{plural(len(rep.actors), 'actor')}, {plural(len(rep.places), 'place')}.\n"
    )
    out.extend(_changes(rep))
    w("## Documents\n")
    w("| | title | published | outlet | events | claims |")
    w("|---|---|---|---|---|---|")
    for d in rep.documents:
        pub = d.published
        copy = f" *(reprint of {d.copy_of})*" if d.copy_of else ""
        w(
            f"| {d.key} | {esc(d.document.label)}{copy} | {pub} | "
            f"{esc(d.document.outlet or '—')} | {number(d.n_events)} | {number(d.n_claims)} |"
        )
    w("")
    w("## Key events\n")
    if not rep.key_events:
        w("No events were coded.\n")
    for i, k in enumerate(rep.key_events, start=1):
        e = k.lead
        ev = e.event
        mode = f"/{ev.mode}" if ev.mode else ""
        n = k.independent_sources
        w(f"{i}. **{ev.event}{mode}** — {esc(e.who)} → {esc(e.whom)}")
        w(f"   - where: {esc(e.where)}; when: {esc(k.when)}; how sure: *{ev.modality.value}*")
        w(f"   - according to: {esc(e.according_to)}")
        w(
            f"   - independent sources: **{number(n)}**"
            + (" (1 source)" if n == 1 else "")
            + f" — {esc(_sources(k))}"
        )
        for c in k.contradictions:
            what = f" of {c.what}" if c.what else ""
            sides = " **vs** ".join(
                f"{esc(s.value)} ({esc(', '.join(s.origins) or '?')}; {_refs(s.evidence)})"
                for s in c.sides
            )
            w(f"   - contradiction ({c.kind}{esc(what)}): {sides}")
        w(f"   - evidence: {_quote(e.evidence)}")
    w("")
    if rep.contradicted:
        w("## Contradictions\n")
        for k in rep.contradicted:
            for c in k.contradictions:
                what = f" of {esc(c.what)}" if c.what else ""
                w(f"**{esc(key_label(k))}** — {c.kind}{what}\n")
                w("| " + " | ".join(f"side {j + 1}" for j in range(len(c.sides))) + " |")
                w("|" + "---|" * len(c.sides))
                w("| " + " | ".join(f"**{esc(s.value)}**" for s in c.sides) + " |")
                w("| " + " | ".join(esc(", ".join(s.origins) or "?") for s in c.sides) + " |")
                w("| " + " | ".join(_quote(s.evidence[0]) for s in c.sides) + " |")
                w("")
    w("## Timeline\n")
    dated = [k for k in rep.key_events if k.earliest is not None]
    if dated:
        for k in dated:
            w(
                f"- {esc(k.when)} — {k.lead.event.event}: {esc(k.lead.who)} → "
                f"{esc(k.lead.whom)} ({k.lead.evidence.label})"
            )
    else:
        w("No event has a known date.")
    undated = len(rep.key_events) - len(dated)
    if undated:
        w(f"- date unknown: {plural(undated, 'key event')} (see Open questions)")
    w("")
    w("## Claims and their sources\n")
    for cl in rep.claims:
        w(
            f"- *{cl.claim.modality.value}* — {esc(cl.chain)}: “{esc(cl.claim.span.text)}” "
            f"({cl.evidence.label})"
        )
    w("")
    w("## Actors\n")
    w("| actor | type | country | mentions | documents |")
    w("|---|---|---|---|---|")
    for a in rep.actors:
        name = esc(a.name) + (" *(generic)*" if a.extra else "")
        w(f"| {name} | {a.kind} | {a.country} | {number(a.mentions)} | {', '.join(a.documents)} |")
    w("")
    w("## Places\n")
    w(
        "| place | feature | country | lat, lon | key events | as a location | other uses | documents |"
    )
    w("|---|---|---|---|---|---|---|---|")
    for p in rep.places:
        w(
            f"| {esc(p.name)} | {p.kind} | {p.country} | {p.extra} | {number(p.events)} | "
            f"{number(p.mentions)} | {number(p.other_uses)} | {', '.join(p.documents)} |"
        )
    w(f"\n{GEONAMES_CREDIT}\n")
    w("## Open questions\n")
    if not rep.open_questions:
        w("None.")
    for text, where in rep.open_questions:
        w(f"- {esc(text)}" + (f" — {_quote(where)}" if where else ""))
    w("")
    w("---\n")
    w("Extractors: " + "; ".join(esc(x) for x in rep.extractors))
    return "\n".join(out) + "\n"
