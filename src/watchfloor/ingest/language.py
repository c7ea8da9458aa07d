"""Which language a document is written in, with py3langid (offline, bundled model).

watchfloor's extractors read English only. A document in another language is
stored but not read, so the detector must say "I don't know" rather than
guess: it answers ``(None, confidence)`` when the text is too short to tell
or when the model is not confident. The caller decides what ``None`` means.

The model is loaded once, lazily, on first use.
"""

from __future__ import annotations

import functools
from typing import Any

NAME = "language.v1"

# Fewer letters than this (a headline fragment, a caption) and character
# n-gram statistics are noise: py3langid mislabels two-word strings freely.
MIN_LETTERS = 20
# Below this normalised probability the best language is a guess, not a
# finding. Measured: news paragraphs in en/ar/fr/fa/de score > 0.99; short
# or mixed-script strings fall to 0.3-0.8.
MIN_CONFIDENCE = 0.9
# Language is settled by the opening of an article; reading more only costs
# time (the model is linear in the bytes it reads). 1,500 characters (some 250
# words) keep every English text of the gold corpora English (tests/test_language.py)
# at a third of the cost of 4,000.
MAX_SAMPLE_CHARS = 1500
# The model separates regional varieties that share a written standard with a
# macro-language (Moroccan and Egyptian Arabic, Cantonese); a news article in
# Arabic splits its probability between them, so they are pooled under the
# ISO 639-1 code of the macro-language before the confidence test.
MACRO_LANGUAGE = {
    "ary": "ar",
    "arz": "ar",
    "yue": "zh",
    "wuu": "zh",
    "uzs": "uz",
    "sdh": "ku",
    "gug": "gn",
}
NO_LANGUAGE = "zxx"  # the model's label for text with no linguistic content


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code of ``text``'s language and the model's confidence (0..1).

    The code is None when the text has fewer than ``MIN_LETTERS`` letters or
    when the confidence is below ``MIN_CONFIDENCE``.
    """
    sample = text[:MAX_SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters < MIN_LETTERS:
        return None, 0.0
    pooled: dict[str, float] = {}
    for label, probability in _identifier().rank(sample):
        code = MACRO_LANGUAGE.get(label, label)
        pooled[code] = pooled.get(code, 0.0) + float(probability)
    lang, confidence = max(pooled.items(), key=lambda kv: kv[1])
    confidence = round(confidence, 4)
    if lang == NO_LANGUAGE or confidence < MIN_CONFIDENCE:
        return None, confidence
    return lang, confidence
