"""The neutral prior correction is fitted exactly as ``predict`` applies it."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from quotestance.stance.evaluation import NEUTRAL_OFFSETS, fit_neutral_bias  # noqa: E402


class FourLabelLogits:
    """A stand-in classifier whose off-topic logit wins on every favor row
    unless both neutral logits are pushed down together."""

    labels = ["favor", "against", "neutral", "neutral"]  # the fourth is `unrelated`, folded into neutral

    def logits(self, texts, target, contexts=None):
        table = {"pro": [2.0, 0.0, 0.5, 3.0], "con": [0.0, 2.0, 0.5, 1.0], "meh": [0.0, 0.0, 3.0, 1.0]}
        return torch.tensor([table[text] for text in texts])


def _rows(texts_and_labels):
    return [{"target": "t", "text": text, "label": label, "corpus": "vast", "group": "a"} for text, label in texts_and_labels]


def test_the_offset_moves_every_logit_that_counts_as_neutral():
    rows = _rows([("pro", "favor"), ("con", "against"), ("meh", "neutral")] * 3)
    offset, scores = fit_neutral_bias(FourLabelLogits(), rows)
    # favor wins on "pro" only when the unrelated logit moves too (below about -1.1); "meh" stays neutral above -3.1
    assert -3.1 < offset < -1.05 and scores["vast/all"] == pytest.approx(100.0)


def test_the_grid_reaches_well_below_minus_one():
    assert min(NEUTRAL_OFFSETS) <= -3.0 and 0.0 in NEUTRAL_OFFSETS
