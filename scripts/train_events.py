"""Train the event classifier shipped as ``knowledge/data/event_model.{json,npy}``.

Data (licences in docs/extract-events.md, "The classifier"):

* **gold**: the PLOVER gold-standard records of the *dev* split only
  (``evaluation.events.in_split``; the held-out 30% is never read here): each
  candidate token named in the record's ``(EVT: ...)`` markup, labelled with
  the record's type;
* **written**: the sentences of ``scripts/data/event_sentences.tsv``, written
  for this project in the style of conflict reports, each with the word that
  reports its event and its type (or NONE);
* **weak**: every candidate of the unlabelled news texts of ``../shared/eval``
  (LGL, PolNeAR train/dev, ECB+ topics 1-35, TimeBank, AQUAINT), labelled by
  the curated cue lexicon where it names the token, else by the CAMEO verb
  patterns of Phoenix/PETRARCH2 (``scripts/cameo_patterns.py``), else NONE.

The model (``extract.events.classifier``) is a softmax over the features of
``extract.events.features``, fitted with AdaGrad (fixed seed, sorted inputs,
one BLAS thread, float64), exported as float32. Its four thresholds (add a
trigger, retype a cue, fall back where the cues coded nothing, keep an event
with no participant named) are chosen by
``--folds``-fold cross-validation on the dev records and the written
sentences: each fold's records are coded by a model trained without them, the
whole events stage runs, and the setting with the best mean of the two
out-of-fold macro F1s wins (ties: the more conservative). The figures are
written into the model's metadata. The default ``--out`` is the shipped model
(``src/watchfloor/knowledge/data/``), loaded by ``Resources``.

    python scripts/train_events.py                 # train, cross-validate, write the model
    python scripts/train_events.py --check         # retrain; exit 1 unless bit-for-bit the shipped
    python scripts/train_events.py --news-share 0.1 --folds 0 --out /tmp/m   # a quick subset
"""

from __future__ import annotations

import os

# One BLAS thread: sums in a fixed order, so the weights are the same bit for bit.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field, replace  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cameo_patterns  # noqa: E402

from watchfloor.extract.events import features as event_features  # noqa: E402
from watchfloor.extract.events.classifier import MODEL_JSON, MODEL_NPY, NONE, from_arrays  # noqa: E402
from watchfloor.extract.events.vectors import VECTORS_NPY, VECTORS_WORDS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261207
# Hand-written sentences (TYPE, trigger word, sentence), see the file's header.
WRITTEN = ROOT / "scripts" / "data" / "event_sentences.tsv"
# Where the shipped model lives (loaded by extract.pipeline.Resources).
SHIPPED = ROOT / "src" / "watchfloor" / "knowledge" / "data"
# The unlabelled news texts the weak labels are made on (corpus dir, file).
NEWS = (
    ("geoparsing", "lgl.jsonl"),
    ("attribution", "polnear_train_dev.jsonl"),
    ("event_coref", "ecbplus_topics_1_35.jsonl"),
    ("temporal", "timebank.jsonl"),
    ("temporal", "aquaint.jsonl"),
)
# Share of the NONE candidates of news kept (chosen by hash), weighted back up:
# most verbs report no event, and all of them would only slow training down.
NONE_KEEP = 0.25
# Weight of one gold label against one weak label: the gold is what the
# coder is measured by, the weak labels are many and noisy.
GOLD_WEIGHT = 24.0
# Features seen in fewer training examples than this are dropped (noise, size).
MIN_COUNT = 3
EPOCHS = 10
BATCH = 512
LEARNING_RATE = 0.2
L2 = 1e-6  # per touched row and step
# Thresholds tried by cross-validation (> 1 switches the use off).
ADD_GRID = (0.7, 0.8, 0.9, 1.01)
RETYPE_GRID = (0.8, 0.9, 1.01)
FALLBACK_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
ALONE_GRID = (0.6, 0.8, 0.9, 1.01)
MODEL_VERSION = "events-model.v1"


