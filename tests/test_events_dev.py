"""The written ACLED-style development set (evaluation/events_dev.py): scoring and a pinned floor."""

import pytest

from watchfloor.evaluation.events_check_sample import NINE
from watchfloor.evaluation.events_dev import load_gold, score


def test_dev_set_is_coded_in_the_nine_classes() -> None:
    gold = load_gold()
    assert len(gold) >= 212
    assert {g["event"] for g in gold} <= set(NINE) | {None}
    assert sum(1 for g in gold if g["event"] is None) >= 25
    assert len({g["text"] for g in gold}) == len(gold)  # no sentence twice


def test_score_counts_false_and_missing_events() -> None:
    out = score([("FIGHT", "FIGHT"), ("ASSAULT", None), (None, "FIGHT")])
    assert out["no_event"] == 0.5
    assert out["false_events"] == 1.0
    assert out["f1"]["FIGHT"] == round(2 * 0.5 * 1.0 / 1.5, 3)


@pytest.mark.slow
def test_dev_set_quality() -> None:
    from watchfloor.evaluation.events_dev import evaluate

    out, _ = evaluate()
    # measured on the 212 sentences 0.963 / 0.043 / 0.16 (events.v5; docs/extract-events.md)
    assert out["sentences"] >= 212
    assert out["macro_f1"] >= 0.95
    assert out["no_event"] <= 0.05
    assert out["false_events"] <= 0.2
