"""English number words: one table for every stage that reads a count or a quantity.

Stages take what they need from it: the time normalizer adds "a", "couple"
and scale words, the source and casualty counters start at two ("one of
whom" is no count of people).
"""

from __future__ import annotations

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

# zero..nineteen, and the tens up to ninety.
CARDINALS: dict[str, int] = {
    **{w: n for n, w in enumerate(_ONES)},
    **{w: 20 + 10 * n for n, w in enumerate(_TENS)},
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
