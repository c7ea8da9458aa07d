"""Shared fixtures. Tests marked ``shared`` read ../shared (seeds gold, eval corpora).

On a checkout without ../shared they are deselected, and one line says so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WATCHFLOOR_SHARED", ROOT.parent / "shared")).resolve()
HAVE_SHARED = (SHARED / "seeds" / "gold.yaml").is_file()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if HAVE_SHARED:
        return
    keep = [i for i in items if i.get_closest_marker("shared") is None]
    dropped = [i for i in items if i.get_closest_marker("shared") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        line = f"{len(dropped)} tests deselected: {SHARED} (seeds gold, eval corpora) is absent"
        if reporter is not None:
            reporter.write_line(line)
        else:
            print(line)


@pytest.fixture(scope="session")
def shared() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from watchfloor.extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def resources():  # type: ignore[no-untyped-def]
    from watchfloor.extract.pipeline import Resources

    return Resources.load()
