"""One error hierarchy for the whole library.

    WatchfloorError
     +-- InputError        a document or file cannot be read (names the input)
     |    +-- RefusedAddress   a URL whose host is, or resolves to, an address we do not fetch
     +-- ConfigError       a setting, KB file or model is wrong or missing
     +-- StoreError        the database cannot be opened, migrated or written
     +-- NotFoundError     an id the store does not hold (the web layer's 404)
     +-- ExtractionError   an extractor failed on a document (a bug, kept with the doc)
     +-- DeliveryError     an alert could not be delivered to one sink

Library code raises these; only the CLI and the web layer turn them into
messages, exit codes and HTTP statuses. Each message is one line that names
the input.
"""

from __future__ import annotations

import copy


class WatchfloorError(Exception):
    """Base of every error watchfloor raises on purpose."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        self.reason = message
        super().__init__(f"{where}: {message}" if where else message)

    def at(self, where: str) -> WatchfloorError:
        """This error, naming ``where`` as its input (a copy; itself when it names one)."""
        if self.where:
            return self
        located = copy.copy(self)
        located.where = where
        located.args = (f"{where}: {self.reason}",)
        return located


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


class RefusedAddress(InputError):
    """A URL whose host is, or resolves to, an address we do not fetch."""


class NotFoundError(WatchfloorError):
    """An id the store does not hold: ``kind`` ("document", "story" ...) and ``id``."""

    def __init__(self, kind: str, id: str) -> None:
        super().__init__(f"no {kind} {id!r}")
        self.kind = kind
        self.id = id


class DeliveryError(WatchfloorError):
    """An alert could not be delivered to one sink."""
