"""extract: the pure function ``Document -> Reading`` (see ``pipeline``), one module per stage."""
