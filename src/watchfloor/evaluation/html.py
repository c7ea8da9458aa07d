"""Main-text quality of HTML pages: our ``document_from_html`` against bare trafilatura.

The article-extraction set is built at evaluation time, deterministically, from
real news texts of the gold corpora in ``../shared/eval`` (PolNeAR, ECB+, LGL;
never copied into the repository). Each article's body paragraphs are wrapped
into a news page whose chrome is drawn, with a generator seeded by the
article's id, from realistic parts: cookie banners, site headers and
navigation, breadcrumbs, bylines and dates, share bars, inline
"Advertisement" and "Read more" lines, figures with captions, related-links
and "most read" sidebars (with headlines of *other* articles of the corpora),
newsletter boxes, tags, author boxes, readers' comments, footers, inline
scripts, styles and JSON-LD; half the pages use semantic HTML5 elements, half
anonymous ``<div>`` soup. Some pages are encoded in windows-1252 and say so in
a ``<meta charset>`` only. The gold body is the article's paragraphs, known
exactly.

Scores, per page then averaged (macro) and over all tokens (micro): bag-of-
tokens precision, recall and F1 of the extracted text against the gold body
(lower-cased ``\\w+`` tokens, multiset intersection), as in the Scrapinghub
article-extraction benchmark. Both systems read the same bytes in the same
run. The page's stated publication date is scored too: pages state one in a
varying field (or none, with a modification date as a decoy), and a reader
must return exactly the stated day, and nothing when none is stated.

    python -m watchfloor.evaluation.html [EVAL_DIR] [--limit N]

``--limit N`` takes the first N usable articles of each corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import re
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError
from watchfloor.evaluation.corpus import eval_path
from watchfloor.evaluation.metrics import prf

CORPORA = (
    "attribution/polnear_train_dev.jsonl",
    "event_coref/ecbplus_topics_1_35.jsonl",
    "geoparsing/lgl.jsonl",
)
# A body shorter than this is a stub or a headline, not an article page.
MIN_BODY_WORDS = 60
# A first line longer than this is body text, not a headline.
MAX_HEADLINE_WORDS = 25
# LGL articles are one block; pages split such text into paragraphs of about
# this many words at sentence ends, as news sites do.
PARAGRAPH_WORDS = 60
# The fixed subset the quality-gate test reads (first N usable articles of each corpus).
TEST_LIMIT = 100
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘']?[A-Z])")
_TOKEN = re.compile(r"\w+")


def default_dir() -> Path:
    return eval_path()


@dataclass(frozen=True)
class Article:
    id: str
    headline: str
    paragraphs: tuple[str, ...]
    author: str | None

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Page:
    article: Article
    data: bytes
    stated_date: dt.date | None


# --- articles from the corpora -----------------------------------------------------


def _split_long(paragraph: str) -> list[str]:
    if len(paragraph.split()) <= 2 * PARAGRAPH_WORDS:
        return [paragraph]
    out: list[str] = []
    current: list[str] = []
    for sentence in _SENT_END.split(paragraph):
        current.append(sentence)
        if sum(len(s.split()) for s in current) >= PARAGRAPH_WORDS:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def article_from_record(rec: dict[str, Any]) -> Article | None:
    """Headline and body paragraphs of one corpus record (None when too short)."""
    text = rec.get("text") or ""
    meta = rec.get("meta") or {}
    blocks = text.split("\n\n") if "\n\n" in text else text.split("\n")
    lines = [" ".join(b.split()) for b in blocks]
    lines = [ln for ln in lines if ln and not ln.startswith(("http://", "https://"))]
    title = " ".join(str(meta.get("title") or "").split())
    if title and lines and lines[0].rstrip(".") == title.rstrip("."):
        lines = lines[1:]
    elif title and lines and lines[0].startswith(title):
        lines[0] = lines[0][len(title) :].lstrip(". ")
    elif not title and len(lines) > 1 and len(lines[0].split()) <= MAX_HEADLINE_WORDS:
        title, lines = lines[0], lines[1:]
    paragraphs = tuple(p for ln in lines for p in _split_long(ln) if p)
    if not title or sum(len(p.split()) for p in paragraphs) < MIN_BODY_WORDS:
        return None
    author = meta.get("author")
    author = author if isinstance(author, str) and author not in ("", "None") else None
    return Article(id=str(rec["id"]), headline=title, paragraphs=paragraphs, author=author)


def load_articles(eval_dir: Path, limit: int | None = None) -> list[Article]:
    """The usable articles of each corpus, in file order, round-robin over corpora."""
    pools: list[list[Article]] = []
    for rel in CORPORA:
        path = eval_dir / rel
        pool: list[Article] = []
        try:
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    art = article_from_record(json.loads(line)) if line.strip() else None
                    if art is not None:
                        pool.append(art)
                    if limit is not None and len(pool) >= limit:
                        break
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read evaluation corpus: {exc}", where=str(path)) from exc
        pools.append(pool)
    out: list[Article] = []
    for i in range(max(len(p) for p in pools)):
        out.extend(p[i] for p in pools if i < len(p))
    return out


# --- page templates ----------------------------------------------------------------

_SECTIONS = ("World", "Politics", "Business", "Opinion", "Sport", "Culture", "Science", "Video")
_OUTLETS = ("The Daily Courier", "Metro Observer", "Northern Ledger", "Valley Times", "Wire24")
_AUTHORS = ("Staff Reporter", "Jordan Ellis", "Priya Raman", "M. Okafor", "Anna Kowalski")
_COMMENTS = (
    "This is exactly what I have been saying for years and nobody in charge ever listens.",
    "Does anyone know where the original report can be found? The link seems broken to me.",
    "Great reporting as always, thank you for covering this when others would not.",
    "I live nearby and can confirm things are much worse than what is described here.",
    "Another one-sided article. Where is the other side of the story?",
    "Well said.",
)
_NEWSLETTER = (
    "Sign up for our daily briefing and get the top stories delivered to your inbox.",
    "Subscribe to our newsletter",
    "Get the latest headlines in your inbox every morning. No spam, unsubscribe any time.",
)
_COOKIE = (
    "We use cookies and similar technologies to personalise content and ads, to provide "
    "social media features and to analyse our traffic. By clicking Accept you consent to "
    "our use of cookies. See our cookie policy and privacy policy for details."
)
_BIO = "{a} covers politics and security for {o}. Follow them on social media."
_STYLE = "<style>body{font-family:serif}.nav li{display:inline}.ad{min-height:250px}</style>"
_SCRIPT = (
    "<script>var googletag=googletag||{};googletag.cmd=googletag.cmd||[];"
    'window.__STATE__={"page":"article","premium":false};</script>'
)


class _Builder:
    """One page, its chrome drawn from a generator seeded by the article's id."""

    def __init__(self, art: Article, others: list[Article]) -> None:
        self.art = art
        self.rng = random.Random(zlib.crc32(art.id.encode("utf-8")))
        self.semantic = self.rng.random() < 0.5
        self.outlet = self.rng.choice(_OUTLETS)
        self.author = art.author or self.rng.choice(_AUTHORS)
        picks = self.rng.sample(range(len(others)), k=min(8, len(others))) if others else []
        self.headlines = [others[i].headline for i in picks if others[i].id != art.id]
        self.day = dt.date(2000, 1, 1) + dt.timedelta(days=self.rng.randrange(9000))

    def tag(self, semantic: str, cls: str, inner: str) -> str:
        """A semantic element or an anonymous div with a class name."""
        if self.semantic:
            return f'<{semantic} class="{cls}">{inner}</{semantic}>'
        return f'<div class="{self._cls(cls)}">{inner}</div>'

    def _cls(self, cls: str) -> str:
        # div soup: half the time the class says what it is, else it is a hashed name.
        return cls if self.rng.random() < 0.5 else f"c-{zlib.crc32(cls.encode()) % 99991:x}"

    def links(self, items: list[str]) -> str:
        return (
            "<ul>"
            + "".join(f'<li><a href="/n/{i}">{e(t)}</a></li>' for i, t in enumerate(items))
            + "</ul>"
        )

    def head(self, date_field: str) -> str:
        parts = [
            '<meta charset="{charset}">',
            f"<title>{e(self.art.headline)} | {e(self.outlet)}</title>",
            f'<meta property="og:site_name" content="{e(self.outlet)}">',
            f'<meta property="og:title" content="{e(self.art.headline)}">',
            f'<meta name="author" content="{e(self.author)}">',
            _STYLE,
            _SCRIPT,
        ]
        iso = self.day.isoformat()
        modified = (self.day + dt.timedelta(days=3)).isoformat()
        if date_field == "meta":
            parts.append(f'<meta property="article:published_time" content="{iso}T09:15:00Z">')
        elif date_field == "jsonld":
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": iso}
            parts.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
        parts.append(f'<meta property="article:modified_time" content="{modified}T10:00:00Z">')
        return "<head>" + "".join(parts) + "</head>"

    def header(self) -> str:
        nav = self.links(self.rng.sample(_SECTIONS, k=5))
        crumbs = " &gt; ".join(
            f'<a href="/{s.lower()}">{s}</a>' for s in ["Home", *self.rng.sample(_SECTIONS, 2)]
        )
        out = self.tag(
            "header",
            "site-header",
            f'<a class="logo" href="/">{e(self.outlet)}</a>' + self.tag("nav", "nav", nav),
        )
        if self.rng.random() < 0.7:
            out += self.tag("nav", "breadcrumbs", crumbs)
        return out

    def byline(self, date_field: str) -> str:
        when = self.day.strftime("%B %d, %Y").replace(" 0", " ")
        stamp = (
            f'<time datetime="{self.day.isoformat()}" pubdate>{when}</time>'
            if date_field == "time"
            else ""
        )
        return f'<p class="byline">By {e(self.author)} {stamp}</p>'

    def share(self) -> str:
        names = self.rng.sample(
            ["Facebook", "Twitter", "WhatsApp", "Email", "Print", "LinkedIn"], 4
        )
        inner = "Share: " + " ".join(f'<a href="#">{n}</a>' for n in names)
        return self.tag("div", "share-bar", inner)

    def inline_chrome(self) -> str:
        kind = self.rng.randrange(4)
        if kind == 0:
            return '<div class="ad"><span>Advertisement</span></div>'
        if kind == 1 and self.headlines:
            return f'<p class="read-more"><strong>Read more:</strong> <a href="/r">{e(self.rng.choice(self.headlines))}</a></p>'
        if kind == 2:
            cap = f"A view of the scene. Photo: {self.rng.choice(_AUTHORS)} / {self.outlet}"
            return f'<figure><img src="/i/{self.rng.randrange(999)}.jpg" alt=""><figcaption>{e(cap)}</figcaption></figure>'
        return self.share()

    def body(self) -> str:
        out = []
        for i, para in enumerate(self.art.paragraphs):
            out.append(f"<p>{e(para)}</p>")
            if i and i % 4 == 0 and self.rng.random() < 0.6:
                out.append(self.inline_chrome())
        return "".join(out)

    def after(self) -> str:
        parts = []
        if self.rng.random() < 0.6:
            tags = ", ".join(self.rng.sample(_SECTIONS, 3))
            parts.append(f'<p class="tags">Tags: {tags}</p>')
        if self.rng.random() < 0.5:
            parts.append(
                self.tag(
                    "aside", "author-bio", f"<p>{e(_BIO.format(a=self.author, o=self.outlet))}</p>"
                )
            )
        if self.rng.random() < 0.7:
            parts.append(
                self.tag(
                    "div",
                    "newsletter",
                    "<h4>Newsletter</h4>"
                    + f"<p>{e(self.rng.choice(_NEWSLETTER))}</p><form><input type=email><button>Sign up</button></form>",
                )
            )
        if self.headlines and self.rng.random() < 0.8:
            parts.append(
                self.tag(
                    "aside", "related", "<h3>Related stories</h3>" + self.links(self.headlines[:4])
                )
            )
        return "".join(parts)

    def comments(self) -> str:
        picks = self.rng.sample(_COMMENTS, k=self.rng.randrange(2, 5))
        items = "".join(
            f'<div class="comment"><p class="comment-author">user{self.rng.randrange(999)}</p><p>{e(c)}</p></div>'
            for c in picks
        )
        return self.tag("section", "comments", f"<h3>{len(picks)} Comments</h3>{items}")

    def sidebar(self) -> str:
        return self.tag("aside", "sidebar", "<h3>Most read</h3>" + self.links(self.headlines[4:8]))

    def footer(self) -> str:
        year = self.day.year
        inner = f"<p>© {year} {e(self.outlet)}. All rights reserved.</p>" + self.links(
            ["About us", "Contact", "Privacy policy", "Terms of use"]
        )
        return self.tag("footer", "site-footer", inner)

    def cookie(self) -> str:
        return f'<div id="cookie-notice" class="{self._cls("cookie-banner")}"><p>{_COOKIE}</p><button>Accept</button></div>'

    def build(self) -> Page:
        date_field = self.rng.choice(["meta", "jsonld", "time", "none"])
        article_inner = (
            f"<h1>{e(self.art.headline)}</h1>"
            + self.byline(date_field)
            + (self.share() if self.rng.random() < 0.5 else "")
            + self.tag("div", "article-body", self.body())
            + self.after()
        )
        main = self.tag("article", "article", article_inner)
        if self.semantic:
            main = f"<main>{main}</main>"
        top = self.cookie() if self.rng.random() < 0.5 else ""
        bottom = self.cookie() if not top and self.rng.random() < 0.5 else ""
        rest = (self.comments() if self.rng.random() < 0.6 else "") + (
            self.sidebar() if self.rng.random() < 0.6 else ""
        )
        page = (
            '<!DOCTYPE html><html lang="en">' + self.head(date_field) + "<body>" + top + self.header()
            + main + rest + self.footer() + bottom + "<script>console.log('loaded')</script></body></html>"
        )  # fmt: skip
        return self._encode(page, None if date_field == "none" else self.day)

    def _encode(self, page: str, stated: dt.date | None) -> Page:
        if self.rng.random() < 0.2:
            try:
                return Page(
                    self.art, page.replace("{charset}", "windows-1252").encode("cp1252"), stated
                )
            except UnicodeEncodeError:
                pass
        return Page(self.art, page.replace("{charset}", "utf-8").encode("utf-8"), stated)


