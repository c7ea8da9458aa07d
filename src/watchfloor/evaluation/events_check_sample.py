"""How the sentences of the independent event check were chosen (docs/events-check-guide.md).

A fixed, seeded procedure, so the set is a fair sample and not a hand-picked one:

1. **Base sample.** For each of LGL, ECB+ (topics 1-35) and PolNeAR (train/dev),
   the documents are shuffled with a seed and read in that order. Each document
   is split into sentences (spaCy's parser, as the pipeline does). A sentence is a
   *candidate* when one of its lemmas is in ``CANDIDATE_LEMMAS`` (words that can
   report an event of any PLOVER type, written from the codebook's definitions,
   not from the coder's lexicon); candidates are taken with probability
   ``P_CANDIDATE``, every other sentence with ``P_PLAIN`` (so ordinary sentences
   are in the set too), at most ``MAX_PER_DOC`` per document, until the corpus's
   ``BASE_QUOTA`` is reached.
2. **Top-up of rare classes.** The nine classes of the issue's ACLED-style check
   are rare in local and election news. For each class, sentences holding one of
   that class's candidate lemmas are drawn from the same seeded streams (TimeBank
   and AQUAINT added), skipping sentences already taken, and coded *in that
   order* until the class has ``TOPUP_TARGET`` gold examples or the stream ends;
   every drawn sentence up to that point stays in the set, whatever its label.

Sentences of fewer than ``MIN_TOKENS`` or more than ``MAX_TOKENS`` tokens, and
ones holding a URL (ECB+ pages open with one), are never taken.

    python -m watchfloor.evaluation.events_check --sample base
    python -m watchfloor.evaluation.events_check --sample topup:FIGHT
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from watchfloor.evaluation.corpus import eval_path, records

CORPORA = {
    "lgl": ("geoparsing", "lgl.jsonl"),
    "ecbplus": ("event_coref", "ecbplus_topics_1_35.jsonl"),
    "polnear": ("attribution", "polnear_train_dev.jsonl"),
    "timebank": ("temporal", "timebank.jsonl"),
    "aquaint": ("temporal", "aquaint.jsonl"),
}
BASE_CORPORA = ("lgl", "ecbplus", "polnear")
SEED = 20261218
# Sentences per corpus in the base sample: 230 in all, local and event news first.
BASE_QUOTA = {"lgl": 85, "ecbplus": 85, "polnear": 60}
# Candidates are half taken, so one document's run of similar sentences is thinned.
P_CANDIDATE = 0.5
# One ordinary sentence in eight, so the no-event share is not left to the word list.
P_PLAIN = 0.125
# Spreads the sample over documents (and stories).
MAX_PER_DOC = 2
# Shorter is mostly datelines and fragments; longer is run-on page text.
MIN_TOKENS, MAX_TOKENS = 6, 70
# The nine classes of the ACLED-style measurement, and how many of each we want.
NINE = (
    "FIGHT",
    "ASSAULT",
    "COERCE",
    "PROTEST",
    "AGREE",
    "MOBILIZE",
    "RETREAT",
    "SANCTION",
    "CRIME",
)
TOPUP_TARGET = 12


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that can report an event, by the PLOVER type they most often report
# (a candidate is only a candidate: many such sentences report no event).
CANDIDATE_LEMMAS: dict[str, frozenset[str]] = {
    "AGREE": _words(
        "agree agreement deal promise pledge offer accept settle settlement accord vow"
    ),
    "CONSULT": _words("meet meeting talk talks visit negotiate negotiation summit host"),
    "SUPPORT": _words("endorse endorsement support praise commend approve ratify sign"),
    "CONCEDE": _words("concede apologize apology pardon relent amnesty"),
    "COOPERATE": _words("cooperate cooperation partner partnership extradite joint"),
    "AID": _words("aid assist assistance donate donation grant relief asylum rescue"),
    "RETREAT": _words(
        "withdraw withdrawal retreat release resign resignation ceasefire surrender free"
        " disarm evacuate pullout"
    ),
    "INVESTIGATE": _words("investigate investigation probe inquiry investigator"),
    "DEMAND": _words("demand order insist require ultimatum"),
    "DISAPPROVE": _words(
        "criticize criticise criticism condemn accuse blame allege sue lawsuit complain"
        " complaint denounce"
    ),
    "REJECT": _words("reject refuse veto defy rebuff oppose"),
    "THREATEN": _words("threaten threat warn warning"),
    "SANCTION": _words(
        "sanction boycott embargo suspend sever expel cancel terminate fire dismiss oust"
        " revoke suspension expulsion"
    ),
    "PROTEST": _words(
        "protest protester protestor demonstrate demonstration demonstrator rally march strike"
        " riot rioter picket vigil"
    ),
    "CRIME": _words(
        "steal theft rob robbery robber burglary burglar burglarize smuggle smuggling smuggler"
        " traffic trafficking trafficker drug cocaine marijuana heroin methamphetamine meth"
        " fraud embezzle embezzlement launder laundering bribe bribery gang cartel mafia heist"
        " loot counterfeit extort extortion forge forgery shoplift vandalize vandalism"
    ),
    "MOBILIZE": _words(
        "deploy deployment mobilize mobilise troop reinforce reinforcement patrol station"
        " dispatch alert base navy warship guard"
    ),
    "COERCE": _words(
        "arrest detain detention jail prison imprison sentence convict charge indict seize"
        " confiscate impound ban curfew deport deportation evict raid custody capture"
        " prosecute crackdown"
    ),
    "ASSAULT": _words(
        "kill killing murder shoot shooting stab beat assault attack bomb bombing explode"
        " explosion kidnap abduct hostage rape torture wound injure hijack arson burn slay"
        " strangle massacre gunman molotov"
    ),
    "FIGHT": _words(
        "fight fighting clash battle war combat shell airstrike invade invasion offensive"
        " firefight insurgent militant army soldier military rebel pirate"
    ),
}
ALL_CANDIDATES = frozenset().union(*CANDIDATE_LEMMAS.values())
# Top-up words where the candidate list is mostly figurative in these corpora ("the
# fight for justice", "an army of volunteers", "police station", "press release"):
# the words of the class's acts and actors only. Other classes use their candidates.
TOPUP_LEMMAS: dict[str, frozenset[str]] = {
    "FIGHT": _words(
        "clash shelling shell airstrike firefight offensive rebel insurgent militant troop"
        " gunfire bombard invade invasion combat pirate navy guerrilla militia"
    ),
    "MOBILIZE": _words(
        "deploy deployment mobilize mobilise troop reinforcement reinforce patrol dispatch"
        " warship buildup alert swat"
    ),
    "RETREAT": _words(
        "withdraw withdrawal retreat resign resignation ceasefire truce surrender disarm"
        " pullout release freed"
    ),
    "SANCTION": _words(
        "sanction boycott embargo sever expel expulsion suspend suspension cancel revoke"
        " dismiss oust recall"
    ),
}
# Classes topped up, in this order (each stream skips what earlier ones drew).
TOPUP_ORDER = ("FIGHT", "MOBILIZE", "RETREAT", "PROTEST", "AGREE", "SANCTION", "CRIME")
# Sentences drawn per top-up stream; coding stops earlier once the class has its target.
TOPUP_DRAW = 40


def documents(corpus: str, seed: int = SEED) -> list[dict[str, Any]]:
    """The corpus's records in the seeded order."""
    recs = list(records(eval_path(*CORPORA[corpus])))
    random.Random(f"{seed}:{corpus}").shuffle(recs)
    return recs


