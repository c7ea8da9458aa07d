"""The hook the store calls after it adds a document: how linking, and a user's plugin, join in.

``Store.add`` stores a new document and its reading, then, in the same
transaction, calls every installed ``AddHook`` in ``order``. A hook reads and
writes through the ``AddContext`` it is handed (the store's own primitives for
the copy and story tables, and the connection for a plugin's own tables), so
a crash leaves the document and what its hooks wrote together, or neither.
What a hook returns (``{"copy_of": ..., "story_id": ...}``) comes back in
``AddResult.links``.

The store imports no hook: they are found as entry points of the group
``watchfloor.hooks`` of the installed distributions. watchfloor registers its
own there (``pyproject.toml``: ``copies`` and ``stories``, in
``watchfloor.link.hooks``), exactly as a plugin would::

    [project.entry-points."watchfloor.hooks"]
    my_hook = "my_package.hooks:MyHook"    # a class or an instance with the AddHook methods

``Store.open(url, hooks=...)`` takes an explicit sequence instead (``()``:
none, for a store that only reads or a bulk load that links later).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Protocol, runtime_checkable

import sqlalchemy as sa

from watchfloor.errors import ConfigError
from watchfloor.store.link_tables import CopyTables, StoryTables
from watchfloor.vocab import Document, Reading

ENTRY_POINT_GROUP = "watchfloor.hooks"


@dataclass(frozen=True)
class AddContext:
    """What a hook may use inside the transaction of one ``Store.add``."""

    connection: sa.Connection
    copies: CopyTables
    stories: StoryTables

    @classmethod
    def of(cls, conn: sa.Connection) -> AddContext:
        return cls(conn, CopyTables(conn), StoryTables(conn))


@runtime_checkable
class AddHook(Protocol):
    """Called for each newly stored document (not for a duplicate of stored content)."""

    name: str
    order: int  # lower runs first; watchfloor's own: copies 10, stories 20

    def prepare(self, document: Document, reading: Reading) -> Any:
        """Work done before the write lock is taken (it may be slow); passed to ``after_add``."""

    def after_add(
        self, ctx: AddContext, document: Document, reading: Reading, prepared: Any
    ) -> Mapping[str, Any]:
        """Do the hook's work in the add's transaction; what it found, for ``AddResult.links``."""


def installed_hooks() -> tuple[AddHook, ...]:
    """The hooks registered as ``watchfloor.hooks`` entry points, in ``order`` then name.

    Raises ConfigError when one cannot be loaded, or when watchfloor itself is
    not installed (its own linking is registered the same way: running from a
    source tree without ``pip install -e .`` would silently link nothing).
    """
    try:
        metadata.distribution("watchfloor")
    except metadata.PackageNotFoundError:
        raise ConfigError(
            "watchfloor is not installed as a distribution, so its store hooks (story "
            "linking, near-duplicates) cannot be found: run `pip install -e .` (or `make install`)"
        ) from None
    hooks: list[AddHook] = []
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            found = ep.load()
            hook = found() if isinstance(found, type) else found
        except Exception as exc:  # a plugin's import error must name the plugin
            raise ConfigError(
                f"store hook {ep.name!r} ({ep.value}) cannot be loaded: {exc}"
            ) from exc
        if not isinstance(hook, AddHook):
            raise ConfigError(f"store hook {ep.name!r} ({ep.value}) is not an AddHook")
        hooks.append(hook)
    return ordered(hooks)


def ordered(hooks: Sequence[AddHook]) -> tuple[AddHook, ...]:
    """Hooks in the order they run: ``order``, then name."""
    return tuple(sorted(hooks, key=lambda h: (h.order, h.name)))
