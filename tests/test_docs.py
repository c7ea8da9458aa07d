"""The docs keep up with the code: every command and option is documented, the README quickstart works."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from watchfloor.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_and_option_is_in_docs_cli() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert isinstance(main, click.Group)
    for name, cmd in main.commands.items():
        assert f"## watchfloor {name}" in doc, f"docs/cli.md lacks a section for {name}"
        section = doc.split(f"## watchfloor {name}", 1)[1].split("\n## ", 1)[0]
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in section, f"{opt} of {name} is not documented"
        assert cmd.help, f"{name} has no help text"


def test_readme_quickstart_is_two_make_targets() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quickstart", 1)[1].split("```", 2)[1]
    commands = [ln.split("#")[0].strip() for ln in block.splitlines()[1:] if ln.strip()]
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test", "bench", "lint"):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_readme_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\((docs/[^)]+)\)", readme):
        assert (ROOT / link).is_file(), f"README links to missing {link}"


def test_ci_runs_make_test() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_readme_usage_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `watchfloor ...` line of the README's usage block runs and succeeds."""
    import shlex
    import shutil

    from click.testing import CliRunner

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Using it", 1)[1].split("```", 2)[1]
    commands = [
        ln.split("#")[0].strip() for ln in block.splitlines() if ln.startswith("watchfloor ")
    ]
    assert len(commands) >= 4
    samples = sorted((ROOT / "src" / "watchfloor" / "samples").glob("*.txt"))
    shutil.copy(samples[0], tmp_path / "article.txt")
    (tmp_path / "articles").mkdir()
    for s in samples:
        shutil.copy(s, tmp_path / "articles" / s.name)
    rows = [{"id": s.stem, "text": s.read_text(encoding="utf-8")} for s in samples]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    items = "".join(
        f"<item><guid>{r['id']}</guid><title>{r['id']}</title>"
        f"<description><![CDATA[{r['text']}]]></description></item>"
        for r in rows
    )
    (tmp_path / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}'
        "</channel></rss>",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for command in commands:
        words = shlex.split(command)[1:]
        out = None
        if ">" in words:
            out = words[words.index(">") + 1]
            words = words[: words.index(">")]
        result = CliRunner().invoke(main, words, catch_exceptions=False)
        assert result.exit_code == 0, (command, result.stderr)
        if out:
            Path(out).write_text(result.stdout, encoding="utf-8")
    assert len(Path("readings.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert "Situation report" in Path("report.html").read_text(encoding="utf-8")