def _sentences(rec: dict[str, Any], nlp: Any) -> Iterator[tuple[int, int, frozenset[str]]]:
    """(start, end, lemmas) of the record's takeable sentences, in text order."""
    parsed = nlp(rec["text"])
    for sent in parsed.sents:
        words = [t for t in sent if not t.is_space]
        text = sent.text
        if not MIN_TOKENS <= len(words) <= MAX_TOKENS or "http" in text or "www." in text:
            continue
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        lemmas = frozenset(t.lemma_.lower() for t in words) | {t.lower_ for t in words}
        yield sent.start_char + lead, sent.end_char - trail, lemmas


def _row(corpus: str, rec: dict[str, Any], start: int, end: int, stage: str) -> dict[str, Any]:
    return {
        "corpus": corpus,
        "doc": str(rec["id"]),
        "start": start,
        "end": end,
        "stage": stage,
        "text": rec["text"][start:end],
    }


def base_sample(nlp: Any, seed: int = SEED) -> list[dict[str, Any]]:
    """Step 1: the base sample of every base corpus, with the sentence texts (to code)."""
    out: list[dict[str, Any]] = []
    for corpus in BASE_CORPORA:
        rng = random.Random(f"{seed}:{corpus}:take")
        taken = 0
        for rec in documents(corpus, seed):
            if taken >= BASE_QUOTA[corpus]:
                break
            in_doc = 0
            for start, end, lemmas in _sentences(rec, nlp):
                p = P_CANDIDATE if lemmas & ALL_CANDIDATES else P_PLAIN
                if rng.random() < p and in_doc < MAX_PER_DOC and taken < BASE_QUOTA[corpus]:
                    out.append(_row(corpus, rec, start, end, "base"))
                    in_doc += 1
                    taken += 1
    return out


