"""Modality quality on TimeBank 1.2 events: negated and modal events, P/R/F1, factuality.

Gold: every TimeBank EVENT (TempEval-3 TBAQ-cleaned conversion in
``../shared/eval/temporal/timebank.jsonl``) carries ``polarity`` (POS/NEG:
the event is negated in the text, "not helping", "no one held her back")
and ``modality`` (the modal word over it: would, could, may, can, might,
must, should ...; null when none). For each gold event we take the token
under its span (the span's syntactic root), find the innermost claim whose
content holds it (``claims.claim_at``) and ask ``modality.local_modality``
what watchfloor says of it. Then:

* **negated**: gold ``polarity == NEG``; predicted ``denied``.
* **modal**: gold ``modality`` set (not null/"none") or ``tense`` FUTURE
  (TimeBank files "will" under tense, not modality); predicted one of
  ``speculated``, ``planned``, ``conditional``, ``demanded`` (watchfloor's
  non-factual modes other than denial).

Reported: P/R/F1 of each class, accuracy over all events of the three-way
label (negated > modal > plain), and recall per gold modal word.

**Factuality** (certainty and polarity, as a MEANTIME-style corpus annotates
them, mapped here from TimeBank's attributes; ``FACTUALITY`` below): gold
polarity is NEG when the event is negated; gold certainty is *uncertain*
under a modal of possibility or obligation (may, might, could, can, must,
should, have to ...) and *certain* otherwise, the future included (will,
future tense; ``would`` read as the future of reported speech, or as
uncertain in the second figure). Ours: ``denied`` is certain and negative;
``speculated``, ``conditional`` and ``demanded`` uncertain; ``asserted``,
``reported`` and ``planned`` certain and positive. Reported: the accuracy of
the pair against the baseline that says "certain and positive" of every event.

The same comparison for **claims** (``claims_factuality``): each claim whose
content head is a gold event, the claim's own modality against that event's
certainty and polarity.

**With SLINKs** (informative, not pinned): TimeBank files the modality a
governing predicate imposes ("expected to visit", "denied that X") as a
subordination link, not on the event. Counting the target of a MODAL or
CONDITIONAL SLINK as modal and of a NEG_EVIDENTIAL or COUNTER_FACTIVE SLINK
as negated scores watchfloor's reading of governed events too.

AQUAINT (``aquaint.jsonl``) is scored for the modal class only: its polarity
is unreliable in this conversion (50 of 73 documents mark NEG on nearly every
event, e.g. "Attorney Kendall Coffey said"). TimeBank's first ``TUNE_DOCS``
documents were used for error analysis ("tune"); the rest ("held", the
default) and AQUAINT were not.

    python -m watchfloor.evaluation.modality [--corpus timebank|aquaint] [--part tune|held|all]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.extract import claims, sentences
from watchfloor.extract.claims.lexicon import load_lexicon
from watchfloor.extract.claims.modality import local_modality
from watchfloor.vocab import Claim, Document, Modality

MODAL = frozenset({Modality.SPECULATED, Modality.PLANNED, Modality.CONDITIONAL, Modality.DEMANDED})
CORPORA = {"timebank": "timebank.jsonl", "aquaint": "aquaint.jsonl"}
# TimeBank documents [0, TUNE_DOCS) were used for error analysis ("tune"); the
# rest ("held") and all of AQUAINT were not looked at.
TUNE_DOCS = 60
PARTS = ("tune", "held", "all")

# Factuality: TimeBank modal words that make an event uncertain (possibility,
# ability, obligation); the future ("will", tense FUTURE) stays certain, as
# MEANTIME-style annotation keeps time apart from certainty.
UNCERTAIN_WORDS = frozenset(
    {
        "may", "might", "could", "can", "must", "should", "ought", "have to", "have_to",
        "should have to", "would have to", "possible", "potential", "unlikely", "likelihood",
    }
)  # fmt: skip
FUTURE_OF_REPORTED_SPEECH = frozenset({"would", "'d"})
UNCERTAIN_OURS = frozenset({Modality.SPECULATED, Modality.CONDITIONAL, Modality.DEMANDED})
# SLINK types whose target takes the link's modality (TimeML 1.2 relTypes).
MODAL_SLINKS = frozenset({"MODAL", "CONDITIONAL"})
NEGATED_SLINKS = frozenset({"NEG_EVIDENTIAL", "COUNTER_FACTIVE"})


def gold_label(event: dict[str, Any], use_polarity: bool = True) -> tuple[bool, str | None]:
    """(negated, modal word or None) of a gold event."""
    word = (event.get("modality") or "").strip().lower() or None
    if word == "none":
        word = None
    if word is None and event.get("tense") == "FUTURE":
        word = "(future tense)"  # TimeBank puts "will" in tense, not in modality
    return use_polarity and event.get("polarity") == "NEG", word


def gold_factuality(
    negated: bool, word: str | None, would_certain: bool = True
) -> tuple[bool, bool]:
    """(certain, positive) of a gold event, from its polarity and modal word."""
    uncertain = word in UNCERTAIN_WORDS or (not would_certain and word in FUTURE_OF_REPORTED_SPEECH)
    return not uncertain, not negated


def our_factuality(modality: Modality) -> tuple[bool, bool]:
    """(certain, positive) of a watchfloor modality."""
    return modality not in UNCERTAIN_OURS, modality is not Modality.DENIED


def _three(negated: bool, modal: bool) -> str:
    return "negated" if negated else "modal" if modal else "plain"


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f1": round(f, 4),
        "n_gold": n_gold,
        "n_pred": n_pred,
    }


@dataclass
class _Tally:
    """Counts of one way of reading the gold (event attributes, or with SLINKs)."""

    c: Counter[str] = field(default_factory=Counter)

    def add(self, g_neg: bool, g_modal: bool, mod: Modality) -> tuple[str, str]:
        p_neg, p_modal = mod is Modality.DENIED, mod in MODAL
        c = self.c
        c["events"] += 1
        c["gold_neg"] += g_neg
        c["pred_neg"] += p_neg
        c["tp_neg"] += g_neg and p_neg
        c["gold_modal"] += g_modal
        c["pred_modal"] += p_modal
        c["tp_modal"] += g_modal and p_modal
        gold3, pred3 = _three(g_neg, g_modal), _three(p_neg, p_modal)
        c["agree3"] += gold3 == pred3
        return gold3, pred3

    def scores(self, use_polarity: bool) -> dict[str, Any]:
        c = self.c
        out: dict[str, Any] = {
            "modal": _prf(c["tp_modal"], c["pred_modal"], c["gold_modal"]),
            "accuracy_3way": round(c["agree3"] / c["events"], 4) if c["events"] else 0.0,
        }
        if use_polarity:
            out["negated"] = _prf(c["tp_neg"], c["pred_neg"], c["gold_neg"])
        return out


def _slink_labels(record: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Event ids that are targets of a modal and of a negating SLINK."""
    modal, negated = set(), set()
    for link in record["gold"].get("slinks", ()):
        kind = link.get("reltype")
        if kind in MODAL_SLINKS:
            modal.add(link["target"])
        elif kind in NEGATED_SLINKS:
            negated.add(link["target"])
    return modal, negated


