"""Event merging measured as cross-document event coreference on ECB+ (topics 1-35).

``python -m watchfloor.evaluation.event_coref [--split dev|heldout|all]``

What is measured. ECB+ gold gives event mentions (trigger spans) and, across
documents, the real-world event each refers to (``instance_id``; a mention
without one is a singleton). We take the gold event mentions of the
coreference-annotated sentences (``coref_sentence``) and link them with the
merge criteria of ``watchfloor.link.merge``, within each gold story (the
candidate set our linker sees is one story; story clustering is scored on its
own). Each mention becomes a ``Report`` built from what the pipeline reads
around it:

* type and word: the word family (``watchfloor.link.merge.word_family``) of
  the mention's head (its first verb, else its last noun): "killing",
  "killed", "kills" -> kill. The family stands in for the PLOVER type, which
  is too coarse for ECB+ (most of its events are not PLOVER events);
* participants: when the pipeline coded a PLOVER event on the trigger, its
  actor and recipient (KB actors of different identity are a conflict);
  otherwise the actors the pipeline found in the sentence, as context:
  evidence, never a conflict;
* place: the coded event's place (may conflict), else the non-metonymic
  places of the sentence as context (evidence only);
* date: the coded event's date, else the day of the sentence's one resolved
  time expression (may conflict).

So merging here is the same-word baseline plus what the criteria veto
(conflicting KB actors, places, dates) and nothing else: with the type and
the word both fixed, a pair without a conflict always has evidence enough.
The system clusters are scored against the gold ``instance_id`` clusters with
MUC, B-cubed and CEAF-e, and CoNLL F1 (their mean), over all mentions of the
split (singletons included). Baselines: same word family within the story
(``lemma``) and every mention alone (``singletons``). Gold mentions are given
(linking is measured, not mention detection).

Split: topics with ``topic % 4 == 3`` are held out (as for stories); the rest
is the dev part on which the criteria were looked at. spaCy parses are cached
between runs (``corpus.parsed``, never in the repository); the extractors always run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Sequence
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError
from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.link.merge import (
    Participant,
    PlaceRef,
    Report,
    cluster,
    date_range,
    participants,
    place_ref,
    stance_of,
    word_family,
)
from watchfloor.vocab import Dct, Document, Reading

CORPUS = ("event_coref", "ecbplus_topics_1_35.jsonl")
SPLITS = ("dev", "heldout", "all")

Token = tuple[int, int, str, str]  # start, end, lowercased lemma, coarse POS
Clusters = Sequence[Sequence[Hashable]]


# ------------------------------------------------------------ metrics


def _index(clusters: Sequence[Collection[Hashable]]) -> dict[Hashable, int]:
    return {m: n for n, c in enumerate(clusters) for m in c}


def muc(key: Clusters, response: Clusters) -> dict[str, float]:
    """MUC (Vilain et al. 1995): links recovered, over each side's clusters."""

    def score(a: Clusters, b: Clusters) -> tuple[float, float]:
        where = _index(b)
        num = den = 0
        for c in a:
            parts = {where.get(m, ("alone", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num, den

    rn, rd = score(key, response)
    pn, pd = score(response, key)
    return _prf(pn / pd if pd else 0.0, rn / rd if rd else 0.0)


def b_cubed(key: Clusters, response: Clusters) -> dict[str, float]:
    """B-cubed (Bagga & Baldwin 1998) over the mentions of the key."""

    def score(a: Clusters, b: Clusters) -> float:
        where = {m: set(c) for c in b for m in c}
        total = n = 0.0
        for c in a:
            cs = set(c)
            for m in c:
                total += len(cs & where.get(m, {m})) / len(cs)
                n += 1
        return total / n if n else 0.0

    return _prf(score(response, key), score(key, response))


def ceaf_e(key: Clusters, response: Clusters) -> dict[str, float]:
    """Entity-based CEAF (Luo 2005, phi4): the best one-to-one alignment of clusters."""
    keys = [set(c) for c in key]
    resp = [set(c) for c in response]
    total = _best_alignment(keys, resp)
    return _prf(total / len(resp) if resp else 0.0, total / len(keys) if keys else 0.0)


def _phi4(a: set[Hashable], b: set[Hashable]) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def _best_alignment(keys: list[set[Hashable]], resp: list[set[Hashable]]) -> float:
    """Maximum total phi4 over one-to-one alignments; solved per connected block."""
    owner = _index(resp)
    # Union the key and response clusters that share a mention: blocks align independently.
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, c in enumerate(keys):
        find(("k", k))
        for m in c:
            if m in owner:
                a, b = find(("k", k)), find(("r", owner[m]))
                if a != b:
                    parent[b] = a
    blocks: dict[tuple[str, int], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for k in range(len(keys)):
        blocks[find(("k", k))][0].append(k)
    for r in range(len(resp)):
        blocks[find(("r", r))][1].append(r)
    total = 0.0
    for ks, rs in blocks.values():
        if ks and rs:
            matrix = [[_phi4(keys[k], resp[r]) for r in rs] for k in ks]
            total += _assignment(matrix)
    return total


def _assignment(weights: list[list[float]]) -> float:
    """The maximum-weight one-to-one assignment of rows to columns (Hungarian, O(n^2 m))."""
    transpose = len(weights) > len(weights[0])
    if transpose:
        weights = [list(col) for col in zip(*weights, strict=True)]
    n, m = len(weights), len(weights[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -weights[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return sum(weights[p[j] - 1][j - 1] for j in range(1, m + 1) if p[j])


def conll(key: Clusters, response: Clusters) -> dict[str, dict[str, float]]:
    """MUC, B-cubed, CEAF-e and CoNLL F1 (the mean of their F1)."""
    out = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    f1 = sum(s["f1"] for s in out.values()) / 3
    return {**out, "conll": {"f1": round(f1, 4)}}


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


# ------------------------------------------------------------ reading the corpus


def split_of(topic: str | int) -> str:
    return "heldout" if int(topic) % 4 == 3 else "dev"


def _document(row: dict[str, Any]) -> Document:
    text = row["text"]
    day = row.get("dct") or ""
    # Some ECB+ documents give only a year: that is not a day, so the date stays unknown.
    dct = Dct.given(dt.date.fromisoformat(day)) if len(day) == 10 else Dct()
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(id=row["id"], text=text, raw=text, content_hash=digest, dct=dct)


def read_corpus(rows: list[dict[str, Any]]) -> list[tuple[Document, Reading, list[Token]]]:
    """Each row read by the pipeline, with its tokens; parses cached (``corpus.parsed``)."""
    from watchfloor.evaluation.corpus import parsed
    from watchfloor.extract.pipeline import Resources, read_parsed

    res = Resources.load()
    out: list[tuple[Document, Reading, list[Token]]] = []
    texts = [r["text"] for r in rows]
    for row, parse in zip(rows, parsed(texts, res.nlp), strict=True):
        document, reading = read_parsed(_document(row), parse, res)
        toks = [(t.idx, t.idx + len(t.text), t.lemma_.lower(), t.pos_) for t in parse]
        out.append((document, reading, toks))
    return out


# ------------------------------------------------------------ mentions as reports


def head_lemma(tokens: Sequence[Token], start: int, end: int) -> str:
    """The lemma of a mention's head: its first verb, else its last noun, else its last word."""
    inside = [t for t in tokens if t[0] < end and start < t[1]]
    if not inside:
        return ""
    verbs = [t for t in inside if t[3] in ("VERB", "AUX")]
    nouns = [t for t in inside if t[3] in ("NOUN", "PROPN", "ADJ")]
    return (verbs[0] if verbs else nouns[-1] if nouns else inside[-1])[2]


def _sentence_of(reading: Reading, offset: int) -> int | None:
    for s in reading.sentences:
        if s.start <= offset < s.end:
            return s.index
    return None


def mention_report(
    document: Document,
    reading: Reading,
    tokens: Sequence[Token],
    mention: dict[str, Any],
) -> Report:
    """A gold event mention as a Report, from what the pipeline read around it."""
    start, end = mention["start"], mention["end"]
    sentence = _sentence_of(reading, start)
    places = {p.id: p for p in reading.places}
    coded = next(
        (e for e in reading.events if e.trigger.start < end and start < e.trigger.end), None
    )
    claim = next((c for c in reading.claims if c.span.start <= start and end <= c.span.end), None)
    context: tuple[Participant, ...] = ()
    if coded is not None:
        actors = participants(coded.actor, reading)
        recipients = participants(coded.recipient, reading)
        loc = places.get(coded.event_loc.place_id) if coded.event_loc else None
        where: tuple[PlaceRef, ...] = (place_ref(loc),) if loc else ()
        near: tuple[PlaceRef, ...] = ()
        date = None if coded.date_approx else date_range(coded.date)
    else:
        actors = recipients = ()
        where = ()
        kb = {a.id: a for a in reading.actors}
        context = tuple(
            Participant(
                m.span.text,
                m.actor_id,
                kb[m.actor_id].country,
                kb[m.actor_id].sector,
                kb[m.actor_id].generic,
            )
            for m in reading.actor_mentions
            if m.sentence == sentence and m.actor_id in kb
        )
        near = tuple(
            dict.fromkeys(
                place_ref(places[m.place_id])
                for m in reading.place_mentions
                if m.sentence == sentence and not m.metonymic and m.place_id in places
            )
        )
        days = [
            r
            for t in reading.times
            if t.sentence == sentence and (r := date_range(t.value)) is not None
        ]
        date = days[0] if len(days) == 1 else None
    modality = coded.modality if coded is not None else None
    return Report(
        document_id=document.id,
        event_id=mention["id"],
        claim_id=claim.id if claim else None,
        type=word_family(head_lemma(tokens, start, end)),
        word=word_family(head_lemma(tokens, start, end)),
        mode=None,
        trigger=mention["text"],
        trigger_start=start,
        actors=actors,
        recipients=recipients,
        places=where,
        context_places=near,
        date=date,
        stance=stance_of(modality, claim.modality if claim else None) if modality else "affirmed",
        modality=modality.value if modality else "asserted",
        copy_group=document.id,
        outlet=None,
        published=document.dct.date,
        context=context,
    )


# ------------------------------------------------------------ evaluation


def _gold_mentions(row: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in row["gold"]["mentions"] if m["kind"] == "event" and m["coref_sentence"]]


def _by_lemma(reports: Sequence[Report]) -> list[list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        groups[r.word].append(i)
    return list(groups.values())


def _singletons(reports: Sequence[Report]) -> list[list[int]]:
    return [[i] for i in range(len(reports))]


SYSTEMS: dict[str, Callable[[Sequence[Report]], list[list[int]]]] = {
    "merge": cluster,
    "lemma": _by_lemma,
    "singletons": _singletons,
}


def evaluate(path: str | Path | None = None, split: str = "dev") -> dict[str, Any]:
    """CoNLL scores of merging and the baselines on one split of the ECB+ mentions."""
    p = Path(path) if path else eval_path(*CORPUS)
    rows = list(records(p))
    read = read_corpus(rows)
    stories: dict[str, list[tuple[Report, str]]] = defaultdict(list)
    n_docs = 0
    for row, (document, reading, tokens) in zip(rows, read, strict=True):
        if split != "all" and split_of(row["gold"]["topic"]) != split:
            continue
        n_docs += 1
        story = row["gold"]["story"]
        for m in _gold_mentions(row):
            gold = m["instance_id"] or f"single:{row['id']}:{m['id']}"
            stories[story].append((mention_report(document, reading, tokens, m), gold))
    key: dict[str, list[str]] = defaultdict(list)
    for items in stories.values():
        for r, gold in items:
            key[gold].append(f"{r.document_id}/{r.event_id}")
    out: dict[str, Any] = {
        "split": split,
        "documents": n_docs,
        "stories": len(stories),
        "mentions": sum(len(v) for v in stories.values()),
        "gold_clusters": len(key),
    }
    for name, system in SYSTEMS.items():
        response = []
        for story in sorted(stories):
            reports = [r for r, _ in stories[story]]
            for members in system(reports):
                response.append(
                    [f"{reports[i].document_id}/{reports[i].event_id}" for i in members]
                )
        out[name] = conll(list(key.values()), response)
        out[name]["clusters"] = len(response)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m watchfloor.evaluation.event_coref")
    ap.add_argument("path", nargs="?", help="ecbplus_topics_1_35.jsonl (default: ../shared/eval)")
    ap.add_argument("--split", choices=SPLITS, default="dev")
    args = ap.parse_args(argv)
    try:
        res = evaluate(args.path, args.split)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"split {res['split']}: {res['documents']} documents, {res['stories']} stories, "
        f"{res['mentions']} event mentions, {res['gold_clusters']} gold events"
    )
    print(
        f"{'system':12} {'MUC F1':>7} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'CEAF-e':>7} {'CoNLL':>6}"
    )
    for name in SYSTEMS:
        s = res[name]
        print(
            f"{name:12} {s['muc']['f1']:7.4f} {s['b3']['p']:6.4f} {s['b3']['r']:6.4f} "
            f"{s['b3']['f1']:6.4f} {s['ceafe']['f1']:7.4f} {s['conll']['f1']:6.4f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