@dataclass
class Examples:
    feats: list[list[str]] = field(default_factory=list)
    dense: list[Any] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    group: list[str] = field(default_factory=list)  # gold record id, or "" for news

    def add(self, f: list[str], d: Any, label: str, w: float, group: str) -> None:
        self.feats.append(f)
        self.dense.append(d)
        self.labels.append(label)
        self.weights.append(w)
        self.group.append(group)


def _hash01(key: str) -> float:
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF


# ------------------------------------------------------------------ the data


def _nouns(lex: Any) -> frozenset[str]:
    """Candidate nouns: the lexicon's nominal cues and the heads of its phrases."""
    heads = {p.split()[-1] for p in lex.phrases}
    return frozenset(set(lex.nouns) | heads)


_MATCHERS: dict[int, Any] = {}  # id(lexicon) -> its PhraseMatcher (one vocab per run)


def _phrase_types(parsed: Any, lex: Any) -> dict[int, str]:
    from watchfloor.extract.events.lexicon import phrase_matcher

    if id(lex) not in _MATCHERS:
        _MATCHERS[id(lex)] = phrase_matcher(parsed.vocab, lex)
    out: dict[int, str] = {}
    for match_id, start, end in _MATCHERS[id(lex)](parsed):
        out[parsed[start:end].root.i] = lex.phrases[parsed.vocab.strings[match_id]].type
    return out


def label_sources(
    tok: Any, lex: Any, verbs: Any, onto: Any, phrases: dict[int, str]
) -> tuple[str, str]:
    """(the lexicon's type for a token it names, the type of a CAMEO pattern matching the
    verb), each NONE when there is none. A CAMEO verb's *default* code is not used: on
    news it over-codes badly ("go" CONSULT, "take" COERCE, "want" AGREE)."""
    from watchfloor.extract.events.coder import _token_cue

    lexicon = phrases.get(tok.i)
    if lexicon is None:
        trig = _token_cue(lex, tok)
        lexicon = trig.cue.type if trig is not None else NONE
    cameo = NONE
    if tok.pos_ == "VERB":
        code, by_pattern = verbs.match(tok)
        if by_pattern:
            cameo = cameo_patterns.plover_type(code, onto) or NONE
    return lexicon, cameo


def weak_label(lexicon: str, cameo: str) -> str:
    """The curated lexicon first, then a CAMEO pattern, else NONE."""
    return lexicon if lexicon != NONE else cameo


def news_records(shared: Path, share: float) -> list[tuple[str, str]]:
    """(key, text) of the news documents, sorted, the ``share`` chosen by hash of the key.

    The documents of the independent check set (tests/data/events_check.jsonl) are
    never read: it stays a measure of news no one trained or tuned on.
    """
    from watchfloor.evaluation.events_check import held_documents

    held = held_documents()
    out = []
    for folder, name in NEWS:
        with (shared / "eval" / folder / name).open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                key = f"{name}:{rec['id']}"
                if (name, rec["id"]) in held:
                    continue
                if _hash01(key) < share:
                    out.append((key, rec["text"]))
    return sorted(out)


@dataclass
class News:
    """Every news candidate with the labels its sources give (relabelling needs no parse)."""

    keys: list[str] = field(default_factory=list)  # "file:doc id:token index"
    feats: list[list[str]] = field(default_factory=list)
    dense: list[Any] = field(default_factory=list)
    lexicon: list[str] = field(default_factory=list)
    cameo: list[str] = field(default_factory=list)


