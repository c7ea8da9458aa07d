"""Markdown situation report. Article text is untrusted: it is escaped so that
no markup, link or raw HTML from an article reaches a Markdown renderer."""

from __future__ import annotations

import re

from watchfloor.report.model import Evidence, SituationReport

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


def render_markdown(rep: SituationReport) -> str:
    out: list[str] = []
    w = out.append
    w("# Situation report\n")
    w(
        f"Generated {rep.generated.isoformat()} from {len(rep.documents)} documents: "
        f"{len(rep.events)} events, {len(rep.claims)} claims, "
        f"{len(rep.actors)} actors, {len(rep.places)} places.\n"
    )
    w("## Documents\n")
    w("| | title | published | outlet | events | claims |")
    w("|---|---|---|---|---|---|")
    for d in rep.documents:
        pub = d.published
        copy = f" *(reprint of {d.copy_of})*" if d.copy_of else ""
        w(
            f"| {d.key} | {esc(d.document.title or d.document.id)}{copy} | {pub} | "
            f"{esc(d.document.outlet or '—')} | {d.n_events} | {d.n_claims} |"
        )
    w("")
    w("## Key events\n")
    if not rep.events:
        w("No events were coded.\n")
    for i, e in enumerate(rep.events, start=1):
        ev = e.event
        mode = f"/{ev.mode}" if ev.mode else ""
        w(f"{i}. **{ev.event}{mode}** — {esc(e.who)} → {esc(e.whom)}")
        w(f"   - where: {esc(e.where)}; when: {esc(e.when)}; how sure: *{ev.modality.value}*")
        w(f"   - according to: {esc(e.according_to)}")
        w(f"   - evidence: {_quote(e.evidence)}")
    w("")
    w("## Timeline\n")
    if rep.dated_events:
        for e in rep.dated_events:
            w(
                f"- {esc(e.when)} — {e.event.event}: {esc(e.who)} → {esc(e.whom)} ({e.evidence.label})"
            )
    else:
        w("No event has a known date.")
    if rep.undated_events:
        w(f"- date unknown: {len(rep.undated_events)} events (see Open questions)")
    w("")
    w("## Claims and their sources\n")
    for c in rep.claims:
        w(
            f"- *{c.claim.modality.value}* — {esc(c.chain)}: “{esc(c.claim.span.text)}” "
            f"({c.evidence.label})"
        )
    w("")
    w("## Actors\n")
    w("| actor | type | country | mentions | documents |")
    w("|---|---|---|---|---|")
    for a in rep.actors:
        name = esc(a.name) + (" *(generic)*" if a.extra else "")
        w(f"| {name} | {a.kind} | {a.country} | {a.mentions} | {', '.join(a.documents)} |")
    w("")
    w("## Places\n")
    w("| place | feature | country | lat, lon | as a location | other uses | documents |")
    w("|---|---|---|---|---|---|---|")
    for p in rep.places:
        w(
            f"| {esc(p.name)} | {p.kind} | {p.country} | {p.extra} | {p.mentions} | "
            f"{p.other_uses} | {', '.join(p.documents)} |"
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
