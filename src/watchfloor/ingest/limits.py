"""The bounds every reader of inputs applies (files, batches, web pages), and the content hash.

Hostile or broken input is refused by size, by its share of control
characters, and by the length of a title line; a refused input keeps its
first QUARANTINE_PREFIX_BYTES in quarantine.
"""

from __future__ import annotations

import hashlib

# One article is at most a few hundred KB; 2 MB leaves room for long reports
# while staying under spaCy's 1,000,000-character max_length per document.
MAX_DOCUMENT_BYTES = 2_000_000
MAX_TEXT_CHARS = 1_000_000
# Share of control characters (other than tab/newline/CR/FF) above which a
# file is treated as binary: text has none, binary formats have many.
MAX_CONTROL_SHARE = 0.01
# A title is one line; longer first lines are body text.
MAX_TITLE_CHARS = 300
# How much of a failed input is kept in quarantine: enough to see what it was.
QUARANTINE_PREFIX_BYTES = 65_536


def content_hash(data: bytes) -> str:
    """The id of a content: the sha256 of its bytes, in hex."""
    return hashlib.sha256(data).hexdigest()