def parse_news(nlp: Any, docs: list[tuple[str, str]], ctx: dict[str, Any]) -> News:
    lex, verbs, onto, nouns = ctx["lex"], ctx["verbs"], ctx["onto"], ctx["nouns"]
    news = News()
    texts = (t for _, t in docs)
    for (key, _), parsed in zip(docs, nlp.pipe(texts, batch_size=32), strict=True):
        phrases = _phrase_types(parsed, lex)
        rows = event_features.candidates(parsed, 0, len(parsed), nouns)
        if not rows:
            continue
        dense = event_features.dense(parsed, rows)
        for k, i in enumerate(rows):
            lexicon, cameo = label_sources(parsed[i], lex, verbs, onto, phrases)
            news.keys.append(f"{key}:{i}")
            news.feats.append(event_features.features(parsed, i, lex.person_types))
            news.dense.append(dense[k])
            news.lexicon.append(lexicon)
            news.cameo.append(cameo)
    return news


def add_news(ex: Examples, news: News) -> Counter:
    """The weak-labelled news examples (a hash-chosen share of the NONE ones, weighted up)."""
    counts: Counter[str] = Counter()
    for r, key in enumerate(news.keys):
        label = weak_label(news.lexicon[r], news.cameo[r])
        weight = 1.0
        if label == NONE:
            if _hash01(key) >= NONE_KEEP:
                continue
            weight = 1.0 / NONE_KEEP
        counts[label] += 1
        ex.add(news.feats[r], news.dense[r], label, weight, "")
    return counts


def gold_triggers(rec: dict[str, Any], parsed: Any, nouns: frozenset[str]) -> list[int]:
    """Candidate tokens named in the record's ``(EVT: ...)`` markup."""
    words = {
        w.lower() for m in re.findall(r"\(EVT: ([^)]*)\)", rec["gold"]["markup"]) for w in m.split()
    }
    rows = event_features.candidates(parsed, 0, len(parsed), nouns)
    return [i for i in rows if parsed[i].lower_ in words]


def add_gold(
    ex: Examples, recs: list[dict[str, Any]], parsed_docs: list[Any], ctx: dict[str, Any]
) -> int:
    lex, nouns = ctx["lex"], ctx["nouns"]
    n = 0
    for rec, parsed in zip(recs, parsed_docs, strict=True):
        rows = gold_triggers(rec, parsed, nouns)
        if not rows:
            continue
        dense = event_features.dense(parsed, rows)
        for k, i in enumerate(rows):
            feats = event_features.features(parsed, i, lex.person_types)
            ex.add(feats, dense[k], rec["gold"]["event"], GOLD_WEIGHT, str(rec["id"]))
            n += 1
    return n


def written_records(path: Path = WRITTEN) -> list[dict[str, Any]]:
    """The hand-written sentences as records: id (hash of the sentence), text, label, trigger."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, trigger, text = line.split("\t")
        key = "W-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        out.append({"id": key, "text": text, "label": label, "trigger": trigger})
    return sorted(out, key=lambda r: r["id"])


def written_trigger(rec: dict[str, Any], parsed: Any) -> int | None:
    """The token of the record's trigger word (its first occurrence), if a verb or noun."""
    for tok in parsed:
        if tok.lower_ == rec["trigger"].lower():
            return tok.i if tok.pos_ in ("VERB", "NOUN") else None
    raise ValueError(f"{WRITTEN.name}: {rec['trigger']!r} not in {rec['text']!r}")


def written_nouns(recs: list[dict[str, Any]], parsed_docs: list[Any]) -> frozenset[str]:
    """Lemmas of the written nominal triggers: they become candidates too."""
    out = set()
    for rec, parsed in zip(recs, parsed_docs, strict=True):
        i = written_trigger(rec, parsed)
        if i is not None and parsed[i].pos_ == "NOUN" and rec["label"] != NONE:
            out.add(parsed[i].lemma_.lower())
    return frozenset(out)


def add_written(
    ex: Examples, recs: list[dict[str, Any]], parsed_docs: list[Any], ctx: dict[str, Any]
) -> int:
    """The written sentences' triggers as examples (weighted as gold)."""
    n = 0
    for rec, parsed in zip(recs, parsed_docs, strict=True):
        i = written_trigger(rec, parsed)
        if i is None:
            continue
        feats = event_features.features(parsed, i, ctx["lex"].person_types)
        ex.add(feats, event_features.dense(parsed, [i])[0], rec["label"], GOLD_WEIGHT, rec["id"])
        n += 1
    return n


