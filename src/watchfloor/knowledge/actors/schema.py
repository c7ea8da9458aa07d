"""The KB file format: its layers, sections and fields, the actor types, and the
readers that check one field's value (a role, a founding or dissolution date, a
country code, a list of strings), raising ConfigError with file and line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from watchfloor.errors import ConfigError
from watchfloor.vocab import Role

PACKAGED = "actors.yaml"


# Layers, lowest first: a higher layer wins on the same id or the same alias.
LAYER_PHOENIX, LAYER_PACKAGED, LAYER_USER = 0, 1, 2
LAYER_NAMES = {LAYER_PHOENIX: "phoenix", LAYER_PACKAGED: "packaged", LAYER_USER: "user"}


# Actor types a KB entry may declare (a typo in a user file is an error, not a new type).
ACTOR_TYPES = frozenset(
    {
        "state_military",
        "police",
        "intelligence",
        "government",
        "head_of_state",
        "head_of_government",
        "minister",
        "legislature",
        "judiciary",
        "armed_group",
        "political_party",
        "political_movement",
        "coalition",
        "igo",
        "ngo",
        "media",
        "person",
        "religious_or_ethnic_group",
        "civilians",
        "business",
        "state",
    }
)
NON_STATE_COUNTRIES = frozenset({"IGO", "NGO", "IMG", "MNC"})
ACTOR_KEYS = frozenset(
    {
        "id",
        "name",
        "type",
        "country",
        "code",
        "sector",
        "aliases",
        "member_of",
        "roles",
        "wikidata",
        "generic",
        "source",
        "founded",
        "dissolved",
    }
)
_ORG_DATE_KEYS = frozenset({"date", "source"})
_ROLE_KEYS = frozenset({"title", "country", "start", "end", "source"})
CLASS_KEYS = frozenset(
    {"key", "name", "type", "sector", "generic", "nouns", "of_nouns", "bare", "context_country"}
)
SECTIONS = frozenset(
    {"version", "demonyms", "country_names", "classes", "titles", "agent_rule", "actors"}
)


@dataclass(frozen=True, slots=True)
class OrgDate:
    """When an organisation came into being or ceased to exist, as the KB states it.

    ``day`` is the conservative bound the statement allows: the first day of
    the period for a founding ("2021" -> 2021-01-01), the last for a
    dissolution ("2016" -> 2016-12-31). ``text`` is the value as written.
    """

    day: dt.date
    text: str
    source: str


_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def org_date(value: Any, which: str, aid: str, at: str) -> OrgDate:
    """``{date: 2021 | "2014-06" | 2017-01-28, source: "..."}`` -> OrgDate."""
    if not isinstance(value, dict) or not isinstance(value.get("source"), str):
        raise ConfigError(f"actor {aid}: {which} must be {{date: ..., source: ...}}", where=at)
    unknown = {k for k in value if not k.startswith("__")} - _ORG_DATE_KEYS
    if unknown:
        raise ConfigError(f"actor {aid}: {which} has unknown field(s) {sorted(unknown)}", where=at)
    raw = value.get("date")
    if isinstance(raw, dt.date):
        return OrgDate(raw, raw.isoformat(), value["source"])
    m = _YEAR_MONTH.match(str(raw)) if isinstance(raw, (int, str)) else None
    if m is None or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        raise ConfigError(
            f"actor {aid}: {which} date must be YYYY, YYYY-MM or YYYY-MM-DD", where=at
        )
    year, month = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    if which == "founded":
        day = dt.date(year, month or 1, 1)
    elif month is None:
        day = dt.date(year, 12, 31)
    else:
        day = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return OrgDate(day, str(raw), value["source"])


def role(r: Any, where: str, at: str, aid: str) -> Role:
    if not isinstance(r, dict) or not isinstance(r.get("title"), str):
        raise ConfigError(f"actor {aid}: a role needs a string 'title'", where=at)
    at = at_line(where, r.get("__line__"))
    unknown = {k for k in r if not k.startswith("__")} - _ROLE_KEYS
    if unknown:
        raise ConfigError(f"actor {aid}: role has unknown field(s) {sorted(unknown)}", where=at)
    start = _role_day(r.get("start"), "start", aid, at)
    end = _role_day(r.get("end"), "end", aid, at)
    if start is not None and end is not None and end < start:
        raise ConfigError(f"actor {aid}: role ends ({end}) before it starts ({start})", where=at)
    return Role(
        title=r["title"], country=r.get("country"), start=start, end=end, source=r.get("source")
    )


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _role_day(value: Any, which: str, aid: str, at: str) -> dt.date | None:
    """A role bound: a YYYY-MM-DD date, or "YYYY-MM" when only the month is known.

    A month stands for its first day as a start and its last day as an end, so
    a tenure known to the month never claims less than it may have covered
    (a handover month then matches both holders: ambiguous, not guessed).
    """
    if value is None or isinstance(value, dt.date):
        return value
    m = _MONTH.match(value) if isinstance(value, str) else None
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise ConfigError(
            f"actor {aid}: role {which} must be a YYYY-MM-DD date or YYYY-MM", where=at
        )
    year, month = int(m.group(1)), int(m.group(2))
    if which == "start":
        return dt.date(year, month, 1)
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


@lru_cache(maxsize=512)
def known_country(iso: str) -> str | None:
    import pycountry

    if not isinstance(iso, str) or len(iso) != 3:
        return None
    c = pycountry.countries.get(alpha_3=iso)
    return c.alpha_3 if c else None


def at_line(where: str, line: Any) -> str:
    return f"{where}:{line}" if isinstance(line, int) else where


def str_list(value: Any, where: str, owner: Any, name: str) -> list[str]:
    line = owner.get("__line__") if isinstance(owner, dict) else None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{name!r} must be a list of strings", where=at_line(where, line))
    return value
