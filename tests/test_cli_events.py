"""`watchfloor events` and `watchfloor export`: readable events and PLOVER records."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from watchfloor.cli import main
from watchfloor.views.common.export import plover_record

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "samples"
SEED0 = str(next(SAMPLES.glob("000_*.txt")))
SEED1 = str(next(SAMPLES.glob("001_*.txt")))
PLOVER_KEYS = {
    "id", "date", "event", "mode", "context", "source", "target", "event_text",
    "event_loc", "size", "dead", "injured", "story_id", "publication", "version",
}  # fmt: skip


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_events_text_view_shows_who_what_whom_where_when_per_whom() -> None:
    result = run("events", SEED0, "--dct", "2019-03-10")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "MOBILIZE/troops  reported" in out
    # the reinforcement claim rests on Debka, which rests on Israeli intelligence sources
    assert "Israeli intelligence sources (anonymous) <- Debka (media)" in out
    assert "Kirkuk" in out or "Iraq, IRQ" in out
    assert "who:" in out and "to whom:" in out and "trigger:" in out


def test_events_json_filters_by_type_and_modality() -> None:
    result = run("events", SEED1, "--json", "--modality", "denied")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["events"] and all(e["modality"] == "denied" for e in doc["events"])
    denial = doc["events"][0]
    assert denial["event"] == "COOPERATE"
    claim = next(c for c in doc["claims"] if c["id"] == denial["claim"])
    assert claim["sources"][0]["name"] == "Yahya Rasool"
    result = run("events", SEED1, "--json", "--type", "ASSAULT", "--type", "AID")
    assert json.loads(result.stdout)["events"] == []


def test_events_undated_article_keeps_dates_unknown() -> None:
    result = run("events", SEED1, "--json")
    doc = json.loads(result.stdout)
    # no publication date and no absolute date in the text: nothing invented
    assert doc["events"] and all(e["date"] is None for e in doc["events"])
    assert "date unknown" in run("events", SEED1).stdout


def test_events_bad_input_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("events", str(tmp_path / "empty.txt"), SEED1)
    assert result.exit_code == 1
    assert result.stdout.startswith("== ")  # the good input is still printed
    errors = [line for line in result.stderr.splitlines() if "empty.txt" in line]
    assert len(errors) == 1 and errors[0].startswith("watchfloor: error:")


def test_events_escape_hostile_text(tmp_path: Path) -> None:
    hostile = tmp_path / "h.txt"
    hostile.write_text(
        "Militia threatens\u202e bases\n\nThe militia\u200b threatened to attack US bases "
        "in Iraq on Monday, its spokesman\u202e said.\n",
        encoding="utf-8",
    )
    result = run("events", str(hostile), "--dct", "2024-01-10")
    assert result.exit_code == 0
    assert "THREATEN" in result.stdout
    assert "\u202e" not in result.stdout and "\u200b" not in result.stdout


def test_export_plover_and_jsonl_from_the_store(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    assert run("ingest", SEED0, "--dct", "2019-03-10", "--db", db).exit_code == 0
    assert run("ingest", SEED1, "--db", db).exit_code == 0
    out = tmp_path / "ev.jsonl"
    result = run("export", "--db", db, "--format", "plover", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert rows and all(set(r) >= PLOVER_KEYS for r in rows)
    assert {r["event"] for r in rows} >= {"MOBILIZE", "COOPERATE", "CONSULT"}
    # unknown stays unknown: no day for seed 001, nothing guessed for uncoded fields
    undated = [r for r in rows if r["story_id"] != rows[0]["story_id"]]
    assert undated and all(r["date"] is None for r in undated)
    assert all(r["dead"] is None and r["context"] is None for r in rows)
    denial = next(r for r in rows if r["watchfloor"]["modality"] == "denied")
    assert denial["watchfloor"]["claim"]["sources"][0]["name"] == "Yahya Rasool"
    docs = run("export", "--db", db).stdout.splitlines()
    assert len(docs) == 2 and json.loads(docs[0])["contract"]


def test_export_refuses_a_missing_store(tmp_path: Path) -> None:
    result = run("export", "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == 2
    assert "no store here" in result.stderr


def test_plover_date_is_a_day_only_when_the_event_has_one() -> None:
    doc = {"id": "d", "claims": [], "events": []}
    ev = {"id": "e1", "event": "FIGHT", "modality": "asserted", "trigger": {"text": "clashed"}}
    assert plover_record(doc, {**ev, "date": "2019-03-06"})["date"] == "2019-03-06"
    ranged = plover_record(doc, {**ev, "date": "2019-03-06/2019-03-10"})
    assert ranged["date"] is None and ranged["watchfloor"]["date"] == "2019-03-06/2019-03-10"
    assert plover_record(doc, {**ev, "date": None})["date"] is None


def test_export_geojson_acled_parquet(tmp_path: Path) -> None:
    import csv

    import pyarrow.parquet as pq

    db = str(tmp_path / "w.db")
    assert run("ingest", SEED0, "--dct", "2019-03-10", "--db", db).exit_code == 0
    geo = json.loads(run("export", "--db", db, "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and geo["features"]
    for f in geo["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["iso3"]
    assert geo["watchfloor"]["unplaced"] >= 0
    total = len(geo["features"]) + geo["watchfloor"]["unplaced"]
    rows = list(csv.DictReader(run("export", "--db", db, "--format", "acled").stdout.splitlines()))
    assert len(rows) == total
    assert all(r["fatalities"] == "" for r in rows)  # not coded: empty, never 0
    dated = [r for r in rows if r["event_date"]]
    assert dated and all(r["time_precision"] == "1" for r in dated)
    assert run("export", "--db", db, "--format", "parquet").exit_code == 2  # needs --out
    out = tmp_path / "e.parquet"
    assert run("export", "--db", db, "--format", "parquet", "--out", str(out)).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == total and str(table.schema.field("latitude").type) == "double"


def test_acled_csv_cells_cannot_run_as_formulas() -> None:
    import io

    from watchfloor.views.common.export import write

    doc = {
        "id": "d",
        "text": '=HYPERLINK("http://x") the militia attacked.',
        "claims": [],
        "events": [
            {
                "id": "e1",
                "event": "ASSAULT",
                "modality": "asserted",
                "actor": [{"entity_text": "+militia", "code": None}],
                "sentence": {"index": 0, "start": 0, "end": 44},
            }
        ],
    }
    buf = io.StringIO()
    write([doc], "acled", buf)
    row = buf.getvalue().splitlines()[1]
    assert ",'=HYPERLINK" in row.replace('"', "") and "'+militia" in row