# ------------------------------------------------------------------ training


@dataclass
class Matrix:
    indptr: Any
    indices: Any
    dense: Any
    y: Any
    w: Any


def vocabulary(ex: Examples, rows: Any) -> list[str]:
    counts: Counter[str] = Counter()
    for r in rows:
        counts.update(set(ex.feats[r]))
    return sorted(f for f, c in counts.items() if c >= MIN_COUNT)


def matrix(
    ex: Examples, rows: Any, vocab: list[str], classes: list[str], vectors: Any = None
) -> Matrix:
    index = {f: j for j, f in enumerate(vocab)}
    cls = {c: k for k, c in enumerate(classes)}
    indptr = [0]
    indices: list[int] = []
    for r in rows:
        indices.extend(sorted({index[f] for f in ex.feats[r] if f in index}))
        indptr.append(len(indices))
    return Matrix(
        indptr=np.asarray(indptr, dtype=np.int64),
        indices=np.asarray(indices, dtype=np.int64),
        dense=np.asarray(
            [
                np.concatenate([ex.dense[r], vectors.slots(ex.feats[r])])
                if vectors is not None
                else ex.dense[r]
                for r in rows
            ],
            dtype=np.float64,
        ),
        y=np.asarray([cls[ex.labels[r]] for r in rows], dtype=np.int64),
        w=np.asarray([ex.weights[r] for r in rows], dtype=np.float64),
    )


def fit(m: Matrix, n_feat: int, n_cls: int) -> Any:
    """AdaGrad over a softmax; returns the float32 weight matrix the classifier loads."""
    rng = np.random.default_rng(SEED)
    mean = m.dense.mean(axis=0)
    std = m.dense.std(axis=0) + 1e-6
    xd = (m.dense - mean) / std
    ws = np.zeros((n_feat, n_cls))
    wd = np.zeros((m.dense.shape[1], n_cls))
    b = np.zeros(n_cls)
    acc_s, acc_d, acc_b = np.full_like(ws, 1e-8), np.full_like(wd, 1e-8), np.full_like(b, 1e-8)
    n = len(m.y)
    total_w = m.w.sum()
    for _ in range(EPOCHS):
        order = rng.permutation(n)
        for lo in range(0, n, BATCH):
            batch = order[lo : lo + BATCH]
            seg = np.concatenate(
                [np.full(m.indptr[e + 1] - m.indptr[e], k) for k, e in enumerate(batch)]
            ).astype(np.int64)
            idx = np.concatenate([m.indices[m.indptr[e] : m.indptr[e + 1]] for e in batch])
            logits = xd[batch] @ wd + b
            np.add.at(logits, seg, ws[idx])
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(batch)), m.y[batch]] -= 1.0
            g = p * (m.w[batch] * (n / total_w))[:, None] / len(batch)
            gd, gb = xd[batch].T @ g, g.sum(axis=0)
            rows, inv = np.unique(idx, return_inverse=True)
            gs = np.zeros((len(rows), n_cls))
            np.add.at(gs, inv, g[seg])
            gs += L2 * ws[rows]
            acc_s[rows] += gs**2
            ws[rows] -= LEARNING_RATE * gs / np.sqrt(acc_s[rows])
            acc_d += gd**2
            wd -= LEARNING_RATE * gd / np.sqrt(acc_d)
            acc_b += gb**2
            b -= LEARNING_RATE * gb / np.sqrt(acc_b)
    # fold the standardisation into the dense rows and the bias
    wd_out = wd / std[:, None]
    b_out = b - (mean / std) @ wd
    return np.vstack([ws, wd_out, b_out[None, :]]).astype(np.float32)


