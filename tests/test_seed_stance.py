"""The shipped stance model on the seed: the clear cases must be right.

This loads the real default model (MiniLM + the shipped LoRA adapter), which
takes a few seconds on a CPU and needs no network."""

from __future__ import annotations

import pytest

from quotestance.stance.classifiers import DEFAULT_ADAPTER

pytestmark = pytest.mark.skipif(not (DEFAULT_ADAPTER / "adapter_config.json").exists(), reason="the shipped adapter is missing")

CLEAR = {"Viktor Orban": "favor", "Volodymyr Zelenskiy": "against", "Dan Fried": "against"}


@pytest.fixture(scope="module")
def seed_frame(seed_text, seed_gold):
    from quotestance import track

    return track(seed_text, target=seed_gold["target"], roster=seed_gold["speakers"])


KNOWN_MISSES: dict[str, str] = {}  # speaker -> why the shipped model misses that clear case


def _marks(speaker: str) -> list:
    reason = KNOWN_MISSES.get(speaker)
    return [pytest.mark.xfail(strict=True, reason=f"{reason}; see the model card's notes")] if reason else []


@pytest.mark.parametrize("speaker", [pytest.param(s, marks=_marks(s)) for s in sorted(CLEAR)])
def test_clear_cases(seed_frame, speaker):
    rows = seed_frame[seed_frame["speaker"] == speaker]
    assert len(rows) == 1
    assert rows.iloc[0]["stance"] == CLEAR[speaker], rows.iloc[0][["text", "p_favor", "p_against", "p_neutral"]].to_dict()


def test_default_model_is_offline_and_fast_enough_to_load():
    from quotestance import TransformerStance

    model = TransformerStance()
    stance = model.predict(["This summit is great news for the peace-loving people of the world."], "the summit")[0]
    assert stance.label in ("favor", "against", "neutral") and abs(sum(stance.scores.values()) - 1) < 1e-3


def test_orban_leans_toward_favor(seed_frame):
    """Even where the label misses, the clearest quote's favor/against evidence must point the right way."""
    row = seed_frame[seed_frame["speaker"] == "Viktor Orban"].iloc[0]
    assert row["p_favor"] > 3 * row["p_against"], row[["p_favor", "p_against", "p_neutral"]].to_dict()


# the reason while the shipped model gets fewer than 6 of the 7 gold stances (None once it gets there)
SEED_TARGET_MISS = ("4 of 7 with news run Z (the soup): Putin's warning that Tomahawks would 'undermine peace "
                    "prospects' (for the summit) and Trump's 'vicious weapons' (neutral on it) read as against (0.91, 0.95), "
                    "and the unnamed fragment 'back on to the Ukraine war after Hamas' (neutral) as favor (0.76); "
                    "see the model card")


@pytest.mark.xfail(SEED_TARGET_MISS is not None, strict=True, reason=SEED_TARGET_MISS or "")
def test_at_least_six_of_the_seven_gold_stances():
    from quotestance import TransformerStance
    from quotestance.stance.checks import seed_report

    report = seed_report(TransformerStance())
    assert report["right"] >= 6, report["quotes"]
