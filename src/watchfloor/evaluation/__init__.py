"""Evaluations of each extractor against the public gold corpora in ../shared/eval.

Each module has ``evaluate(path) -> dict`` and a ``main`` that prints the figures;
the quality-gate tests pin them.
"""