def train(
    ex: Examples, rows: Any, classes: list[str], vectors: Any = None
) -> tuple[list[str], Any]:
    vocab = vocabulary(ex, rows)
    return vocab, fit(matrix(ex, rows, vocab, classes, vectors), len(vocab), len(classes))


# ------------------------------------------------------------------ choosing the thresholds


# Types the model may add: material conflict (PLOVER quad class 4), withdrawals
# and releases (RETREAT) and sanctions, where the rules' recall on news is
# known to be short (issue 18); the model's other additions were mostly
# reporting and movement verbs ("taken to hospital").
ADD_TYPES = frozenset(
    {"ASSAULT", "FIGHT", "COERCE", "PROTEST", "MOBILIZE", "CRIME", "RETREAT", "SANCTION"}
)
OFF = 1.01  # a threshold no probability reaches: that use of the model is off


def meta_for(
    vocab: list[str],
    classes: list[str],
    ctx: dict[str, Any],
    thresholds: tuple[float, ...],
) -> dict[str, Any]:
    add, retype, fallback, alone = thresholds
    return {
        "version": MODEL_VERSION,
        "classes": classes,
        "features": vocab,
        "nouns": sorted(ctx["nouns"]),
        "person_types": dict(sorted(ctx["lex"].person_types.items())),
        "add_threshold": add,
        "retype_threshold": retype,
        "fallback_threshold": fallback,
        "alone_threshold": alone,
        "add_types": sorted(ADD_TYPES),
        "vectors_sha256": ctx["vectors"].digest if ctx["vectors"] is not None else None,
    }


def score_written(
    recs: list[dict[str, Any]], parsed_docs: list[Any], model: Any
) -> list[tuple[str | None, str | None]]:
    """(gold type or None for a NONE sentence, the primary event's type or None) per record,
    the events stage run with the actors and places stages as ``evaluation.events`` runs it."""
    from watchfloor.evaluation.events import _actor_stage, _depths, code_parsed, primary

    actor_find, kb = _actor_stage()
    pairs: list[tuple[str | None, str | None]] = []
    for rec, parsed in zip(recs, parsed_docs, strict=True):
        evs = code_parsed(rec["text"], parsed, actor_find, kb, model)
        best = primary(evs, _depths(parsed) if len(evs) > 1 else {})
        gold = None if rec["label"] == NONE else rec["label"]
        pairs.append((gold, best.event if best else None))
    return pairs


def written_figures(pairs: list[tuple[str | None, str | None]]) -> dict[str, float]:
    """Macro F1 over the gold types (an event on a NONE sentence is a false positive of
    its type), the share of event sentences with no event, the false-event rate."""
    types = sorted({g for g, _ in pairs if g})
    f1s = []
    for t in types:
        tp = sum(1 for g, p in pairs if g == t and p == t)
        fp = sum(1 for g, p in pairs if g != t and p == t)
        fn = sum(1 for g, p in pairs if g == t and p != t)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    events = [p for g, p in pairs if g]
    nones = [p for g, p in pairs if not g]
    return {
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "no_event_share": round(sum(p is None for p in events) / len(events), 4),
        "false_event_rate": round(sum(p is not None for p in nones) / max(len(nones), 1), 4),
    }


def fold_of(key: str, folds: int) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % folds


