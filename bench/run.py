"""make bench: throughput and memory of `watchfloor read` against a bare spaCy parse.

Corpus: at least 500 real news articles taken from the texts of the gold
corpora in ../shared/eval (never copied into the repo), round-robin over the
corpora, in a fixed order.

Figures (medians over REPEATS alternating passes, so drift hits both sides):
  * docs/s and words/s of a bare spaCy parse (nlp.pipe, the same model and batch size);
  * docs/s and words/s of `read` (ingest cleaning, parse, every stage, JSON);
  * their ratio (goal >= 0.8: our stages cost less than a quarter of the parse);
  * the cost of each stage on already-parsed documents, and the actors stage's
    median milliseconds per article (actor resolution) against the parse's;
  * peak resident memory of `watchfloor read` over the whole corpus, in a subprocess;
  * SECTIONS: docs/s of `read --workers 1` and `--workers 2` over the same texts,
    the speed-up, and each worker's peak RSS, PSS and USS (/proc/PID/smaps_rollup);
  * HTML pages/s of `document_from_html` (decode, metadata, trafilatura, our cleaner)
    on HTML_PAGES generated news pages (watchfloor.evaluation.html), against bare
    `trafilatura.extract` on the same pages;
  * story linking per document at 1k, 10k and 100k stored documents (bench/link.py);
  * p50/p99 latency of the API's endpoints under 20 local clients (bench/api.py);
  * docs/s of `watchfloor bulk` on a LocalCluster of 2 workers against 1 (bench/bulk.py).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchfloor.evaluation.corpus import shared_dir

SHARED = shared_dir()
CORPORA = (
    "event_coref/ecbplus_topics_1_35.jsonl",
    "geoparsing/lgl.jsonl",
    "attribution/polnear_train_dev.jsonl",
    "temporal/timebank.jsonl",
    "temporal/aquaint.jsonl",
)
# Articles shorter than this are headlines or stubs, longer ones are dumps:
# both distort a per-article throughput figure.
MIN_CHARS, MAX_CHARS = 400, 20_000
DEFAULT_DOCS = 600
REPEATS = 3
# Pages for the HTML figure: enough for a stable rate, a few seconds per pass.
HTML_PAGES = 300


def build_corpus(n: int) -> list[dict[str, Any]]:
    pools: list[list[dict[str, Any]]] = []
    for rel in CORPORA:
        path = SHARED / "eval" / rel
        if not path.is_file():
            sys.exit(f"bench: {path} is missing: the benchmark corpus is built from ../shared/eval")
        pool = []
        with path.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                text = rec.get("text") or ""
                if MIN_CHARS <= len(text) <= MAX_CHARS:
                    pool.append({"id": f"{path.stem}:{rec['id']}", "text": text})
        pools.append(pool)
    out: list[dict[str, Any]] = []
    i = 0
    while len(out) < n and any(i < len(p) for p in pools):
        out.extend(p[i] for p in pools if i < len(p))
        i += 1
    return out[:n]


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def stage_costs(
    docs: list[Any],
    parsed: list[Any],
    res: Any,
    actor_ms: list[float] | None = None,
    place_ms: list[float] | None = None,
) -> dict[str, float]:
    """Seconds spent in each stage over the whole corpus (docs already parsed).

    ``actor_ms`` / ``place_ms`` receive the actors / places (geoparsing) stage's
    milliseconds for each article.
    """
    from watchfloor.extract import actors, claims, events, places, sentences, times
    from watchfloor.extract.times import dct

    stages = ("sentences", "actors", "places", "times", "dct", "claims", "events")
    cost = dict.fromkeys(stages, 0.0)
    for doc, p in zip(docs, parsed, strict=True):
        t = time.perf_counter
        t0 = t()
        sents = sentences.find(p)
        t1 = t()
        am = actors.find(p, sents, res.kb, doc.dct, res.cues.sports)
        t2 = t()
        if actor_ms is not None:
            actor_ms.append((t2 - t1) * 1000)
        pm = places.find(p, sents, res.gazetteer, am, res.kb)
        t3 = t()
        if place_ms is not None:
            place_ms.append((t3 - t2) * 1000)
        tr = times.find(p, sents, doc.dct)
        t4 = t()
        dct.infer(p, sents, doc, am, res.kb, tr)
        t4b = t()
        cl = claims.find(p, sents, doc, am, res.kb, res.cues.claims)
        t5 = t()
        events.find(
            p, sents, doc, actor_mentions=am, kb=res.kb, place_mentions=pm,
            gazetteer=res.gazetteer, times=tr, claims=cl, cues=res.cues,
            classifier=res.event_model,
        )  # fmt: skip
        t6 = t()
        for k, dt_ in zip(
            cost, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4b - t4, t5 - t4b, t6 - t5), strict=True
        ):
            cost[k] += dt_
    return cost


def html_rates(n: int, repeats: int) -> dict[str, float]:
    """Pages/s of document_from_html and of bare trafilatura.extract (medians)."""
    import trafilatura

    from watchfloor.evaluation.html import build_pages, load_articles
    from watchfloor.ingest.html import document_from_html

    per_corpus = -(-n // 3)
    pages = [p.data for p in build_pages(load_articles(SHARED / "eval", per_corpus))][:n]

    def ours() -> None:
        for i, data in enumerate(pages):
            document_from_html(data, origin=str(i))

    def bare() -> None:
        for data in pages:
            trafilatura.extract(data)

    ours()  # warm-up: imports, language model
    ours_s, bare_s = [], []
    for _ in range(repeats):
        ours_s.append(timed(ours))
        bare_s.append(timed(bare))
    return {
        "html_pages": len(pages),
        "html_pages_per_s": round(len(pages) / statistics.median(ours_s), 1),
        "trafilatura_pages_per_s": round(len(pages) / statistics.median(bare_s), 1),
    }


# Gazetteer load, measured in fresh processes: wall time of load_gazetteer() and
# the growth of the resident set it causes (VmRSS after minus before).
GAZETTEER_LOADS = 5
_GAZETTEER_PROBE = """
import time
from watchfloor.knowledge.gazetteer import load_gazetteer
def rss():
    with open("/proc/self/status") as f:
        return next(int(x.split()[1]) for x in f if x.startswith("VmRSS")) / 1024
