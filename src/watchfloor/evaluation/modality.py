"""Modality quality on TimeBank 1.2 events: negated and modal events, P/R/F1.

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
label (negated > modal > plain), and recall per gold modal word. AQUAINT
(``aquaint.jsonl``) is scored for the modal class only: its polarity is
unreliable in this conversion (50 of 73 documents mark NEG on nearly every
event, e.g. "Attorney Kendall Coffey said"). Both sets are held out: no rule
was tuned on them.

TimeBank's first ``TUNE_DOCS`` documents were used for error analysis
("tune"); the rest ("held", the default) were not.

    python -m watchfloor.evaluation.modality [--corpus timebank|aquaint] [--part tune|held|all]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from watchfloor.evaluation.claims import _NoKB
from watchfloor.evaluation.corpus import eval_path, records
from watchfloor.extract import claims, sentences
from watchfloor.extract.modality import local_modality
from watchfloor.vocab import Document, Modality

MODAL = frozenset({Modality.SPECULATED, Modality.PLANNED, Modality.CONDITIONAL, Modality.DEMANDED})
CORPORA = {"timebank": "timebank.jsonl", "aquaint": "aquaint.jsonl"}
# TimeBank documents [0, TUNE_DOCS) were used for error analysis ("tune"); the
# rest ("held") and all of AQUAINT were not looked at.
TUNE_DOCS = 60
PARTS = ("tune", "held", "all")


def gold_label(event: dict[str, Any], use_polarity: bool = True) -> tuple[bool, str | None]:
    """(negated, modal word or None) of a gold event."""
    word = (event.get("modality") or "").strip().lower() or None
    if word == "none":
        word = None
    if word is None and event.get("tense") == "FUTURE":
        word = "(future tense)"  # TimeBank puts "will" in tense, not in modality
    return use_polarity and event.get("polarity") == "NEG", word


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


def evaluate(
    corpus: str = "timebank",
    limit: int | None = None,
    path: str | Path | None = None,
    part: str = "all",
) -> dict[str, Any]:
    """Score event modality on ``part`` of ``corpus`` (first ``limit`` documents of it)."""
    from watchfloor.extract.nlp import load_nlp

    file = Path(path) if path else eval_path("temporal") / CORPORA[corpus]
    use_polarity = corpus == "timebank"
    docs = list(records(file))
    if corpus == "timebank" and part == "tune":
        docs = docs[:TUNE_DOCS]
    elif corpus == "timebank" and part == "held":
        docs = docs[TUNE_DOCS:]
    docs = docs[:limit] if limit is not None else docs
    nlp = load_nlp()
    kb = _NoKB()
    c: Counter[str] = Counter()
    per_word: Counter[str] = Counter()
    per_word_hit: Counter[str] = Counter()
    confusion: Counter[str] = Counter()
    texts = [r["text"] for r in docs]
    for record, parsed in zip(docs, nlp.pipe(texts, batch_size=16), strict=True):
        doc = Document(id=record["id"], text=record["text"], raw=record["text"], content_hash="")
        found = claims.find(parsed, sentences.find(parsed), doc, (), kb)
        for event in record["gold"]["events"]:
            span = parsed.char_span(event["start"], event["end"], alignment_mode="expand")
            if span is None or len(span) == 0:
                c["unaligned"] += 1
                continue
            mod, _cue = local_modality(parsed, span.root.i, claims.claim_at(found, event["start"]))
            g_neg, g_word = gold_label(event, use_polarity)
            p_neg, p_modal = mod is Modality.DENIED, mod in MODAL
            c["events"] += 1
            c["gold_neg"] += g_neg
            c["pred_neg"] += p_neg
            c["tp_neg"] += g_neg and p_neg
            c["gold_modal"] += g_word is not None
            c["pred_modal"] += p_modal
            c["tp_modal"] += g_word is not None and p_modal
            gold3, pred3 = _three(g_neg, g_word is not None), _three(p_neg, p_modal)
            c["agree3"] += gold3 == pred3
            confusion[f"{gold3}->{mod.value}"] += 1
            if g_word is not None:
                per_word[g_word] += 1
                per_word_hit[g_word] += p_modal
    result: dict[str, Any] = {
        "corpus": corpus,
        "part": part if corpus == "timebank" else "all",
        "documents": len(docs),
        "events": c["events"],
        "unaligned": c["unaligned"],
        "modal": _prf(c["tp_modal"], c["pred_modal"], c["gold_modal"]),
        "accuracy_3way": round(c["agree3"] / c["events"], 4) if c["events"] else 0.0,
        "modal_recall_by_word": {
            w: f"{per_word_hit[w]}/{n}" for w, n in per_word.most_common() if n >= 3
        },
        "confusion": dict(sorted(confusion.items())),
    }
    if use_polarity:
        result["negated"] = _prf(c["tp_neg"], c["pred_neg"], c["gold_neg"])
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="timebank")
    parser.add_argument("--part", choices=PARTS, default="held", help="TimeBank part")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.corpus, args.limit, part=args.part), indent=2))


if __name__ == "__main__":
    main()
