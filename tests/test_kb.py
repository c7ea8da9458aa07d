"""The actor KB's layers: the Phoenix importer, validation, precedence, configuration, `kb` CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from watchfloor.cli import main
from watchfloor.errors import ConfigError
from watchfloor.knowledge import phoenix
from watchfloor.knowledge.actors import ActorKB, check_kb, configured_kb_paths, load_kb

# A made-up dictionary in the Phoenix actor format (dictionaries-format.rst).
SNIPPET = """\
# a comment line
IMAGINARIA_LIBERATION_FRONT_(ILF)_ [IRQREB] # trailing comment
+FRONT_FOR_IMAGINARIA_
+ILF_
+THE_PEOPLE
+XY
+ABDULLAH

JOHN_Q_EXAMPLE_  # CountryInfo.txt
+PRESIDENT_JOHN_Q_EXAMPLE
+EXAMPLE_
\t[USAELI 600101-990119]
\t[USAGOV 990120-20050120]
\t[USAELI]

FREEDONIA_
+FREEDONIAN_
+SOME_CITY
\t[IRQ <20030320]
\t[IRQ >20060520]

BAD_DATES_PERSON_
\t[IRQGOV 20050101-20040101]
\t[IRQGOV 20100101-20120101]

NOCODE_THING_

ABDULLAH_SOMEONE_ [JORGOV]
+ABDULLAH

ABDULLAH_OTHER_ [SAUGOV]

QUIET_FRONT_(ARGENTINA)_ [IRQREB]
"""
COUNTRIES = frozenset({"IRQ", "USA", "JOR", "SAU"})


@pytest.fixture(scope="module")
def converted() -> tuple[dict[str, dict], phoenix.Stats]:
    entries, stats = phoenix.convert([("test.actors.txt", SNIPPET)], COUNTRIES)
    return {e["id"]: e for e in entries}, stats


def test_importer_converts_records_codes_aliases_and_sources(converted) -> None:
    by_id, _ = converted
    ilf = by_id["phx.imaginaria_liberation_front"]
    assert ilf["name"] == "Imaginaria Liberation Front"
    assert (ilf["type"], ilf["country"], ilf["sector"], ilf["code"]) == (
        "armed_group",
        "IRQ",
        "REB",
        "IRQREB",
    )
    assert ilf["aliases"] == ["ILF", "Front for Imaginaria"]  # "(ILF)" acronym, dup dropped
    assert ilf["source"] == "Phoenix/PETRARCH2 dictionaries (MIT), test.actors.txt:2"
    assert ilf["match"][1] == ["ilf", "2"]  # an acronym must be written in capitals


def test_importer_makes_office_holders_persons_with_dated_roles(converted) -> None:
    by_id, stats = converted
    john = by_id["phx.john_q_example"]
    assert john["type"] == "person"
    assert john["code"] == "USAGOV"  # the latest office, not the ELI default
    assert john["roles"] == [
        {"title": "USAELI", "country": "USA", "start": "1960-01-01", "end": "1999-01-19"},
        {"title": "USAGOV", "country": "USA", "start": "1999-01-20", "end": "2005-01-20"},
    ]
    assert "President John Q Example" in john["aliases"]
    bad = by_id["phx.bad_dates_person"]
    assert bad["roles"] == [
        {"title": "IRQGOV", "country": "IRQ", "start": "2010-01-01", "end": "2012-01-01"}
    ]
    assert stats.bad_dates == 1


def test_importer_skips_places_codeless_records_and_junk_aliases(converted) -> None:
    by_id, stats = converted
    assert not any("freedonia" in i for i in by_id)
    assert not any("nocode" in i for i in by_id)
    assert stats.skipped["country_or_place"] == 1
    assert stats.skipped["no_code"] == 1
    ilf = by_id["phx.imaginaria_liberation_front"]
    assert "The People" not in ilf["aliases"]  # every word common
    assert "XY" not in ilf["aliases"]  # too short
    assert "Abdullah" not in ilf["aliases"]  # alias of two actors and a given name
    assert "Abdullah" not in by_id["phx.abdullah_someone"].get("aliases", [])
    assert stats.dropped_aliases["short"] == 1
    assert stats.dropped_aliases["all_common"] == 1
    assert stats.dropped_aliases["ambiguous"] >= 2
    quiet = by_id["phx.quiet_front"]
    assert "Argentina" not in quiet.get("aliases", [])  # a qualifier, not an acronym


def test_display_case_of_phrases() -> None:
    assert phoenix.display("NURI_AL-MALIKI_") == "Nuri al-Maliki"
    assert phoenix.display("BAN_KI-MOON") == "Ban Ki-moon"
    assert phoenix.display("U.N._") == "U.N."
    assert phoenix.display("PKK") == "PKK"  # no vowel: an acronym
    assert phoenix.display("HAMAS") == "Hamas"


def test_date_restrictions() -> None:
    assert phoenix.restriction("<20030320") == (None, dt.date(2003, 3, 20))
    assert phoenix.restriction(">060520") == (dt.date(2006, 5, 20), None)
    assert phoenix.restriction("580101-040501") == (dt.date(1958, 1, 1), dt.date(2004, 5, 1))
    assert phoenix.restriction("2004017-20061201") is None
    assert phoenix.restriction("20050101-20040101") is None


def test_dump_is_deterministic_and_round_trips(converted) -> None:
    by_id, stats = converted
    doc = {"version": 1, "source": "test", "stats": stats.as_dict(), "actors": list(by_id.values())}
    a, b = phoenix.dump(doc), phoenix.dump(doc)
    assert a == b
    back = phoenix.load_bytes(a)
    assert back["fields"] == list(phoenix.FIELDS)
    assert [row[0] for row in back["actors"]] == list(by_id)


@pytest.mark.shared
def test_shipped_phoenix_layer_is_reproduced_by_the_importer(shared: Path) -> None:
    doc, _ = phoenix.build(shared / "data" / "phoenix")
    shipped = (resources.files("watchfloor.knowledge") / "data" / phoenix.OUTPUT).read_bytes()
    assert phoenix.dump(doc) == shipped, (
        "re-run: .venv/bin/python scripts/import_phoenix.py ../shared/data/phoenix"
    )


# ----------------------------------------------------------------------------- layers


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


def test_phoenix_layer_is_loaded_below_the_hand_kb(kb: ActorKB) -> None:
    assert kb.stats["phoenix"] > 15000
    assert kb.origins["hamas"][0] == "packaged"
    assert kb.lookup("Hamas").id == "hamas"
    assert "phx.hamas" not in kb  # its name is a hand alias: the hand entry wins
    ban = kb.lookup("Ban Ki-moon")
    assert ban is not None and kb.origins[ban.id][0] == "phoenix"
    assert ban.source and "Phoenix.International.actors.txt" in ban.source
    # a Phoenix alias that the KB reads as a country institution stays the institution
    assert kb.lookup("Iraqi Army").id == "irq.mil"
    assert all(not a.startswith("phx.") for a in kb.alias_ids(["iraqi", "army"]))


def test_code_on_a_date_follows_phoenix_roles(kb: ActorKB) -> None:
    clinton = kb.lookup("Bill Clinton")
    assert clinton is not None and clinton.id.startswith("phx.")
    assert kb.code_on(clinton.id, dt.date(1995, 1, 1)) == ("USAGOV", "GOV")
    assert kb.code_on(clinton.id, dt.date(1980, 1, 1)) == ("USAELI", "ELI")


USER_KB = """\
actors:
  - id: my_group
    name: Harakat Example
    type: armed_group
    country: IRQ
    aliases: [Hamas]
    source: test
  - id: hezbollah
    name: Hezbollah (user)
    type: armed_group
    source: test
