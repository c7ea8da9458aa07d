"""Place kinds (``Place.feature``) and how far a place of each kind may lie from its point.

A gazetteer place is a point; what the text names is often larger: a river is
hundreds of kilometres long, a city tens wide, an air base a few. Each kind has
a radius in km: the distance within which a reading of a place of that kind is
right, used by evaluations and available to a resolver that compares candidates
by distance. A place with an extent (a box: countries, divisions, regions,
rivers, lakes, deserts, ranges) may be off by the larger of its kind's radius
and half its box's diagonal (``radius_km``).
"""

from __future__ import annotations

import math

Box = tuple[float, float, float, float]  # south, west, north, east

# Kinds from GeoNames (the populated places and divisions of gazetteer_geonames).
POPULATED_KINDS = ("city", "capital")
DIVISION_KINDS = ("country", "admin1", "admin2")
# Kinds of the feature file (gazetteer_features.tsv.gz: OurAirports and our
# curated features.yaml); "region" also names regions.yaml and relative regions.
POINT_KINDS = (
    "airport",
    "military_base",
    "border_crossing",
    "camp",
    "dam",
    "oil_field",
    "district",
    "landmark",
)
EXTENT_KINDS = ("river", "lake", "mountain", "desert", "region", "sea")
FEATURE_KINDS = POINT_KINDS + EXTENT_KINDS
KINDS = POPULATED_KINDS + DIVISION_KINDS + FEATURE_KINDS

# Radius in km by kind; the reason for each is on its line.
KIND_RADIUS_KM: dict[str, float] = {
    "capital": 25.0,  # a capital's built-up area: Baghdad, Kyiv, Khartoum are ~20-30 km across
    "city": 15.0,  # most news cities are under 30 km across
    "admin2": 40.0,  # floor for a county or district without a box
    "admin1": 100.0,  # floor for a province without a box
    "country": 250.0,  # floor for a country without a box
    "airport": 5.0,  # runways and terminal: a few km
    "military_base": 5.0,  # an air base or garrison: a few km across
    "border_crossing": 5.0,  # the post and the queue of trucks on both sides
    "camp": 5.0,  # the largest camps (Zaatari, Kutupalong) are ~5 km across
    "dam": 10.0,  # the dam wall; its reservoir is its own lake entry
    "oil_field": 30.0,  # large fields (Rumaila, Kirkuk) are 50-100 km long
    "district": 8.0,  # a district or neighbourhood of a large city
    "landmark": 3.0,  # a building, square or bridge
    "river": 50.0,  # floor; a river's box makes it larger
    "lake": 20.0,  # floor; a lake's box makes it larger
    "mountain": 25.0,  # a peak or massif; a range's box makes it larger
    "desert": 150.0,  # floor; a desert's box makes it larger
    "region": 50.0,  # floor for a named or relative region; its box makes it larger
    "sea": 150.0,  # floor; a sea's box makes it larger
}
# Radius of a kind this table does not know (a user's own kind).
DEFAULT_RADIUS_KM = 25.0
EARTH_KM = 6371.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def radius_km(kind: str, box: Box | None = None) -> float:
    """How far a reading of a place of ``kind`` (with extent ``box``) may be from its point."""
    floor = KIND_RADIUS_KM.get(kind, DEFAULT_RADIUS_KM)
    if box is None:
        return floor
    s, w, n, e = box
    return max(floor, km(s, w, n, e) / 2)