def cross_validate(
    ex: Examples,
    gold: tuple[list[dict[str, Any]], list[Any]],
    written: tuple[list[dict[str, Any]], list[Any]],
    classes: list[str],
    ctx: dict[str, Any],
    folds: int,
) -> dict[str, Any]:
    """Out-of-fold figures on the dev records and on the written sentences for each
    (add, retype, fallback, alone) setting; the best mean of the two macro F1s wins."""
    from watchfloor.evaluation.events import _macro_f1, score

    grid = [
        (a, r, f, n)
        for a in ADD_GRID
        for r in RETYPE_GRID
        for f in FALLBACK_GRID
        for n in ALONE_GRID
    ]
    pairs: dict[tuple[float, ...], list[Any]] = {t: [] for t in grid}
    wpairs: dict[tuple[float, ...], list[Any]] = {t: [] for t in grid}
    for k in range(folds):
        train_rows = [r for r, g in enumerate(ex.group) if not g or fold_of(g, folds) != k]
        vocab, weights = train(ex, train_rows, classes, ctx["vectors"])
        model = from_arrays(
            meta_for(vocab, classes, ctx, (OFF, OFF, OFF, OFF)), weights, ctx["vectors"]
        )
        parts = []
        for recs, parsed in (gold, written):
            part = [
                (r, p) for r, p in zip(recs, parsed, strict=True) if fold_of(r["id"], folds) == k
            ]
            parts.append(([r for r, _ in part], [p for _, p in part]))
        for t in grid:
            m = replace(
                model,
                add_threshold=t[0],
                retype_threshold=t[1],
                fallback_threshold=t[2],
                alone_threshold=t[3],
            )
            pairs[t].extend(score(parts[0][0], parts[0][1], m)["pairs"])
            wpairs[t].extend(score_written(parts[1][0], parts[1][1], m))
        print(f"fold {k}: trained on {len(train_rows)} examples", file=sys.stderr)
    plover = {t: round(_macro_f1(v), 4) for t, v in pairs.items()}
    news = {t: written_figures(v) for t, v in wpairs.items()}
    mean = {t: round((plover[t] + news[t]["macro_f1"]) / 2, 4) for t in grid}
    # best mean macro F1; on a tie the higher thresholds (the model intervenes less)
    best = max(grid, key=lambda t: (mean[t], t))
    rules = (OFF, OFF, OFF, OFF)
    return {
        "folds": folds,
        "rules": {"plover_macro_f1": plover[rules], "written": news[rules]},
        "grid": {
            "/".join(map(str, t)): {"plover_macro_f1": plover[t], "written": news[t]} for t in grid
        },
        "thresholds": list(best),
        "plover_macro_f1": plover[best],
        "written": news[best],
    }


# ------------------------------------------------------------------ main


def _cached_news(
    nlp: Any, docs: list[tuple[str, str]], ctx: dict[str, Any], cache: Path | None
) -> News:
    """parse_news, or its result read back from ``cache`` when made from the same documents."""
    import pickle
    from importlib import resources

    # the same documents, the same cue lexicon and features, the same CAMEO file
    cues = resources.files("watchfloor.knowledge").joinpath("data", "event_cues.yaml")
    parts = [repr([k for k, _ in docs]), cues.read_text("utf-8"), ctx["verbs_digest"]]
    parts.append(Path(event_features.__file__).read_text("utf-8"))
    parts.append(repr(sorted(ctx["nouns"])))
    key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    if cache is not None and cache.is_file():
        stored = pickle.loads(cache.read_bytes())
        if stored.get("key") == key:
            return News(**stored["news"])
    news = parse_news(nlp, docs, ctx)
    if cache is not None:
        cache.write_bytes(pickle.dumps({"key": key, "news": news.__dict__}))
    return news


