"""ingest: anything -> Document (clean text, title, dct, what was removed, raw kept)."""
