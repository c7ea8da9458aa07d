"""One error hierarchy for the whole library.

    WatchfloorError
     +-- InputError        a document or file cannot be read (names the input)
     +-- ConfigError       a setting, KB file or model is wrong or missing
     +-- StoreError        the database cannot be opened, migrated or written
     +-- ExtractionError   an extractor failed on a document (a bug, kept with the doc)

Library code raises these; only the CLI (and later the web layer) turns them
into messages and exit codes. Each message is one line that names the input.
"""

from __future__ import annotations


class WatchfloorError(Exception):
    """Base of every error watchfloor raises on purpose."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        self.reason = message
        super().__init__(f"{where}: {message}" if where else message)


class InputError(WatchfloorError):
    """An input (file, batch line, URL) cannot be turned into a Document.

    ``data`` holds the offending bytes (or a bounded prefix) so the input can
    be quarantined with its error instead of dropped.
    """

    def __init__(self, message: str, *, where: str | None = None, data: bytes | None = None):
        super().__init__(message, where=where)
        self.data = data


class ConfigError(WatchfloorError):
    """A setting, knowledge-base file or installed model is wrong or missing."""


class StoreError(WatchfloorError):
    """The store cannot be opened, migrated, read or written."""


class ExtractionError(WatchfloorError):
    """An extractor failed on one document."""