def topup_stream(
    nlp: Any,
    event_type: str,
    skip: set[tuple[str, str, int]],
    seed: int = SEED,
    limit: int = TOPUP_DRAW,
    stage: str = "topup",
) -> list[dict[str, Any]]:
    """Step 2: the first ``limit`` sentences holding a top-up lemma of ``event_type``.

    ``stage="pilot"`` draws with the class's (broader) candidate lemmas instead:
    the FIGHT pilot stream that showed the candidate list too figurative.

    Corpora are interleaved one document at a time (LGL, ECB+, PolNeAR, TimeBank,
    AQUAINT, again...), each in its seeded order; at most MAX_PER_DOC a document.
    ``skip``: (corpus, doc, start) of sentences already in the set.
    """
    if stage == "pilot":
        words = CANDIDATE_LEMMAS[event_type]
    else:
        words = TOPUP_LEMMAS.get(event_type, CANDIDATE_LEMMAS[event_type])
    streams = {c: iter(documents(c, seed)) for c in CORPORA}
    out: list[dict[str, Any]] = []
    while streams and len(out) < limit:
        for corpus in list(streams):
            rec = next(streams[corpus], None)
            if rec is None:
                del streams[corpus]
                continue
            in_doc = 0
            for start, end, lemmas in _sentences(rec, nlp):
                if (corpus, str(rec["id"]), start) in skip or not lemmas & words:
                    continue
                if in_doc < MAX_PER_DOC and len(out) < limit:
                    out.append(_row(corpus, rec, start, end, f"{stage}:{event_type}"))
                    in_doc += 1
    return out


def stream(nlp: Any, name: str, seed: int = SEED) -> list[dict[str, Any]]:
    """One stream of the procedure by name: "base", "pilot:FIGHT" or "topup:<CLASS>".

    Streams are drawn in order (base, the FIGHT pilot, then the top-ups in
    TOPUP_ORDER), each skipping every sentence the earlier ones drew.
    """
    names = ["base", "pilot:FIGHT", *(f"topup:{t}" for t in TOPUP_ORDER)]
    if name not in names:
        raise ValueError(f"stream must be one of {names}, not {name!r}")
    skip: set[tuple[str, str, int]] = set()
    for current in names:
        if current == "base":
            rows = base_sample(nlp, seed)
        else:
            stage, event_type = current.split(":")
            rows = topup_stream(nlp, event_type, skip, seed, stage=stage)
        if current == name:
            return rows
        skip |= {(r["corpus"], r["doc"], r["start"]) for r in rows}
    return []
