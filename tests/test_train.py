"""The training command's shipping step, on a tiny random encoder built here.

Full fine-tuning ships as a LoRA adapter cut from each tuned matrix's change
by SVD: at full rank it must reproduce the tuned model; at a lower rank it is
smaller and only approximates it."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from quotestance.stance.classifiers import InputFormat, TransformerStance  # noqa: E402
from quotestance.stance.finetune import _base_classifier, extract_adapter, finish_adapter, heal, input_format, is_tuned  # noqa: E402
from quotestance.stance.train import _parse  # noqa: E402

QUOTES = ["the summit is great news", "moscow opposes the peace summit", "weapons"]


@pytest.fixture(scope="module")
def tuned(tiny_stance, pretend_tuned, tmp_path_factory) -> Path:
    """The tiny encoder after a pretend fine-tuning: every tuned tensor moved."""
    return pretend_tuned(tiny_stance, tmp_path_factory.mktemp("tuned"), seed=3)


def _shipped(tuned: Path, base: str, rank: int, folder: Path) -> TransformerStance:
    extract_adapter(tuned, rank, folder, base=Path(base))
    finish_adapter(folder, base_name=base)
    return TransformerStance(folder, dtype="fp32")


def test_tuned_parameters_are_what_an_adapter_can_carry():
    assert is_tuned("bert.encoder.layer.0.attention.self.query.weight")
    assert is_tuned("bert.encoder.layer.5.output.dense.weight")
    assert is_tuned("classifier.bias") and is_tuned("bert.pooler.dense.bias")
    assert not is_tuned("bert.encoder.layer.0.attention.self.query.bias")
    assert not is_tuned("bert.encoder.layer.0.output.LayerNorm.weight")
    assert not is_tuned("bert.embeddings.word_embeddings.weight")


def test_full_rank_adapter_reproduces_the_tuned_model(tuned, tiny_stance, tmp_path):
    reference = TransformerStance(tuned, dtype="fp32").logits(QUOTES, "the summit")
    shipped = _shipped(tuned, tiny_stance, 16, tmp_path / "full")  # hidden size 16: rank 16 is exact
    assert torch.allclose(shipped.logits(QUOTES, "the summit"), reference, atol=2e-3)
    assert (tmp_path / "full" / "adapter_config.json").read_text().count(tiny_stance) == 1  # the base, not the tuned folder


def test_low_rank_adapter_is_smaller_and_approximate(tuned, tiny_stance, tmp_path):
    reference = TransformerStance(tuned, dtype="fp32").logits(QUOTES, "the summit")
    full = _shipped(tuned, tiny_stance, 16, tmp_path / "full")
    low = _shipped(tuned, tiny_stance, 2, tmp_path / "low")
    size = {name: (tmp_path / name / "adapter_model.safetensors").stat().st_size for name in ("full", "low")}
    assert size["low"] < size["full"]
    assert not torch.allclose(low.logits(QUOTES, "the summit"), reference, atol=2e-3)
    assert torch.allclose(full.logits(QUOTES, "the summit"), reference, atol=2e-3)


def test_a_model_tuned_beyond_what_an_adapter_carries_is_refused(tiny_stance, tmp_path):
    model = _base_classifier(seed=3, base=Path(tiny_stance))
    with torch.no_grad():
        model.bert.embeddings.word_embeddings.weight.add_(1.0)
    model.save_pretrained(str(tmp_path / "tuned"))
    with pytest.raises(ValueError, match="word_embeddings"):
        extract_adapter(tmp_path / "tuned", 4, tmp_path / "out", base=Path(tiny_stance))


def test_a_four_label_model_ships_its_unrelated_label(tiny_four_label, tmp_path):
    from transformers import AutoTokenizer

    model = _base_classifier(seed=3, base=Path(tiny_four_label), labels=("favor", "against", "neutral", "unrelated"))
    with torch.no_grad():
        model.classifier.bias.copy_(torch.tensor([0.0, 0.0, 0.0, 5.0]))
    model.save_pretrained(str(tmp_path / "tuned"))
    AutoTokenizer.from_pretrained(tiny_four_label).save_pretrained(str(tmp_path / "tuned"))
    extract_adapter(tmp_path / "tuned", 4, tmp_path / "ship", base=Path(tiny_four_label))
    finish_adapter(tmp_path / "ship", base_name=tiny_four_label, labels=("favor", "against", "neutral", "unrelated"))
    plain = TransformerStance(tmp_path / "ship", dtype="fp32")
    assert [s.label for s in plain.predict(QUOTES, "the summit")] == ["neutral"] * len(QUOTES)
    assert all(s.scores["neutral"] < 0.9 for s in TransformerStance(tmp_path / "ship", dtype="fp32", on_topic=True).predict(QUOTES, "the summit"))


def test_healing_brings_a_cut_adapter_back_toward_the_tuned_model(tuned, tiny_stance, tmp_path):
    """Training the rank-2 adapter on the tuned model's own predictions must
    bring its probabilities closer to the tuned model's than the bare SVD cut's."""
    texts = [f"{word} the summit {other}" for word in ("backs", "hates", "mentions", "praises") for other in ("today", "again", "loudly", "now")]
    reference = TransformerStance(tuned, dtype="fp32").logits(texts, "the summit")
    labels = [("favor", "against", "neutral")[i] for i in reference.argmax(-1).tolist()]
    rows = [{"target": "the summit", "text": t, "label": label, "corpus": "vast", "group": "a"} for t, label in zip(texts, labels)]
    cut = _shipped(tuned, tiny_stance, 2, tmp_path / "ship").logits(texts, "the summit")
    args = _parse(["--output", str(tmp_path / "ship"), "--work-dir", str(tmp_path / "work"), "--heal-epochs", "30",
                   "--learning-rate", "0.01", "--batch-size", "8"])
    heal(args, tuned, rows, base=Path(tiny_stance), label_weight=0.0)
    finish_adapter(tmp_path / "ship", base_name=tiny_stance)
    healed = TransformerStance(tmp_path / "ship", dtype="fp32").logits(texts, "the summit")
    gap = lambda logits: (logits.softmax(-1) - reference.softmax(-1)).abs().mean()  # noqa: E731
    assert gap(healed) < 0.5 * gap(cut)


def test_healing_is_refused_for_a_directly_trained_adapter():
    with pytest.raises(SystemExit):
        _parse(["--output", "x", "--method", "lora", "--heal-epochs", "1"])


def test_training_seed_defaults_to_the_data_seed_and_can_differ():
    assert _parse(["--output", "x", "--seed", "7"]).train_seed == 7
    args = _parse(["--output", "x", "--seed", "7", "--train-seed", "8", "--semeval-repeat", "2"])
    assert (args.seed, args.train_seed, args.semeval_repeat, args.semeval_balance) == (7, 8, 2, False)
    assert _parse(["--output", "x", "--semeval-balance"]).semeval_balance
    with pytest.raises(SystemExit):
        _parse(["--output", "x", "--semeval-repeat", "0"])


def test_the_checkpoint_is_chosen_by_news_dev_among_those_within_the_other_bounds():
    from quotestance.stance.finetune import choose_checkpoint
    from quotestance.stance.train import missed_rules

    scored = {"checkpoint-1": {"news": 69.4, "vast/all": 71.0, "semeval/tweeteval": 65.6},
              "checkpoint-2": {"news": 69.8, "vast/all": 70.6, "semeval/tweeteval": 62.8}}
    bounds = ["vast/all>=68.5", "semeval/tweeteval>=63.1"]
    assert choose_checkpoint(scored) == "checkpoint-2"
    assert choose_checkpoint(scored, lambda s: not missed_rules(bounds, s)) == "checkpoint-1"
    assert choose_checkpoint(scored, lambda s: False) == "checkpoint-2"  # none within: news dev alone
    args = _parse(["--output", "x", "--ship-rule", "news>69.5", "--choose-within-rule"])
    assert args.choose_within_rule and not _parse(["--output", "x"]).choose_within_rule


def test_a_run_that_misses_its_ship_rule_is_named_and_a_bad_rule_refused():
    from quotestance.stance.train import missed_rules

    dev = {"news": 68.2, "vast/all": 68.7, "semeval/tweeteval": 61.8}
    assert missed_rules(["news>69.1", "vast/all>=68.5", "semeval/tweeteval>=63.1"], dev) == [
        "news 68.2 against >69.1", "semeval/tweeteval 61.8 against >=63.1"]
    assert missed_rules(["news>68.2"], dev) == ["news 68.2 against >68.2"] and missed_rules(["news>=68.2"], dev) == []
    assert missed_rules(["contrast>1"], dev) == ["contrast None against >1"]
    with pytest.raises(SystemExit):
        _parse(["--output", "x", "--ship-rule", "news=69"])


def test_the_self_marker_needs_the_speaker_input(capsys):
    args = _parse(["--output", "x", "--speaker-input", "--self-marker"])
    assert input_format(args) == InputFormat(speaker=True, self_marker=True)
    assert not input_format(_parse(["--output", "x", "--speaker-input"])).self_marker
    with pytest.raises(SystemExit):
        _parse(["--output", "x", "--self-marker"])
    assert "needs --speaker-input" in capsys.readouterr().err


def test_a_rule_over_seeds_is_judged_on_the_mean_of_their_dev(tmp_path):
    import json

    from quotestance.stance.card import _rule_over_seeds
    from quotestance.stance.train import mean_scores, missed_rules, shipped_dev

    other = tmp_path / "seed-14"
    other.mkdir()
    (other / "metrics.json").write_text(json.dumps({"dev": {"news": 69.0, "semeval/tweeteval": 65.0, "contrast": 1}}))
    mean = mean_scores([{"news": 68.0, "semeval/tweeteval": 61.8}, shipped_dev(other)])
    assert mean == pytest.approx({"news": 68.5, "semeval/tweeteval": 63.4})  # contrast: not in every run
    assert missed_rules(["semeval/tweeteval>=63.1"], mean) == []
    assert "mean of dev as shipped over 2 training seeds" in _rule_over_seeds({"rule_dev": {"seeds": 2, "mean": mean}})
    assert _rule_over_seeds({}) == ""
    with pytest.raises(SystemExit, match="run that seed's command first"):
        shipped_dev(tmp_path / "missing")
    (other / "metrics.json").write_text("{}")
    with pytest.raises(SystemExit, match="holds no dev scores"):
        shipped_dev(other)
    assert _parse(["--output", "x", "--rule-over-seeds", "a", "b"]).rule_over_seeds == [Path("a"), Path("b")]


def test_the_card_says_how_renamed_copies_and_the_consistency_term_were_trained():
    from quotestance.stance.card import _renamed_copies
    from quotestance.stance.train import _parse

    base = ["--output", "x", "--contrast-repeat", "1"]
    assert _renamed_copies(_parse(base)) == ""
    plain = _renamed_copies(_parse(base + ["--swap-targets", "2"]))
    assert "2 times (`--swap-targets`)" in plain and "Jensen-Shannon" not in plain
    anchored = _renamed_copies(_parse(base + ["--swap-targets", "2", "--consistency", "1", "--consistency-batches", "anchored"]))
    assert "the trainer's own length-grouped batches" in anchored and "at weight 1 (`--consistency`)" in anchored
    grouped = _renamed_copies(_parse(base + ["--swap-targets", "1", "--consistency", "0.3"]))
    assert "1 time (" in grouped and "batches drawn by whole groups" in grouped and "at weight 0.3" in grouped
