"""The situation report's tables count what they say they count."""

from __future__ import annotations

import datetime as dt

from watchfloor.extract.pipeline import read
from watchfloor.views.report.model import build
from watchfloor.vocab import Dct, DctHow, Document


def _doc(text: str) -> Document:
    return Document(
        id="d1",
        text=text,
        raw=text,
        content_hash="h",
        dct=Dct(date=dt.date(2024, 5, 2), how=DctHow.GIVEN),
    )


def test_places_table_counts_locations_apart_from_other_uses(resources) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(
        "Clashes in Kirkuk\n\nWashington said on Tuesday that Iraqi forces clashed with "
        "militants in Kirkuk. Washington warned Tehran."
    )
    rep = build([read(doc, resources)])
    rows = {p.name: p for p in rep.places}
    assert rows["Kirkuk"].mentions == 2 and rows["Kirkuk"].other_uses == 0
    # only named as actors ("Washington said") or adjectives: not a location of anything
    assert "Washington" not in rows and "Washington, D.C." not in rows
    assert all(p.mentions > 0 for p in rep.places)