r0 = rss(); t0 = time.perf_counter(); load_gazetteer(); t1 = time.perf_counter()
print(t1 - t0, rss() - r0)
"""


def gazetteer_load(n: int = GAZETTEER_LOADS) -> dict[str, float]:
    """Median seconds and MB of RSS growth of load_gazetteer() over n fresh processes."""
    secs, mbs = [], []
    for _ in range(n):
        out = subprocess.run(
            [sys.executable, "-c", _GAZETTEER_PROBE], check=True, capture_output=True, text=True
        ).stdout.split()
        secs.append(float(out[0]))
        mbs.append(float(out[1]))
    return {
        "gazetteer_load_s_median": round(statistics.median(secs), 3),
        "gazetteer_load_rss_mb_median": round(statistics.median(mbs), 1),
    }


def peak_memory_mb(corpus_path: Path) -> float:
    """Peak RSS of `watchfloor read` over the corpus file, in a fresh process."""
    cmd = [sys.executable, "-m", "watchfloor.cli", "read", str(corpus_path)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def link_section(sizes: str) -> dict[str, Any] | None:
    """Story linking time per document at each store size (bench/link.py)."""
    if not sizes:
        return None
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import link  # bench/link.py

    print("story linking (bench/link.py):")
    out: dict[str, Any] = link.run(sorted(int(n) for n in sizes.split(",")))
    link.report(out)
    return out


def api_section(seconds: float) -> dict[str, Any] | None:
    """API latency under 20 local clients (bench/api.py); None when skipped."""
    if seconds <= 0:
        return None
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import api  # bench/api.py

    out: dict[str, Any] = api.run(20, seconds, None)
    print(f"API under 20 local clients for {seconds:.0f} s: {out['requests_per_s']} requests/s")
    for path, row in out["endpoints"].items():
        print(
            f"  {path:<28} p50 {row['p50_ms']:>7} ms  p99 {row['p99_ms']:>7} ms  "
            f"n {row['n']:>5}  errors {row['errors']}"
        )
    return out


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids += [int(k) for k in (task / "children").read_text().split()]
        except OSError:  # a thread that ended meanwhile
            continue
    return kids


def _rollup_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and USS (private clean + dirty) of a process, in MB (/proc/PID/smaps_rollup)."""
    kb: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        kb[name] = int(value.split()[0])
    uss = kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)
    return {"rss": kb["Rss"] / 1024, "pss": kb["Pss"] / 1024, "uss": uss / 1024}


