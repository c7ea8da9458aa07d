"""docs/python.md runs: every python block, in order, in one namespace, asserting what it shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "python.md"
SAMPLES = ROOT / "src" / "watchfloor" / "samples"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_python_doc_has_every_part_the_issue_asks_for() -> None:
    text = "\n".join(blocks())
    for needed in (
        "watchfloor.read(",
        "watchfloor.read_many(",
        "Store.open(",
        ".events(",
        "frames",
    ):
        assert needed in text, needed


def test_python_doc_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samples = sorted(SAMPLES.glob("*.txt"))
    shutil.copy(samples[0], tmp_path / "article.txt")
    (tmp_path / "articles").mkdir()
    for s in samples:
        shutil.copy(s, tmp_path / "articles" / s.name)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for n, code in enumerate(blocks()):
        try:
            exec(compile(code, f"docs/python.md block {n}", "exec"), namespace)
        except Exception as exc:  # name the block that failed
            raise AssertionError(f"docs/python.md block {n} failed: {exc!r}\n{code}") from exc


def test_import_watchfloor_is_light_and_lists_its_api() -> None:
    import subprocess
    import sys

    code = (
        "import sys, watchfloor; "
        "heavy = [m for m in ('spacy', 'sqlalchemy', 'fastapi') if m in sys.modules]; "
        "print(heavy, sorted(set(watchfloor.__all__) - set(dir(watchfloor))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"
    import watchfloor
    import watchfloor.ingest  # a subpackage: no public name may be shadowed by one

    for name in watchfloor.__all__:
        assert getattr(watchfloor, name) is not None
        if name not in ("tables",):
            assert not hasattr(getattr(watchfloor, name), "__path__"), f"{name} is a package"
    with pytest.raises(AttributeError):
        _ = watchfloor.no_such_name  # type: ignore[attr-defined]


def test_readme_python_example_runs() -> None:
    """The README's "From Python" block runs as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", readme, re.S)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md python block", "exec"), namespace)
    assert namespace["frames"]["events"]["event"].tolist() == ["FIGHT"]  # type: ignore[index]