def _documents(corpus: str, path: str | Path | None, part: str, limit: int | None) -> list[Any]:
    file = Path(path) if path else eval_path("temporal") / CORPORA[corpus]
    docs = list(records(file))
    if corpus == "timebank" and part == "tune":
        docs = docs[:TUNE_DOCS]
    elif corpus == "timebank" and part == "held":
        docs = docs[TUNE_DOCS:]
    return docs[:limit] if limit is not None else docs


def _predictions(docs: list[Any]) -> Any:
    """(record, gold event, our modality or None when the span does not align, the
    claim whose content the event heads or None)."""
    from watchfloor.extract.nlp import load_nlp

    nlp = load_nlp()
    kb = None  # no KB: sources are judged on spans only
    lex = load_lexicon()
    for record, parsed in zip(
        docs, nlp.pipe([r["text"] for r in docs], batch_size=16), strict=True
    ):
        doc = Document(id=record["id"], text=record["text"], raw=record["text"], content_hash="")
        found = claims.find(parsed, sentences.find(parsed), doc, (), kb, lex)
        heads = _content_heads(parsed, found)
        for event in record["gold"]["events"]:
            span = parsed.char_span(event["start"], event["end"], alignment_mode="expand")
            if span is None or len(span) == 0:
                yield record, event, None, None
                continue
            claim = claims.claim_at(found, event["start"])
            mod = local_modality(parsed, span.root.i, claim, lex)[0]
            yield record, event, mod, heads.get(span.root.i)