def workers_section(corpus: list[dict[str, Any]], res: Any, repeats: int) -> dict[str, Any]:
    """docs/s of `read` with --workers 1 and 2 over the same texts (median of alternating
    passes), the speed-up, and each worker's peak RSS, PSS and USS (sampled every 0.2 s)."""
    import threading

    from watchfloor.flow.parallel import read_many
    from watchfloor.ingest.files import document_from_record
    from watchfloor.serialize import document_reading_to_dict

    peaks: dict[str, float] = {"rss": 0.0, "pss": 0.0, "uss": 0.0}
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(0.2):
            for kid in _children(os.getpid()):
                try:
                    mb = _rollup_mb(kid)
                except (OSError, KeyError):
                    continue
                for k, v in mb.items():
                    peaks[k] = max(peaks[k], v)

    def read(workers: int) -> None:
        docs = (document_from_record(r, r["id"]) for r in corpus)
        for doc, reading in read_many(docs, res, workers):
            if isinstance(reading, Exception):
                raise reading
            json.dumps(document_reading_to_dict(doc, reading), ensure_ascii=False)

    one, two = [], []
    sampler = threading.Thread(target=sample, daemon=True)
    for n in range(repeats):
        one.append(timed(lambda: read(1)))
        if n == 0:
            sampler.start()
        two.append(timed(lambda: read(2)))
    sampling.set()
    w1, w2 = len(corpus) / statistics.median(one), len(corpus) / statistics.median(two)
    out = {
        "read_workers_1_docs_per_s": round(w1, 2),
        "read_workers_2_docs_per_s": round(w2, 2),
        "speedup_2_workers": round(w2 / w1, 3),
        "worker_peak_rss_mb": round(peaks["rss"], 1),
        "worker_peak_pss_mb": round(peaks["pss"], 1),
        "worker_peak_uss_mb": round(peaks["uss"], 1),
        "load_average_1m_after": round(os.getloadavg()[0], 2),
        "cpus_allowed": len(os.sched_getaffinity(0)),
    }
    print(
        f"read --workers 1 : {out['read_workers_1_docs_per_s']:>7} docs/s;  --workers 2: "
        f"{out['read_workers_2_docs_per_s']} docs/s;  speed-up {out['speedup_2_workers']} "
        f"(goal >= 1.8; load average {out['load_average_1m_after']} on "
        f"{out['cpus_allowed']} CPUs)"
    )
    print(
        f"memory per worker: peak RSS {out['worker_peak_rss_mb']} MB, PSS "
        f"{out['worker_peak_pss_mb']} MB, USS {out['worker_peak_uss_mb']} MB (goal <= 900 MB)"
    )
    return out