def export(meta: dict[str, Any], weights: Any, out: Path) -> tuple[str, str]:
    """Write the weights (.npy: no timestamps, so byte-identical for identical arrays) and
    the metadata (sorted JSON) with the weights' sha256."""
    buf = io.BytesIO()
    np.save(buf, weights, allow_pickle=False)
    raw = buf.getvalue()
    meta = {**meta, "weights_sha256": hashlib.sha256(raw).hexdigest()}
    text = json.dumps(meta, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    if meta.get("vectors_sha256") and out.resolve() != SHIPPED.resolve():
        for name in (VECTORS_NPY, VECTORS_WORDS):  # the model's folder holds its vectors
            (out / name).write_bytes((SHIPPED / name).read_bytes())
    (out / MODEL_NPY).write_bytes(raw)
    (out / MODEL_JSON).write_text(text, encoding="utf-8")
    return meta["weights_sha256"], hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=SHIPPED, help="default: the shipped model")
    ap.add_argument("--news-share", type=float, default=1.0, help="share of news documents used")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: no CV)")
    ap.add_argument("--thresholds", help="ADD/RETYPE/FALLBACK/ALONE instead of cross-validation")
    ap.add_argument("--check", action="store_true", help="compare with the model in --out")
    ap.add_argument("--no-vectors", action="store_true", help="the tok2vec rows only")
    ap.add_argument("--cache", type=Path, help="keep the news examples here between runs (pickle)")
    args = ap.parse_args(argv)

    from watchfloor.evaluation.events import in_split
    from watchfloor.extract.events.lexicon import load_lexicon
    from watchfloor.extract.events.vectors import load_vectors
    from watchfloor.extract.nlp import load_nlp
    from watchfloor.knowledge.plover import load_plover

    onto = load_plover()
    cameo = args.shared / "data" / "phoenix" / "CAMEO.2.0.txt"
    ctx = {
        "lex": load_lexicon(),
        "onto": onto,
        "verbs": cameo_patterns.load(cameo),
        "verbs_digest": hashlib.sha256(cameo.read_bytes()).hexdigest(),
        "vectors": None if args.no_vectors else load_vectors(SHIPPED),
    }
    classes = [NONE, *sorted(t for t in onto.types)]
    nlp = load_nlp()
    plover = args.shared / "eval" / "event_coding" / "plover_gsr.jsonl"
    recs = [json.loads(line) for line in plover.open(encoding="utf-8")]
    recs = sorted((r for r in recs if in_split(str(r["id"]), "dev")), key=lambda r: str(r["id"]))
    for r in recs:
        r["id"] = str(r["id"])
    parsed = list(nlp.pipe((r["text"] for r in recs), batch_size=32))
    written = written_records()
    wparsed = list(nlp.pipe((r["text"] for r in written), batch_size=32))
    ctx["nouns"] = _nouns(ctx["lex"]) | written_nouns(written, wparsed)
    ex = Examples()
    n_gold = add_gold(ex, recs, parsed, ctx)
    n_written = add_written(ex, written, wparsed, ctx)
    docs = news_records(args.shared, args.news_share)
    weak = add_news(ex, _cached_news(nlp, docs, ctx, args.cache))
    print(
        f"{n_gold} gold and {n_written} written examples, {len(docs)} news documents,"
        f" weak labels {dict(weak)}",
        file=sys.stderr,
    )

    report: dict[str, Any] = {
        "gold_examples": n_gold,
        "written_examples": n_written,
        "news_documents": len(docs),
    }
    thresholds: tuple[float, ...] = (OFF, OFF, OFF, OFF)
    if args.thresholds:
        thresholds = tuple(float(x) for x in args.thresholds.split("/"))
    elif args.folds:
        cv = cross_validate(ex, (recs, parsed), (written, wparsed), classes, ctx, args.folds)
        report["cross_validation"] = cv
        thresholds = tuple(cv["thresholds"])
    vocab, weights = train(ex, list(range(len(ex.labels))), classes, ctx["vectors"])
    meta = meta_for(vocab, classes, ctx, thresholds)
    meta["training"] = {
        **report,
        "seed": SEED,
        "news_share": args.news_share,
        "examples": len(ex.labels),
        "weak_labels": dict(sorted(weak.items())),
    }
    if args.check:
        shipped = json.loads((args.out / MODEL_JSON).read_text("utf-8"))
        buf = io.BytesIO()
        np.save(buf, weights, allow_pickle=False)
        same = hashlib.sha256(buf.getvalue()).hexdigest() == shipped["weights_sha256"]
        print(json.dumps({"bit_for_bit": same, "thresholds": thresholds}))
        return 0 if same else 1
    digest, _ = export(meta, weights, args.out)
    print(json.dumps({"weights_sha256": digest, "features": len(vocab), **report}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
