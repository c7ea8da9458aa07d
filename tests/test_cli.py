"""The command line end to end: read, ingest, report, demo, and bad input in a batch."""

from __future__ import annotations

import json
import sqlite3
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from watchfloor.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "watchfloor" / "samples"
SEEDS = sorted(str(p) for p in SAMPLES.glob("*.txt"))
HOSTILE = (
    "<script>alert('title')</script> Militia | threatens *bases*\n\n"
    "The militia said on Monday it would attack US bases in Iraq. "
    '<img src=x onerror="alert(1)"> [click](javascript:alert(2)) `code`\n'
)


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def bad_inputs(tmp: Path) -> list[str]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 100)
    (tmp / "latin1.txt").write_bytes("Caf\u00e9 bombing in Mosul, police said.\n".encode("latin-1"))
    with (tmp / "huge.txt").open("wb") as h:
        h.truncate(50 * 1024 * 1024)
    (tmp / "batch.jsonl").write_text(
        '{"id": "j1", "text": "Troops move\\n\\nUS troops moved to Kirkuk on Friday."}\n'
        '{"id": "j2", "text": \n'
        '{"id": "j3", "text": "Talks\\n\\nIraqi officials met Iranian envoys in Baghdad."}\n',
        encoding="utf-8",
    )
    return [
        str(tmp / n) for n in ("empty.txt", "binary.txt", "latin1.txt", "huge.txt", "batch.jsonl")
    ]