def _content_heads(parsed: Any, found: tuple[Claim, ...]) -> dict[int, Claim]:
    """Token index of each claim's content head -> the claim (the innermost one)."""
    heads: dict[int, Claim] = {}
    for claim in sorted(found, key=lambda c: -(c.span.end - c.span.start)):
        span = parsed.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
        if span is not None and len(span):
            heads[span.root.i] = claim
    return heads


def evaluate(
    corpus: str = "timebank",
    limit: int | None = None,
    path: str | Path | None = None,
    part: str = "all",
) -> dict[str, Any]:
    """Score event modality on ``part`` of ``corpus`` (first ``limit`` documents of it)."""
    use_polarity = corpus == "timebank"
    docs = _documents(corpus, path, part, limit)
    attrs, linked = _Tally(), _Tally()
    fact: Counter[str] = Counter()
    per_word: Counter[str] = Counter()
    per_word_hit: Counter[str] = Counter()
    confusion: Counter[str] = Counter()
    unaligned, current = 0, None
    slinks: tuple[set[str], set[str]] = (set(), set())
    claim_fact: Counter[str] = Counter()
    for record, event, mod, headed in _predictions(docs):
        if mod is None:
            unaligned += 1
            continue
        if record is not current:
            current, slinks = record, _slink_labels(record)
        g_neg, g_word = gold_label(event, use_polarity)
        gold3, _pred3 = attrs.add(g_neg, g_word is not None, mod)
        confusion[f"{gold3}->{mod.value}"] += 1
        linked.add(
            g_neg or (use_polarity and event["id"] in slinks[1]),
            g_word is not None or event["id"] in slinks[0],
            mod,
        )
        _count_factuality(fact, g_neg, g_word, mod)
        if headed is not None:  # the claim's own modality, against its head event
            _count_factuality(claim_fact, g_neg, g_word, headed.modality)
        if g_word is not None:
            per_word[g_word] += 1
            per_word_hit[g_word] += mod in MODAL
    result: dict[str, Any] = {
        "corpus": corpus,
        "part": part if corpus == "timebank" else "all",
        "documents": len(docs),
        "events": attrs.c["events"],
        "unaligned": unaligned,
        **attrs.scores(use_polarity),
        "factuality": _factuality_scores(fact) if use_polarity else None,
        "claims_factuality": _factuality_scores(claim_fact) if use_polarity else None,
        "with_slinks": linked.scores(use_polarity),
        "modal_recall_by_word": {
            w: f"{per_word_hit[w]}/{n}" for w, n in per_word.most_common() if n >= 3
        },
        "confusion": dict(sorted(confusion.items())),
    }
    return result


def _count_factuality(fact: Counter[str], g_neg: bool, g_word: str | None, mod: Modality) -> None:
    ours = our_factuality(mod)
    for name, would_certain in (("", True), ("would_uncertain_", False)):
        gold = gold_factuality(g_neg, g_word, would_certain)
        fact[name + "events"] += 1
        fact[name + "right"] += gold == ours
        fact[name + "baseline"] += gold == (True, True)
        fact[name + "gold_not_certain_positive"] += gold != (True, True)
        fact[name + "ours_not_certain_positive"] += ours != (True, True)


def _factuality_scores(fact: Counter[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"items": fact["events"]}
    for name, key in (("would_certain", ""), ("would_uncertain", "would_uncertain_")):
        n = fact[key + "events"] or 1
        out[name] = {
            "accuracy": round(fact[key + "right"] / n, 4),
            "baseline_certain_positive": round(fact[key + "baseline"] / n, 4),
            "gold_not_certain_positive": fact[key + "gold_not_certain_positive"],
            "ours_not_certain_positive": fact[key + "ours_not_certain_positive"],
        }
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="timebank")
    parser.add_argument("--part", choices=PARTS, default="held", help="TimeBank part")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.corpus, args.limit, part=args.part), indent=2))


if __name__ == "__main__":
    main()
