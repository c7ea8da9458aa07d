"""Country-class actors recoded by the places stage's reading: a court or council named
after a place that is another country's division is that country's (``with_places``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from watchfloor.extract.actors.document import COUNTRY_CLASS_ID
from watchfloor.knowledge.actors import ActorKB
from watchfloor.vocab import ActorMention

if TYPE_CHECKING:
    from watchfloor.knowledge.gazetteer import Gazetteer


def with_places(
    mentions: tuple[ActorMention, ...],
    place_mentions: Iterable[Any],
    gazetteer: Gazetteer,
    kb: ActorKB,
) -> tuple[ActorMention, ...]:
    """Country-class actors named after a place the places stage read as another
    country's division: "the Georgia Supreme Court" in an Atlanta story is the
    United States' judiciary (a state court), not Georgia's (issue 19). The class is
    kept; the country is the place's. Run after ``places.find`` on these mentions."""
    places = list(place_mentions)
    out = []
    for m in mentions:
        actor = kb[m.actor_id]
        recoded = None
        if COUNTRY_CLASS_ID.match(m.actor_id) and actor.country:
            for p in places:
                if not (m.span.start <= p.span.start and p.span.end <= m.span.end):
                    continue
                place = gazetteer.get(p.place_id)
                if (
                    place.country
                    and place.country != actor.country
                    and place.feature
                    in (
                        "admin1",
                        "admin2",
                    )
                ):
                    recoded = kb.class_actor(place.country, m.actor_id.split(".", 1)[1])
                    break
        out.append(replace(m, actor_id=recoded) if recoded else m)
    return tuple(out)