def test_help_for_every_command() -> None:
    for cmd in ([], ["read"], ["ingest"], ["report"], ["demo"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_read_prints_one_json_object_per_document() -> None:
    result = run("read", *SEEDS, "--dct", "2019-03-10")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    assert [d["title"][:12] for d in docs] == ["US forces de", "Unprecedente"]
    for d in docs:
        assert d["dct"] == {
            "date": "2019-03-10",
            "earliest": "2019-03-10",
            "latest": "2019-03-10",
            "how": "given",
            "reasons": ["--dct"],
        }
        assert {"actors", "places", "times", "claims", "events", "removed"} <= d.keys()


def test_read_without_dct_infers_a_range_never_a_day() -> None:
    result = run("read", SEEDS[1], "--explain-date")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["dct"]["date"] is None and out["dct"]["how"] == "inferred"
    assert out["dct"]["earliest"] == "2021-01-01" and out["dct"]["latest"] is None
    assert "published between 2021-01-01 and now (open-ended) (inferred)" in result.stderr
    assert "Coordination Framework" in result.stderr
    # relative dates stay unresolved: a range is not a day
    assert all(t["value"] is None for t in out["times"] if t["reason"] == "needs_dct")


def test_explain_date_for_an_undatable_text(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Talks\n\nOfficials met on Tuesday to discuss the border.", encoding="utf-8")
    result = run("read", str(f), "--explain-date")
    assert "published unknown (unknown)" in result.stderr
    assert "nothing in the text or the knowledge base dates it" in result.stderr


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    paths = bad_inputs(tmp_path)
    result = run("read", SEEDS[0], *paths)
    assert result.exit_code == 1
    ids = [json.loads(line)["id"] for line in result.stdout.strip().split("\n")]
    assert ids[1:] == ["j1", "j3"] and len(ids) == 3
    errors = result.stderr.strip().split("\n")
    assert len(errors) == 6  # five bad inputs, then the summary
    for needle in (
        "empty.txt: empty",
        "binary.txt: binary",
        "latin1.txt: not valid utf-8",
        "huge.txt: file is",
        "batch.jsonl:2: malformed JSON",
    ):
        assert any(needle in e for e in errors), needle
    assert errors[-1] == "watchfloor: error: 5 of 8 inputs failed"


def test_bad_dct_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["read", SEEDS[0], "--dct", "10/03/2019"])
    assert result.exit_code == 2
    assert "is not a YYYY-MM-DD date" in result.stderr


def test_ingest_is_idempotent_and_quarantines_failures(tmp_path: Path) -> None:
    db = str(tmp_path / "wf.db")
    first = run("ingest", *SEEDS, "--db", db)
    assert first.exit_code == 0, first.stderr
    assert "2 read, 2 new, 0 duplicate, 0 failed" in first.stderr
    second = run("ingest", *SEEDS, *bad_inputs(tmp_path), env={"WATCHFLOOR_DB": db})
    assert second.exit_code == 1
    assert "9 read, 2 new, 2 duplicate, 5 failed" in second.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 4
        assert con.execute("select count(*) from quarantine").fetchone()[0] == 5


def test_report_markdown_and_html_escape_article_text(tmp_path: Path) -> None:
    db = str(tmp_path / "wf.db")
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    assert run("ingest", *SEEDS, str(tmp_path / "hostile.txt"), "--db", db).exit_code == 0
    md = run("report", "--db", db).stdout
    assert "# Situation report" in md and "## Key events" in md and "## Open questions" in md
    assert "<script>" not in md and "<img" not in md and "](javascript" not in md
    out = tmp_path / "r" / "report.html"
    result = run("report", "--db", db, "--format", "html", "--out", str(out))
    assert result.exit_code == 0 and f"wrote {out}" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in unescape(html)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(" in html
    assert "GeoNames" in html


def test_demo_writes_a_store_and_reports(tmp_path: Path) -> None:
    result = run("demo", "--dir", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.stderr
    rounds = ["round 1: 1 read, 1 new", "round 2: 1 read, 1 new"]
    assert all(r in result.stdout for r in rounds)
    html = (tmp_path / "demo" / "report.html").read_text(encoding="utf-8")
    assert "Situation report" in html and "Kirkuk" in html
    # the final report says what the second sample added since the first round's report
    md = (tmp_path / "demo" / "report.md").read_text(encoding="utf-8")
    new = md.split("## What is new", 1)[1].split("## Documents", 1)[0]
    assert "1 new document: D2 Unprecedented US Military" in new and "**new**" in new
    first = (tmp_path / "demo" / "report-1.md").read_text(encoding="utf-8")
    assert "First recorded report" in first
    again = run("demo", "--dir", str(tmp_path / "demo"))
    assert all(r in again.stdout for r in rounds)  # a fresh store each time


@pytest.mark.parametrize("url", ["postgresql://user:secret@db.example/x"])
def test_passwords_never_echoed(url: str) -> None:
    from watchfloor.cli.options import safe_url

    assert "secret" not in safe_url(url)


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    from watchfloor.cli.options import Progress
    from watchfloor.flow import Tally

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    tally = Tally(read=2, new=2)
    counted: list[str] = []

    def total() -> int:
        counted.append("x")
        return 4

    for stream in (tty, pipe):
        with Progress(tally, total, stream) as bar:
            bar.tick()
    assert counted == ["x"]  # inputs are counted only where a bar is drawn
    assert "[###############---------------] 2/4  2 read, 2 new" in tty.getvalue()
    assert pipe.getvalue() == ""


def test_count_inputs_matches_what_is_read(tmp_path: Path) -> None:
    from watchfloor.ingest.files import count_inputs, read_paths

    paths = [*SEEDS, *bad_inputs(tmp_path), str(tmp_path)]
    assert count_inputs(paths) == len(list(read_paths(paths)))


def test_report_on_a_missing_store_is_an_error_not_an_empty_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 2
    assert "typo.db: no store here" in result.stderr
    assert not (tmp_path / "typo.db").exists()


FRENCH = (
    "Les forces américaines en alerte\n\n"
    "Les forces américaines ont déclaré un état d'alerte en Irak après des menaces de "
    "factions armées contre leurs bases, selon un site israélien qui cite des sources du "
    "renseignement. Le bureau du Premier ministre irakien a publié un communiqué vendredi."
)


def test_other_languages_are_stored_not_read(tmp_path: Path) -> None:
    f = tmp_path / "fr.txt"
    f.write_text(FRENCH, encoding="utf-8")
    result = run("read", str(f))
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["language"] == "fr" and out["note"].startswith("language 'fr' is not read")
    assert out["events"] == [] and out["actors"] == [] and out["text"].startswith("Les forces")
    assert f"watchfloor: note: {f}: language 'fr' is not read" in result.stderr
    db = str(tmp_path / "wf.db")
    ingested = run("ingest", str(f), "--db", db)
    assert (
        ingested.exit_code == 0
        and "1 new" in ingested.stderr
        and "stored, not read" in ingested.stderr
    )


def test_read_a_saved_html_page() -> None:
    page = Path(__file__).parent / "data" / "html" / "wire_story.html"
    result = run("read", str(page))
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["title"] and out["language"] == "en" and out["text"]
    assert "<" not in out["text"]


def test_times_command_shows_values_rules_and_refusals(tmp_path: Path) -> None:
    text = "On Friday, the office said the talks held last Wednesday, the sixth of this March, had failed."
    result = run("times", text, "--dct", "2019-03-10")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "0  3-9  'Friday'  DATE  2019-03-08  [date.weekday, anchor dct]"
    assert "'last Wednesday, the sixth of this March'  DATE  2019-03-06" in lines[1]
    bare = run("times", "@" + str(_write(tmp_path / "a.txt", "The meeting ended yesterday.")))
    assert "'yesterday'  DATE  null (needs_dct)" in bare.stdout
    rows = [json.loads(x) for x in run("times", text, "--json").stdout.splitlines()]
    assert [r["value"] for r in rows] == [None, None] and rows[0]["reason"] == "needs_dct"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_times_command_shows_closed_ranges_and_vague_windows() -> None:
    text = "Talks were held between March 6 and 8. Attacks rose in recent weeks."
    lines = run("times", text, "--dct", "2019-03-10").stdout.splitlines()
    assert "'March 6 and 8'  DATE  2019-03-06/2019-03-08  [date.range" in lines[0]
    assert "PAST_REF covers 2019-02-10/2019-03-10" in lines[1]
