"""A weight soup: the mean of several runs' checkpoints, shipped as one run.

Built on the tiny random encoder: two pretend fine-tunings of it, averaged,
must give exactly the mean of their tuned tensors, load as a model, and ship
as an adapter; checkpoints that cannot be averaged, or come from another mix,
are refused with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from quotestance.stance.finetune import _base_classifier, checkpoints, extract_adapter, finish_adapter, is_tuned  # noqa: E402
from quotestance.stance.soup import SOUP_NAME, average_checkpoints, soup_run  # noqa: E402
from quotestance.stance.train import _parse, missed_rules, suite_names, suite_scores  # noqa: E402


@pytest.fixture
def pretend_run(pretend_tuned, tiny_stance):
    """``make(folder, seed, rows)``: a work dir holding one pretend checkpoint
    of the tiny encoder and the ``run.json`` a training run writes beside it."""
    def make(folder: Path, seed: int, rows: int = 100) -> Path:
        checkpoint = pretend_tuned(tiny_stance, folder / "checkpoint-20", seed)
        (folder / "run.json").write_text(json.dumps({"train_rows": rows, "minutes": 2.5, "device": "cpu"}))
        return checkpoint

    return make


def _weights(folder: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(folder / "model.safetensors"))


def test_the_soup_is_the_mean_of_each_tuned_tensor_and_ships(pretend_run, tiny_stance, tmp_path):
    first = pretend_run(tmp_path / "a", seed=1)
    second = pretend_run(tmp_path / "b", seed=2)
    run = soup_run([first, second], tmp_path / "soup", train_rows=100)
    assert run == {"train_rows": 100, "minutes": 5.0, "device": "cpu", "soup_of": [str(first), str(second)]}
    one, two, soup = _weights(first), _weights(second), _weights(tmp_path / "soup" / SOUP_NAME)
    name = "bert.encoder.layer.0.attention.self.query.weight"
    assert not torch.equal(one[name], two[name])
    for key in one:
        assert torch.allclose(soup[key], (one[key] + two[key]) / 2, atol=1e-6), key
    assert checkpoints(tmp_path / "soup") == [tmp_path / "soup" / SOUP_NAME]
    extract_adapter(tmp_path / "soup" / SOUP_NAME, 4, tmp_path / "ship", base=Path(tiny_stance))
    finish_adapter(tmp_path / "ship", base_name=tiny_stance)
    assert (tmp_path / "ship" / "adapter_model.safetensors").is_file()


def test_a_tensor_no_run_changed_stays_bit_for_bit_as_it_was(pretend_run, tiny_stance, tmp_path):
    """Three runs' sum divided by three rounds an untouched embedding off by a
    bit, and the shipping step then refuses the soup as not cut from the encoder."""
    runs = [pretend_run(tmp_path / name, seed=seed) for seed, name in enumerate("abc", start=1)]
    average_checkpoints(runs, tmp_path / "soup")
    one, soup = _weights(runs[0]), _weights(tmp_path / "soup")
    untouched = [key for key in one if not is_tuned(key)]
    assert "bert.embeddings.word_embeddings.weight" in untouched
    for key in untouched:
        assert torch.equal(soup[key], one[key]), key
    extract_adapter(tmp_path / "soup", 4, tmp_path / "ship", base=Path(tiny_stance))


def test_numbered_checkpoints_sort_by_step_and_a_soup_after_them(tmp_path):
    for name in ("checkpoint-1000", "checkpoint-soup", "checkpoint-200"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "config.json").write_text("{}")
    assert [p.name for p in checkpoints(tmp_path)] == ["checkpoint-200", "checkpoint-1000", "checkpoint-soup"]


def test_checkpoints_that_cannot_be_averaged_are_refused(pretend_run, tiny_stance, tiny_four_label, tmp_path):
    first = pretend_run(tmp_path / "a", seed=1)
    with pytest.raises(ValueError, match="at least two"):
        average_checkpoints([first], tmp_path / "out")
    other_labels = tmp_path / "four" / "checkpoint-20"
    model = _base_classifier(seed=3, base=Path(tiny_four_label), labels=("favor", "against", "neutral", "unrelated"))
    model.save_pretrained(str(other_labels))
    with pytest.raises(ValueError, match="labels"):
        average_checkpoints([first, other_labels], tmp_path / "out")
    with pytest.raises(ValueError, match="holds no model.safetensors"):
        average_checkpoints([first, tmp_path], tmp_path / "out")


def test_a_soup_takes_runs_of_this_mix_in_a_work_dir_of_its_own(pretend_run, tiny_stance, tmp_path):
    first = pretend_run(tmp_path / "a", seed=1)
    other_mix = pretend_run(tmp_path / "b", seed=2, rows=90)
    with pytest.raises(ValueError, match="trained on 90 rows and this command's mix has 100"):
        soup_run([first, other_mix], tmp_path / "soup", train_rows=100)
    with pytest.raises(ValueError, match="already holds checkpoint-20"):
        soup_run([first, first], tmp_path / "a", train_rows=100)
    assert not (tmp_path / "soup" / SOUP_NAME).exists()
    with pytest.raises(SystemExit):
        _parse(["--output", "x", "--method", "lora", "--soup", "a", "b"])


def test_a_ship_rule_can_guard_a_behavioural_capability(capsys):
    assert "suite/explicit-opposition" in suite_names() and "suite/name-invariance" in suite_names()
    scores = suite_scores({"explicit opposition": (66, 80), "name invariance": (60, 60)})
    assert scores == {"suite/explicit-opposition": 82.5, "suite/name-invariance": 100.0}
    rules = ["suite/explicit-opposition>=90", "suite/name-invariance>=100"]
    assert missed_rules(rules, scores) == ["suite/explicit-opposition 82.5 against >=90"]
    assert _parse(["--output", "x", "--ship-rule", *rules]).ship_rule == rules
    with pytest.raises(SystemExit):
        _parse(["--output", "x", "--ship-rule", "suite/explicit-oposition>=90"])
    assert "has no 'suite/explicit-oposition'" in capsys.readouterr().err


def test_the_card_names_the_soup_and_its_runs():
    from quotestance.stance.card import _soup

    assert _soup({"minutes": 10.0}) == ""
    text = _soup({"minutes": 212.4, "soup_of": ["runs/a/work/checkpoint-3330", "runs/b/work/checkpoint-1665"]})
    assert "uniform average, tensor by tensor, of 2 checkpoints" in text
    assert "`runs/b/work/checkpoint-1665`" in text and "212 minutes in all" in text