"""


def test_user_files_win_over_packaged_on_alias_and_id(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(USER_KB, encoding="utf-8")
    kb = load_kb((str(user),), phoenix=False)
    assert kb.lookup("Hamas").id == "my_group"
    assert kb["hezbollah"].name == "Hezbollah (user)"
    assert kb.origins["hezbollah"] == ("user", f"{user}:8")
    assert kb.stats["user"] == 2


def test_validation_errors_name_file_and_line_and_are_all_collected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "actors:\n"
        "  - id: a\n    name: A\n    type: warlord\n    source: s\n"
        "  - id: b\n    name: B\n    type: person\n"
        "  - id: c\n    name: C\n    type: person\n    source: s\n    member_of: [nobody]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"bad\.yaml:2: actor a: unknown type 'warlord'"):
        load_kb((str(bad),), phoenix=False)
    _, errors = check_kb((str(bad),), phoenix=False)
    texts = [str(e) for e in errors]
    assert any(t.startswith(f"{bad}:2:") and "warlord" in t for t in texts)
    assert any(t.startswith(f"{bad}:6:") and "source" in t for t in texts)
    assert any(t.startswith(f"{bad}:9:") and "nobody" in t for t in texts)


def test_duplicate_id_in_one_layer_is_an_error(tmp_path: Path) -> None:
    dup = tmp_path / "dup.yaml"
    dup.write_text(
        "actors:\n  - {id: x, name: X, type: person, source: s}\n"
        "  - {id: x, name: Y, type: person, source: s}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"dup\.yaml:3: duplicate actor id 'x'"):
        load_kb((str(dup),), phoenix=False)


def test_configured_kb_paths_from_env_and_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "watchfloor.toml").write_text('[kb]\nfiles = ["a.yaml"]\n', encoding="utf-8")
    monkeypatch.setenv("WATCHFLOOR_KB", os.pathsep.join(["b.yaml", "c.yaml"]))
    got = configured_kb_paths(("d.yaml",))
    assert got == (str(tmp_path / "a.yaml"), "b.yaml", "c.yaml", "d.yaml")
    (tmp_path / "watchfloor.toml").write_text("[kb]\nfiles = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"watchfloor\.toml"):
        configured_kb_paths()


# ----------------------------------------------------------------------------- CLI


def test_kb_check_ok_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WATCHFLOOR_KB", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    runner = CliRunner()
    ok = runner.invoke(main, ["kb", "check", "--no-phoenix"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("ok: ") and "packaged" in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {id: a, name: A, type: warlord, source: s}\n", encoding="utf-8")
    res = runner.invoke(main, ["kb", "check", "--no-phoenix", str(bad)])
    assert res.exit_code == 1
    assert f"{bad}:2: actor a: unknown type 'warlord'" in res.output


def test_kb_find_office_on_a_date_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WATCHFLOOR_KB", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    runner = CliRunner()
    res = runner.invoke(
        main, ["kb", "find", "the Iraqi prime minister", "--date", "2019-03-08", "--json"]
    )
    assert res.exit_code == 0, res.output
    answer = json.loads(res.output)
    assert answer["result"]["id"] == "adel_abdul_mahdi"
    assert answer["result"]["how"] == "role" and "2019-03-08" in answer["result"]["why"]
    text = runner.invoke(main, ["kb", "find", "Kataib Hezbollah"])
    assert "resolves to: kataib_hezbollah" in text.output
    assert "layer: packaged" in text.output
    none = runner.invoke(main, ["kb", "find", "zzqx unknown"])
    assert none.exit_code == 1 and "nothing" in none.output


def test_kb_find_user_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    user = tmp_path / "mine.yaml"
    user.write_text(USER_KB, encoding="utf-8")
    monkeypatch.setenv("WATCHFLOOR_KB", str(user))
    res = CliRunner().invoke(main, ["kb", "find", "Hamas", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["result"]["id"] == "my_group"
    assert json.loads(res.output)["result"]["layer"] == "user"


def test_persons_lists_phoenix_persons_without_building_them() -> None:
    kb = load_kb.__wrapped__()  # a fresh KB: other tests may have used the cached one
    pending = len(kb.actors._raw)
    people = dict(kb.persons())
    assert len(kb.actors._raw) == pending  # nothing built
    assert people["adel_abdul_mahdi"] == "Adel Abdul-Mahdi"
    assert any(aid.startswith("phx.") for aid in people)
    assert "generic.armed_group" not in people


def test_phoenix_actors_are_built_on_first_use_only() -> None:
    kb = load_kb.__wrapped__()  # a fresh KB: other tests may have used the cached one
    assert len(kb.actors._raw) > 15000  # loading built none of them (load time, memory)
    aid = next(iter(kb.actors._raw))
    actor = kb[aid]
    assert actor.id == aid and aid not in kb.actors._raw and aid in kb


def test_role_dates_may_be_months(tmp_path: Path) -> None:
    f = tmp_path / "months.yaml"
    f.write_text(
        "actors:\n  - id: m\n    name: Month Person\n    type: person\n    source: s\n"
        '    roles: [{title: foreign_minister, country: ISR, start: "2019-02", end: "2020-05"}]\n',
        encoding="utf-8",
    )
    kb = load_kb((str(f),), phoenix=False)
    (role,) = kb["m"].roles
    assert (role.start, role.end) == (dt.date(2019, 2, 1), dt.date(2020, 5, 31))
    f = tmp_path / "bad_months.yaml"  # a new path: load_kb caches by path
    f.write_text(
        "actors:\n  - id: m\n    name: M\n    type: person\n    source: s\n"
        '    roles: [{title: x, start: "2019-13"}]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"bad_months\.yaml:6: .*YYYY-MM"):
        load_kb((str(f),), phoenix=False)


def test_kb_find_explains_a_case_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WATCHFLOOR_KB", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    res = CliRunner().invoke(main, ["kb", "find", "hamas", "--json"])
    answer = json.loads(res.output)
    assert answer["result"] is None and res.exit_code == 1
    assert any(c["id"] == "hamas" and c["how"] == "case" for c in answer["candidates"])


def test_xdg_config_file_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WATCHFLOOR_KB", raising=False)
    cfg = tmp_path / "xdg" / "watchfloor" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('[kb]\nfiles = ["base.yaml", "/abs/other.yaml"]\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "watchfloor.toml").write_text('[kb]\nfiles = ["local.yaml"]\n', encoding="utf-8")
    assert configured_kb_paths() == (
        str(cfg.parent / "base.yaml"),
        "/abs/other.yaml",
        str(tmp_path / "local.yaml"),
    )


def test_kb_import_phoenix_command_writes_a_loadable_layer(tmp_path: Path) -> None:
    src = tmp_path / "phoenix"
    src.mkdir()
    (src / phoenix.FILES[0]).write_text(SNIPPET, encoding="utf-8")
    for name in phoenix.FILES[1:]:
        (src / name).write_text("# empty\n", encoding="utf-8")
    out = tmp_path / "layer.json.gz"
    res = CliRunner().invoke(main, ["kb", "import-phoenix", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert '"country_or_place": 1' in res.output
    doc = phoenix.load_bytes(out.read_bytes())
    ids = [row[0] for row in doc["actors"]]
    assert "phx.imaginaria_liberation_front" in ids and "phx.john_q_example" in ids