def e(text: str) -> str:
    return html.escape(text, quote=True)


def build_pages(articles: list[Article]) -> list[Page]:
    return [_Builder(a, articles).build() for a in articles]


# --- scoring -----------------------------------------------------------------------


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def page_scores(pred: str, gold: str) -> tuple[int, int, int]:
    """(shared tokens, predicted tokens, gold tokens) for one page."""
    p, g = tokens(pred), tokens(gold)
    return sum((p & g).values()), sum(p.values()), sum(g.values())


def bare_trafilatura(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


def ours(data: bytes) -> str:
    from watchfloor.ingest.html import document_from_html

    try:
        return document_from_html(data, origin="eval").text
    except InputError:
        return ""


def _score(counts: list[tuple[int, int, int]]) -> dict[str, Any]:
    per_page = [prf(*c) for c in counts]
    n = max(len(per_page), 1)
    macro = {k: round(sum(s[k] for s in per_page) / n, 4) for k in ("p", "r", "f1")}
    micro = prf(*(sum(c[i] for c in counts) for i in range(3)))
    return {"macro": macro, "micro": micro}


def _date_score(pages: list[Page], days: list[tuple[dt.date | None, bool]]) -> dict[str, int]:
    """``days``: the date read from each page and whether it came from page metadata
    (else from a "Published ..." line of the article's own text, which the page states)."""
    stated = [p.stated_date for p in pages]
    from_text = sum(
        s is None and d is not None and not meta for s, (d, meta) in zip(stated, days, strict=True)
    )
    days_meta = [d if meta else None for d, meta in days]
    return {
        "from_text_line": from_text,
        "stated": sum(s is not None for s in stated),
        "correct": sum(s is not None and d == s for s, d in zip(stated, days_meta, strict=True)),
        "wrong": sum(
            s is not None and d not in (None, s) for s, d in zip(stated, days_meta, strict=True)
        ),
        "invented": sum(
            s is None and d is not None for s, d in zip(stated, days_meta, strict=True)
        ),
    }


def evaluate(path: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Token P/R/F1 of bare trafilatura and of ``document_from_html`` on the same pages."""
    from watchfloor.ingest.html import document_from_html

    articles = load_articles(Path(path) if path else default_dir(), limit)
    pages = build_pages(articles)
    systems: dict[str, Callable[[bytes], str]] = {"trafilatura": bare_trafilatura}
    counts: dict[str, list[tuple[int, int, int]]] = {"trafilatura": [], "watchfloor": []}
    seconds = dict.fromkeys(counts, 0.0)
    days: list[tuple[dt.date | None, bool]] = []
    worse = 0
    for page in pages:
        t0 = time.perf_counter()
        base = page_scores(systems["trafilatura"](page.data), page.article.body)
        t1 = time.perf_counter()
        try:
            doc = document_from_html(page.data, origin=page.article.id)
            meta = any(r.startswith("page metadata") for r in doc.dct.reasons)
            text, day = doc.text, (doc.dct.date, meta)
        except InputError:
            text, day = "", (None, False)
        t2 = time.perf_counter()
        mine = page_scores(text, page.article.body)
        counts["trafilatura"].append(base)
        counts["watchfloor"].append(mine)
        seconds["trafilatura"] += t1 - t0
        seconds["watchfloor"] += t2 - t1
        days.append(day)
        worse += prf(*mine)["f1"] < prf(*base)["f1"]
    return {
        "pages": len(pages),
        "per_corpus_limit": limit,
        "trafilatura": _score(counts["trafilatura"]),
        "watchfloor": _score(counts["watchfloor"]),
        "pages_where_ours_is_worse": worse,
        "date": _date_score(pages, days),
        "pages_per_s": {k: round(len(pages) / v, 1) if v else 0.0 for k, v in seconds.items()},
    }


def iter_pages(path: str | Path | None = None, limit: int | None = None) -> Iterator[Page]:
    """The evaluation pages themselves (for benchmarks and tests)."""
    yield from build_pages(load_articles(Path(path) if path else default_dir(), limit))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m watchfloor.evaluation.html")
    parser.add_argument("path", nargs="?", help="the eval directory (default ../shared/eval)")
    parser.add_argument("--limit", type=int, help="first N usable articles of each corpus")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.path, args.limit)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"pages: {result['pages']} ({f'first {args.limit}' if args.limit else 'all'} usable articles of each corpus)"
    )
    print("token P/R/F1 against the gold body       macro (per page)        micro (all tokens)")
    for name in ("trafilatura", "watchfloor"):
        ma, mi = result[name]["macro"], result[name]["micro"]
        print(
            f"  {name:<12} {ma['p']:.4f} {ma['r']:.4f} {ma['f1']:.4f}    "
            f"{mi['p']:.4f} {mi['r']:.4f} {mi['f1']:.4f}    "
            f"{result['pages_per_s'][name]} pages/s"
        )
    print(f"pages where ours scores lower: {result['pages_where_ours_is_worse']}")
    d = result["date"]
    print(
        f"stated publication date: {d['correct']}/{d['stated']} correct, {d['wrong']} wrong, "
        f"{d['invented']} invented on {result['pages'] - d['stated']} pages that state none "
        f"({d['from_text_line']} dated by a 'Published ...' line of their own text)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
