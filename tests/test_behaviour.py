"""The CheckList-style behavioural suite: its cases, its scoring, and the
shipped model's pass rates on the capabilities the project promises."""

from __future__ import annotations

import pytest

from quotestance import Stance
from quotestance.evaluate.behaviour import Case, cases, format_report, run
from quotestance.stance.classifiers import DEFAULT_ADAPTER

PROMISED = ("explicit support", "explicit opposition", "negation", "off-topic")


class _Echo:
    """Answers favor when the quote holds 'support', against otherwise."""

    def predict(self, quotes, target, contexts=None):
        return [Stance("favor" if "support" in str(q) else "against") for q in quotes]


def test_the_suite_covers_every_capability_with_enough_cases():
    suite = cases()
    assert len(suite) >= 300
    capabilities = {c.capability for c in suite}
    assert capabilities == {"explicit support", "explicit opposition", "negation", "hedges and conditionals", "sarcasm",
                            "off-topic", "target paraphrased or by pronoun", "speaker is the target", "name invariance"}
    assert all(c.expected is None and c.group for c in suite if c.capability == "name invariance")


def test_scoring_counts_labels_and_invariance_groups():
    suite = [Case("explicit support", "I support it.", "x", "favor"), Case("explicit support", "Bad.", "x", "favor"),
             Case("name invariance", "I support a.", "a", None, group="g"), Case("name invariance", "I support b.", "b", None, group="g"),
             Case("name invariance", "I support c.", "c", None, group="h"), Case("name invariance", "No.", "d", None, group="h")]
    report = run(_Echo(), suite)
    assert report == {"explicit support": (1, 2), "name invariance": (2, 4)}
    assert "50.0%" in format_report(report)


@pytest.fixture(scope="module")
def shipped_report():
    if not (DEFAULT_ADAPTER / "adapter_config.json").exists():
        pytest.skip("the shipped adapter is missing")
    from quotestance import TransformerStance

    return run(TransformerStance())


# Capabilities the shipped model does not yet pass, with its rate: strict, so they fail once they pass.
MISSES: dict[str, str] = {}  # capability -> why the shipped model misses its bar


def _marked(capability: str):
    reason = MISSES.get(capability)
    return pytest.param(capability, marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [])


@pytest.mark.parametrize("capability", [_marked(c) for c in PROMISED])
def test_the_shipped_model_passes_the_promised_capabilities(shipped_report, capability):
    passed, total = shipped_report[capability]
    assert passed / total >= 0.9, shipped_report


def test_the_shipped_model_is_invariant_to_the_target_name(shipped_report):
    passed, total = shipped_report["name invariance"]
    assert passed == total, shipped_report