# The sections over the corpus, run in this order after the read/parse figures;
# each is called with (corpus, resources, repeats) and returns its figures, stored
# under its name. Another section (bench/bulk.py) adds itself here.
SECTIONS: dict[str, Callable[[list[dict[str, Any]], Any, int], dict[str, Any]]] = {
    "workers": workers_section,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    ap.add_argument("--repeats", type=int, default=REPEATS)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument(
        "--link-sizes",
        default="1000,10000,100000",
        help="stored documents at which story linking is timed (bench/link.py); '' skips it",
    )
    ap.add_argument("--only-link", action="store_true", help="run the story-linking section alone")
    ap.add_argument(
        "--api-seconds",
        type=float,
        default=30.0,
        help="seconds of 20-client load on `watchfloor serve` (bench/api.py); 0 skips it",
    )
    ap.add_argument("--only-api", action="store_true", help="run the API section alone")
    ap.add_argument(
        "--only-sections",
        action="store_true",
        help="run only the SECTIONS over the corpus (--workers ...), no read/parse figures",
    )
    ap.add_argument(
        "--skip-sections",
        action="store_true",
        help="the read/parse figures and stage shares without the SECTIONS (--workers, bulk)",
    )
    args = ap.parse_args()
    if args.only_api:
        api_figures = api_section(args.api_seconds)
        if args.json:
            args.json.write_text(json.dumps({"api": api_figures}, indent=2) + "\n")
        return
    link_figures = link_section(args.link_sizes)
    if args.only_link:
        if args.json:
            args.json.write_text(json.dumps({"link": link_figures}, indent=2) + "\n")
        return

    from watchfloor.extract.pipeline import PIPE_BATCH, Resources, read_many
    from watchfloor.ingest.files import document_from_record
    from watchfloor.serialize import document_reading_to_dict

    corpus = build_corpus(args.docs)
    words = sum(len(r["text"].split()) for r in corpus)
    print(f"corpus: {len(corpus)} articles, {words:,} words, from {SHARED / 'eval'}")
    t0 = time.perf_counter()
    res = Resources.load()
    print(f"load: {time.perf_counter() - t0:.2f} s (spaCy model, actor KB, gazetteer)")
    texts = [r["text"] for r in corpus]
    if args.only_sections:
        sections = {name: run(corpus, res, args.repeats) for name, run in SECTIONS.items()}
        if args.json:
            args.json.write_text(json.dumps(sections, indent=2) + "\n")
        return

    def parse() -> None:
        for _ in res.nlp.pipe(texts, batch_size=PIPE_BATCH):
            pass

    def read() -> None:
        docs = (document_from_record(r, r["id"]) for r in corpus)
        for doc, reading in read_many(docs, res):
            if isinstance(reading, Exception):
                raise reading
            json.dumps(document_reading_to_dict(doc, reading), ensure_ascii=False)

    parse()  # warm-up: caches, lazy loads
    parse_s, read_s = [], []
    for _ in range(args.repeats):
        parse_s.append(timed(parse))
        read_s.append(timed(read))
    p_med, r_med = statistics.median(parse_s), statistics.median(read_s)
    ratio = p_med / r_med

    docs = [document_from_record(r, r["id"]) for r in corpus]
    parsed = list(res.nlp.pipe([d.text for d in docs], batch_size=PIPE_BATCH))
    actor_ms: list[float] = []
    place_ms: list[float] = []
    costs = stage_costs(docs, parsed, res, actor_ms, place_ms)
    gaz_load = gazetteer_load()
    parse_ms = p_med * 1000 / len(corpus)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in corpus), encoding="utf-8")
        peak = peak_memory_mb(path)
    html = html_rates(HTML_PAGES, args.repeats)

    figures = {
        "docs": len(corpus),
        "words": words,
        "repeats": args.repeats,
        "parse_seconds_median": round(p_med, 3),
        "read_seconds_median": round(r_med, 3),
        "parse_docs_per_s": round(len(corpus) / p_med, 1),
        "read_docs_per_s": round(len(corpus) / r_med, 1),
        "parse_words_per_s": round(words / p_med),
        "read_words_per_s": round(words / r_med),
        "ratio_read_to_parse": round(ratio, 3),
        "stage_seconds": {k: round(v, 3) for k, v in costs.items()},
        "stage_share_of_parse": {k: round(v / p_med, 3) for k, v in costs.items()},
        "parse_ms_per_article_mean": round(parse_ms, 2),
        "actors_ms_per_article_median": round(statistics.median(actor_ms), 3),
        "actors_ms_per_article_p90": round(statistics.quantiles(actor_ms, n=10)[-1], 3),
        "actors_share_of_parse": round(costs["actors"] / p_med, 4),
        "places_ms_per_article_median": round(statistics.median(place_ms), 3),
        "places_ms_per_article_p90": round(statistics.quantiles(place_ms, n=10)[-1], 3),
        **gaz_load,
        "read_peak_rss_mb": round(peak, 1),
        **html,
        "cpus": os.cpu_count(),
        "link": link_figures,
    }
    figures["api"] = api_section(args.api_seconds)
    for name, section in SECTIONS.items():
        if not args.skip_sections:
            figures[name] = section(corpus, res, args.repeats)
    print(
        f"bare spaCy parse : {figures['parse_docs_per_s']:>7} docs/s {figures['parse_words_per_s']:>8,} words/s  (median of {args.repeats})"
    )
    print(
        f"watchfloor read  : {figures['read_docs_per_s']:>7} docs/s {figures['read_words_per_s']:>8,} words/s  (median of {args.repeats})"
    )
    print(f"ratio read/parse : {ratio:.2f}   (goal >= 0.80)")
    print("stage cost, as a share of the parse time:")
    for k, v in sorted(costs.items(), key=lambda kv: -kv[1]):
        print(f"  {k:<10} {v:7.2f} s  {v / p_med:6.1%}")
    print(
        f"actor resolution : {figures['actors_ms_per_article_median']} ms/article median, "
        f"{figures['actors_ms_per_article_p90']} ms p90, against a {parse_ms:.1f} ms/article parse "
        f"(mean); {figures['actors_share_of_parse']:.1%} of the parse"
    )
    print(
        f"geoparsing       : {figures['places_ms_per_article_median']} ms/article median, "
        f"{figures['places_ms_per_article_p90']} ms p90 (places stage on parsed articles)"
    )
    print(
        f"gazetteer load   : {gaz_load['gazetteer_load_s_median']} s, "
        f"+{gaz_load['gazetteer_load_rss_mb_median']} MB RSS (median of {GAZETTEER_LOADS} "
        "fresh processes; goal < 2 s, < 500 MB)"
    )
    print(f"peak memory of `watchfloor read`: {peak:.0f} MB   (goal < 1,536 MB)")
    print(
        f"HTML pages       : {html['html_pages_per_s']:>7} pages/s  document_from_html, "
        f"{html['trafilatura_pages_per_s']} pages/s bare trafilatura ({html['html_pages']} pages)"
    )
    if not args.skip_sections:
        from bulk import bench_bulk  # bench/bulk.py: bulk on 1 and 2 local workers, same texts

        figures["bulk"] = bench_bulk(texts)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
