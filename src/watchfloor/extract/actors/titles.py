"""Office titles before persons (rule 9): a title the person did not hold on the
publication date (``role_conflict``), the title words a person was introduced with,
and the office title that ends right before a word."""

from __future__ import annotations

from watchfloor.extract.actors.document import TITLE_NAME_GAP, Doc, Out

# Words before a title that make it a past or future office, not a claim about today.
NOT_NOW = frozenset({"former", "ex", "late", "then", "previous", "outgoing", "incoming", "future"})
# Words between an office title and the person it qualifies, at most.
TITLE_MAX_WORDS = 5


def role_conflicts(doc: Doc, outs: list[Out]) -> None:
    """A KB person written after an office title they did not hold on the publication date.

    "Prime Minister Nouri al-Maliki" in a 2019 article: the mention stays the
    person (the name wins), never the office, and ``role_conflict`` records the
    title. Needs the publication date (or a range); "former" and the like
    before the title make it no conflict.
    """
    if doc.dct.date is None and (doc.dct.earliest is None or doc.dct.latest is None):
        return
    first = doc.dct.date or doc.dct.earliest
    last = doc.dct.date or doc.dct.latest
    assert first is not None and last is not None
    for o in outs:
        actor = doc.kb[o.aid]
        if actor.type != "person" or not any(r.title.islower() for r in actor.roles):
            continue  # no office in the KB (Phoenix roles are codes, "ZWEGOV"): nothing to check
        k = doc.word_at(o.start)
        title = title_before(doc, k)
        if title is None:
            continue
        key, t_start = title
        if t_start > 0 and doc.ws[t_start - 1].key in NOT_NOW:
            continue
        held = any(
            r.title == key
            and (r.start is None or r.start <= last)
            and (r.end is None or first <= r.end)
            for r in actor.roles
        )
        if not held:
            o.conflict = key


def person_forms(doc: Doc, outs: list[Out]) -> None:
    """The title words a person was introduced with: "President Bush", "Prime Minister X"."""
    for o in outs:
        if doc.kb[o.aid].type != "person":
            continue
        k = doc.word_at(o.start)
        before = title_before(doc, k)
        if before is not None:
            o.form = tuple(w.key for w in doc.ws[before[1] : k])
            continue
        k_end = doc.word_at(o.end - 1) + 1
        inner = [end for end, _ in doc.kb.offices(doc.ws, k) if end < k_end]
        if inner:
            o.form = tuple(w.key for w in doc.ws[k : max(inner)])


def title_before(doc: Doc, k: int) -> tuple[str, int] | None:
    """The office title whose words end right before word ``k`` (past a comma): (key, start)."""
    ws = doc.ws
    for start in range(max(0, k - TITLE_MAX_WORDS), k):
        for end, key in doc.kb.offices(ws, start):
            if end == k and TITLE_NAME_GAP.match(doc.text[ws[end - 1].end : ws[k].start]):
                return key, start
    return None
