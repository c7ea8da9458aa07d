"""Where a document comes from, as a prior for its places (issue 19, homonyms).

Owns ``outlet_country``: the country of an outlet read from the country-code
top-level domain of its web address, and ``outlet_home``: the name of the
outlet's web domain, in which a local paper names its town
("parisbeacon.com", "palestineherald.com", "jordannews.com"): a toponym of
that name in its articles is the outlet's home town, decided by the article's
other places rather than by fame (``places.HOME_TOWN``). The country ("thisisoxfordshire.co.uk" -> GBR,
"lfpress.ca" -> CAN, "sptimes.ru" -> RUS). Generic domains (.com, .org, .net,
.info ...) say nothing and give None: a ".com" outlet can be anywhere. The
places stage gives the outlet's country a bonus (``places.OUTLET_COUNTRY``),
so a local paper's "London" or "Richmond" is its own.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

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
    "www.parisbeacon.com", "augusta" of "chronicle.augusta.com"); None without one."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    labels = [x for x in host.lower().split(".") if x]
    if len(labels) < 2:
        return None
    labels.pop()  # the top-level domain
    if len(labels) >= 2 and labels[-1] in SECOND_LEVEL:
        labels.pop()
    return labels[-1] if labels else None
