"""Where a document comes from, as a prior for its places (issue 19, homonyms).

Owns ``outlet_country``: the country of an outlet read from the country-code
top-level domain of its web address, and ``outlet_home``: the name of the
outlet's web domain, in which a local paper names its town
("parisbeacon.com", "palestineherald.com", "jordannews.com"), and the town
of a "<town>_news" section of its path ("/dublin_news/"): a toponym of
that name in its articles is the outlet's home town, decided by the article's
other places rather than by fame (``places.HOME_TOWN``). The country ("thisisoxfordshire.co.uk" -> GBR,
"lfpress.ca" -> CAN, "sptimes.ru" -> RUS). Generic domains (.com, .org, .net,
.info ...) say nothing and give None: a ".com" outlet can be anywhere. The
places stage gives the outlet's country a bonus (``places.OUTLET_COUNTRY``),
so a local paper's "London" or "Richmond" is its own.

Also owns the outlet's **state** from its other articles (``outlet_state``): the
first-level division that most of them place their toponyms in ("Mansfield" in a
Fort Worth paper's article that names no state is Mansfield, Texas: the paper's
other articles are about Texas; ``places.OUTLET_STATE``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from watchfloor.extract.places.resolve import HOME_MIN_CHARS
from watchfloor.extract.places.toponym import Toponym
from watchfloor.knowledge.gazetteer import Gazetteer
from watchfloor.vocab import PlaceMention

# Country-code domains whose two letters are not the country's ISO 3166 alpha-2
# code ("uk" for GB), and two-letter domains sold as generic names (".tv",
# ".io", ".co", ".me", ".fm", ".ly": used worldwide, not by their countries).
CCTLD_EXCEPTIONS: dict[str, str | None] = {
    "uk": "GBR",
    "tv": None,
    "io": None,
    "co": None,
    "me": None,
    "fm": None,
    "ly": None,
    "ai": None,
    "cc": None,
    "ws": None,
    "eu": None,
}


@lru_cache(maxsize=1)
def _alpha2() -> dict[str, str]:
    import pycountry

    return {c.alpha_2.lower(): c.alpha_3 for c in pycountry.countries}


def outlet_country(url: str | None) -> str | None:
    """The ISO3 country of a web address's country-code domain; None when generic."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) != 2:
        return None
    if tld in CCTLD_EXCEPTIONS:
        return CCTLD_EXCEPTIONS[tld]
    return _alpha2().get(tld)


# Second-level labels of country-code domains under which names are registered
# ("bbc.co.uk", "ahram.org.eg"): the name is the label before them.
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc"})


def outlet_home(url: str | None) -> str | None:
    """The registered name of a web address's domain ("parisbeacon" of
    "www.parisbeacon.com", "augusta" of "chronicle.augusta.com"), with the town of a
    "<town>_news" section of its path after a "|" ("columbuslocalnews|dublin");
    None without a domain."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    labels = [x for x in host.lower().split(".") if x]
    if len(labels) < 2:
        return None
    labels.pop()  # the top-level domain
    if len(labels) >= 2 and labels[-1] in SECOND_LEVEL:
        labels.pop()
    if not labels:
        return None
    section = _section(urlsplit(url if "//" in url else f"//{url}").path)
    return f"{labels[-1]}|{section}" if section else labels[-1]


# A path segment naming a local paper's town section ("/dublin_news/" of
# columbuslocalnews.com, "/arlington_news/" of star-telegram.com), not a topic.
SECTION_ENDS = ("_news", "-news")
SECTION_TOPICS = frozenset(
    {"local", "world", "national", "breaking", "latest", "top", "sports", "business",
     "state", "regional", "area", "community", "daily", "city", "metro", "us", "international"}
)  # fmt: skip


def _section(path: str) -> str | None:
    """The town of a "<town>_news" path segment, joined ("dublin"); None without one."""
    for segment in path.lower().split("/"):
        for end in SECTION_ENDS:
            stem = segment[: -len(end)] if segment.endswith(end) else ""
            words = stem.replace("-", "_").split("_")
            if stem and all(w.isalpha() for w in words) and words[-1] not in SECTION_TOPICS:
                return "".join(words)
    return None


def outlet_key(url: str | None) -> str | None:
    """The outlet of a web address: its host without "www." ("star-telegram.com");
    None without one, or for an address that does not parse ("http://[x"). Articles
    with one key share their outlet's history."""
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:
        return None
    return host.removeprefix("www.") or None


