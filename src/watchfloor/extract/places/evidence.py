"""The evidence pass: gazetteer names of any size the earlier passes left, accepted on
what the document says of them (a dateline, "A, B" with B containing A, a locative
preposition, the same name or its division read elsewhere, a list with a place, a
salient name opening an organisation's name), each with its reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchfloor.extract.nlp.tokens import column, span_text
from watchfloor.extract.places import cues as place_cues
from watchfloor.extract.places.extents import (
    ABBREVIATED,
    ENTITY_LABELS,
    extend,
    state_abbreviation,
    text_key,
    text_keys,
)
from watchfloor.extract.places.resolve import best_entry
from watchfloor.extract.places.scan import (
    GENERIC_NAMES,
    OVERRIDABLE_LABELS,
    SCAN_MIN_CHARS,
    capitalised_tokens,
    edge_tokens,
    longest_first,
    salient,
)
from watchfloor.extract.places.toponym import (
    DIVISION_FEATURES,
    DIVISION_WORDS,
    Toponym,
    entry_contains,
)
from watchfloor.knowledge.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

# Entity labels a place name may be embedded in ("the Ohio Department of
# Health", "Youngstown State University", "The Torrington Fire Department"):
# LGL and GeoWebNews count such names as toponyms; they are reported as
# associative (metonymic) uses. Never inside PERSON ("John Lincoln").
EMBEDDING_LABELS = frozenset({"ORG", "FAC"})


# Words inside an organisation's name after which a place name may stand.
EMBEDDED_AFTER = frozenset({"of", "in", "at", "-", "for"})


# Prepositions before an embedded name that keep it a literal location ("The
# Cooper School in Bicester").
LOCATIVE_PREPS = frozenset({"in", "at", "near"})


# Capitalised office titles after which a name is its place ("Monroe Mayor
# Robert Routson", "Huntsville Fire Chief Tom Grisham"), even inside a person's
# name: an associative (non-locational) use.
OFFICE_TITLES = frozenset(
    {
        "Mayor", "Sheriff", "Police", "Fire", "Chief", "Councilman", "Councilwoman",
        "Commissioner", "Commissioners", "Superintendent", "Judge", "Coroner",
        "Administrator", "Alderman", "Selectman", "Treasurer",
        "Clerk", "Prosecutor", "Marshal", "Manager", "Trustee", "Trustees",
    }
)  # fmt: skip


# A name listed with a place already read ("Gainesville and Lindsay") is read
# too, when the model tagged it a person or an organisation or left it untagged.
LIST_WORDS = frozenset({"and", "or", ","})


COORDINATED_KINDS = frozenset({"PERSON", "whole", "free"})


# Prepositions after which a gazetteer name the model tagged as a person or an
# organisation (or left untagged) is read as a place: "in Tega Cay", "near
# Glen Carbon". Not "from", "at", "with" or "by": people and schools follow them.
LOCATIVE_CUES = frozenset({"in", "near", "outside", "across", "throughout"})


# Settings in which a state (admin1) named in the document is evidence enough;
# a whole ORG entity needs its county ("Bell", "Lincoln" are companies too).
STATE_CONTEXT_KINDS = frozenset({"embedded", "partial", "free"})


# Dateline openers: an upper-case place name followed by a dash, or by a
# comma, a state and a dash within DATELINE_REACH tokens ("HUDSON, Ill. --").
DASHES = frozenset({"-", "--", "—", "–", "―"})


DATELINE_REACH = 4


def _dateline(parsed: SpacyDoc, start: int, end: int) -> bool:
    """An upper-case name opening a dateline: "MANSFIELD --", "HUDSON, Ill. --"; or a
    capitalised one opening a sentence before a dash ("Goose Creek — A man ...")."""
    upper, alpha = column(parsed, "is_upper"), column(parsed, "is_alpha")
    text = column(parsed, "text")
    if not all(upper[j] and alpha[j] for j in range(start, end)):
        dash = end < len(text) and text[end] in DASHES and text[end] != "-"
        if not dash or not all(alpha[j] for j in range(start, end)):
            return False
        return bool(
            column(parsed, "is_sent_start")[start] or (start > 0 and "\n" in text[start - 1])
        )
    after = text[end : end + DATELINE_REACH]
    if after and after[0] in DASHES:
        return True
    return bool(after) and after[0] == "," and any(a in DASHES for a in after[1:])


def secondary(
    parsed: SpacyDoc, gazetteer: Gazetteer, taken: list[bool], found: list[Toponym]
) -> list[Toponym]:
    """Gazetteer names the first two passes left out, accepted on the document's evidence.

    A name of any size is accepted when the same name is already a toponym of
    the document (one sense per discourse), when it is followed by ", B" with
    B a toponym containing it ("Tega Cay, S.C."), or when one of its
    candidates lies in a division resolved elsewhere in the document. Inside a
    longer ORG/FAC name it is also accepted when salient ("the Ohio Department
    of Health"). Untagged names must be proper nouns; names spaCy tagged as
    a whole PERSON need the first two kinds of evidence.
    """
    known = {t.key for t in found if t.features is None and t.direction is None}
    context: set[int] = set()
    for t in found:
        best = best_entry(t, {})
        if best is not None and best.feature in DIVISION_FEATURES:
            context.add(best.gid)
        elif best is not None and best.feature in ("city", "capital"):
            context.update(g for g in (best.admin1, best.admin2) if g)
    starts = {t.start: t for t in found}
    bounds = {t.start for t in found} | {-t.end for t in found}  # starts, and ends negated

    stop, text, lower = column(parsed, "is_stop"), column(parsed, "text"), column(parsed, "lower_")
    keys = text_keys(parsed)

    def try_span(i: int, end: int) -> Toponym | None:
        if stop[i] or stop[end - 1]:
            return None
        # the name first (most spans are none), then how it sits in the sentence
        key = keys.get((i, end)) or text_key(parsed, i, end)
        known_name = key in gazetteer and (
            len(key) >= SCAN_MIN_CHARS
            or "." in span_text(parsed, i, end)  # "U.S.", "Tenn.": abbreviations, not words
        )
        if not known_name and state_abbreviation(parsed, i, end) is None:
            return None
        kind = "dateline" if _dateline(parsed, i, end) else _setting(parsed, i, end)
        if kind is None:
            return None
        topo = extend(parsed, gazetteer, i, end, codes=False)
        if topo is None or topo.region is not None:
            return None
        if len(topo.key) < SCAN_MIN_CHARS and not any(
            e.feature == "country" or topo.features == ABBREVIATED for e in topo.candidates
        ):
            return None
        outer = starts.get(topo.end + 1) or _outer_after(parsed, gazetteer, topo.end)
        nested = (
            outer is not None
            and text[topo.end] == ","
            and any(entry_contains(o, e) for o in outer.candidates for e in topo.candidates)
        )
        if key in GENERIC_NAMES:
            return None
        reason = _support(parsed, topo, kind, nested, known, context)
        if reason is None and kind in COORDINATED_KINDS and _coordinated(parsed, topo, bounds):
            reason = "listed with a place"  # "Gainesville and Lindsay", "Lovejoy, Jonesboro"
        if reason is not None:
            topo.via = f"evidence ({kind}): {reason}"
            prev = lower[i - 1] if i > 0 else ""
            topo.embedded = (
                (kind in ("embedded", "inner", "in-person") and prev not in LOCATIVE_PREPS)
                or reason.startswith("before the title")
                or place_cues.associative(reason)
            )
            return topo
        return None

    return longest_first(parsed, taken, try_span, edge_tokens(parsed))


def _outer_after(parsed: SpacyDoc, gazetteer: Gazetteer, end: int) -> Toponym | None:
    """The place named right after ", " at token ``end`` ("Tega Cay, S.C."), if any."""
    text = column(parsed, "text")
    if end >= len(text) or text[end] != ",":
        return None
    capitalised = capitalised_tokens(parsed)
    for n in range(3, 0, -1):
        stop = end + 1 + n
        if stop > len(text) or not all(capitalised[end + 1 : stop]):
            continue
        topo = extend(parsed, gazetteer, end + 1, stop)
        if topo is not None and topo.candidates:
            return topo
    return None


def _coordinated(parsed: SpacyDoc, topo: Toponym, bounds: set[int]) -> bool:
    """Listed next to a place already read: "X and Y", "X, Y" (either side)."""
    lower = column(parsed, "lower_")
    before = topo.start - 1
    if before >= 1 and lower[before] in LIST_WORDS and -before in bounds:
        return True
    after = topo.end
    return after < len(lower) - 1 and lower[after] in LIST_WORDS and after + 1 in bounds


def _support(
    parsed: SpacyDoc, topo: Toponym, kind: str, nested: bool, known: set[str], context: set[int]
) -> str | None:
    """Why the evidence pass accepts a name (None: it does not)."""
    lower, text = column(parsed, "lower_"), column(parsed, "text")
    division_word = lower[topo.end - 1] in DIVISION_WORDS
    if kind == "dateline":
        return "dateline"
    if nested:
        return "followed by a place containing it"
    before = lower[topo.start - 1] if topo.start > 0 else ""
    after = column(parsed, "tag_")[topo.end] if topo.end < len(text) else ""
    if before in LOCATIVE_CUES and after != "POS" and kind in ("PERSON", "whole", "free"):
        return f"after '{before}'"
    following = text[topo.end] if topo.end < len(text) else ""
    if following in OFFICE_TITLES and kind in ("PERSON", "in-person", "whole", "inner", "free"):
        return f"before the title '{following}'"  # "Monroe Mayor Robert Routson"
    cue = place_cues.support(parsed, topo.start, topo.end) if kind != "in-person" else None
    if cue is not None:
        return cue  # "the village of Avnevi", "James Tauber of Nelson", "Byesville Fire"
    if kind in ("PERSON", "in-person"):
        return "division word" if division_word else None  # "Anderson County" as a person
    if topo.key in known:
        return "same name read elsewhere in the document"
    if kind == "inner":
        return "salient name inside a longer name" if salient(topo) else None
    if any(
        e.gid in context
        or e.admin2 in context
        or (kind in STATE_CONTEXT_KINDS and e.admin1 in context)
        for e in topo.candidates
    ):
        return "lies in a division read elsewhere in the document"
    if kind in ("embedded", "partial") and (salient(topo) or division_word):
        return "salient name inside a longer name"
    return None


def _setting(parsed: SpacyDoc, start: int, end: int) -> str | None:
    """How tokens start..end sit among the entities: "free" (untagged proper nouns),
    "whole" (exactly an ORG/PERSON entity; "PERSON" for a person), "embedded"
    (inside a longer ORG/FAC name) or None (anything else)."""
    ent_type = column(parsed, "ent_type_")
    labels = set(ent_type[start:end])
    if labels <= {""}:
        pos = column(parsed, "pos_")
        if all(pos[j] == "PROPN" for j in range(start, end)) and not (
            end - start == 1 and column(parsed, "is_sent_start")[start]
        ):
            return "free"
        return None
    if len(labels) != 1:
        return None
    label = labels.pop()
    iob = column(parsed, "ent_iob_")
    whole = iob[start] == "B" and (end == len(iob) or iob[end] != "I")
    if whole and label in OVERRIDABLE_LABELS:
        return "PERSON" if label == "PERSON" else "whole"
    if not whole and label in EMBEDDING_LABELS:
        # a place opens an organisation's name or follows "of"/"in"/"at"/a hyphen in
        # it ("the Ohio Department of Health", "University of Nebraska-Lincoln"),
        # never closes it ("First Baptist Church", "Adena Energy")
        lower = column(parsed, "lower_")
        prev = start - 1
        opens = iob[start] == "B" or (
            prev >= 0 and iob[prev] == "B" and lower[prev] == "the" and ent_type[prev] == label
        )
        if opens or (prev >= 0 and lower[prev] in EMBEDDED_AFTER):
            return "embedded"
        return "inner"  # elsewhere in the name: only a salient or already read name
    if not whole and label == "PERSON":
        return "in-person"  # "Anderson County Sheriff John Skipper": division names only
    if not whole and label in ENTITY_LABELS:
        return "partial"  # a place entity that is no gazetteer name ("the Boone County Jail")
    return None