# The outlet's state: a first-level division in which at least OUTLET_STATE_MIN of
# the outlet's other articles place a toponym, and at least OUTLET_STATE_SHARE of
# them, more than any other division (LGL dev split: share 1/3 and 1/2 alike, 2/3
# lower; at least 3 articles lower than 2: 0.8446).
OUTLET_STATE_MIN = 2
OUTLET_STATE_SHARE = 0.5
STATE_FEATURES = frozenset({"city", "capital", "admin2"})


def article_states(mentions: Iterable[PlaceMention], gazetteer: Gazetteer) -> frozenset[int]:
    """The article's main first-level divisions (geonameids): the state (or states, on
    a tie) that most of its locational mentions name or place a town or county in.
    Every mention counts (LGL dev split: e2e 0.8557; every state named once, 0.8506)."""
    return states_of(((m.place_id, m.metonymic) for m in mentions), gazetteer)


def states_of(mentions: Iterable[tuple[str, bool]], gazetteer: Gazetteer) -> frozenset[int]:
    """``article_states`` of (place id, metonymic) pairs (the store's place mention rows);
    a place id the gazetteer does not know counts for nothing."""
    counts: Counter[int] = Counter()
    for place_id, metonymic in mentions:
        kind, _, gid = place_id.partition(":")
        if metonymic or kind != "geonames" or not gid.isdigit():
            continue
        try:
            e = gazetteer.entry(int(gid))
        except KeyError:
            continue
        if e.feature == "admin1":
            counts[e.gid] += 1
        elif e.feature in STATE_FEATURES and e.admin1 is not None:
            counts[e.admin1] += 1
    top = max(counts.values(), default=0)
    return frozenset(state for state, n in counts.items() if n == top)


@dataclass(frozen=True)
class OutletCounts:
    """An outlet's history in counts: how many of its articles were read, and per
    first-level division (geonameid) how many of them have it among their
    ``article_states`` (what the store keeps per outlet, ``Store.outlet_counts``)."""

    articles: int = 0
    states: Mapping[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, history: Iterable[frozenset[int]]) -> OutletCounts:
        """The counts of the ``article_states`` of each of the outlet's articles."""
        counts: Counter[int] = Counter()
        articles = 0
        for states in history:
            articles += 1
            counts.update(states)
        return cls(articles, dict(counts))

    def without(self, states: frozenset[int]) -> OutletCounts:
        """The counts less one article of these states (an article re-read: its own
        earlier reading is not its outlet's other article)."""
        left = {s: n - (s in states) for s, n in self.states.items()}
        return OutletCounts(max(self.articles - 1, 0), {s: n for s, n in left.items() if n > 0})

    def state(self) -> int | None:
        """The outlet's state, if clear: see OUTLET_STATE_MIN and OUTLET_STATE_SHARE
        (the lower geonameid first on equal counts, then refused as a tie)."""
        ranked = sorted(self.states.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
        if not ranked:
            return None
        state, top = ranked[0]
        runner = ranked[1][1] if len(ranked) > 1 else 0
        if top < OUTLET_STATE_MIN or top < OUTLET_STATE_SHARE * self.articles or top == runner:
            return None
        return state


def outlet_state(history: Iterable[frozenset[int]]) -> int | None:
    """The state the outlet's other articles are about (``article_states`` of each),
    if clear: see OUTLET_STATE_MIN and OUTLET_STATE_SHARE; None otherwise."""
    return OutletCounts.of(history).state()


def mark_home(toponyms: list[Toponym], home: str | None) -> None:
    """Toponyms whose name the outlet's domain holds ("Paris" in parisbeacon.com)."""
    if not home:
        return
    for t in toponyms:
        compact = t.key.replace(" ", "")
        t.home = t.region is None and len(compact) >= HOME_MIN_CHARS and compact in home
        if t.home:
            t.scores.clear()  # the base scores screening memoised were not the home's
            t.best = None  # nor the best candidate chosen by them


def article_city(
    toponyms: list[Toponym], results: list[tuple[str | None, float]], gazetteer: Gazetteer
) -> tuple[str, float] | None:
    """The city the article is about: the city or capital its toponyms resolve to most
    often (the first of them on a tie), with its probability; None without one."""
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, float]] = {}
    for i, (topo, (place_id, score)) in enumerate(zip(toponyms, results, strict=True)):
        if place_id is None or topo.region is not None or not place_id.startswith("geonames:"):
            continue
        if gazetteer.get(place_id).feature not in ("city", "capital"):
            continue
        counts[place_id] = counts.get(place_id, 0) + 1
        first.setdefault(place_id, (i, score))
    if not counts:
        return None
    best = max(counts, key=lambda p: (counts[p], -first[p][0]))
    return best, first[best][1]
