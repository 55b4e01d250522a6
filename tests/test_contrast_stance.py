"""The contrastive stance sentences: balanced minimal pairs, split by target,
double-labelled in part, and apart from the behavioural suite they must not
teach to."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from quotestance import InvalidInputError
from quotestance.evaluate import behaviour
from quotestance.stance.contrast import CONTRAST_DIR, contrast_rows, read_items, split_of, with_swapped_targets
from quotestance.stance.data import StanceRow
from quotestance.stance.train import _parse


def test_the_sentences_are_many_balanced_and_split_by_target():
    items = read_items()
    assert len(items) >= 1000
    assert {item["label"] for item in items} == {"favor", "against", "neutral"}
    for target, labels in _labels_per_target(items).items():
        assert abs(labels["favor"] - labels["against"]) <= 2, target  # the name says nothing about the label
    splits = {split: {row["target"] for row in contrast_rows(split)} for split in ("train", "dev")}
    assert splits["dev"] and splits["train"] and not splits["dev"] & splits["train"]
    assert all(split_of(target) == "dev" for target in splits["dev"])


def _labels_per_target(items: list[dict]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for item in items:
        counts.setdefault(item["target"], Counter())[item["label"]] += 1
    return counts


def test_nothing_of_the_behavioural_suite_is_trained_on():
    items = read_items()
    suite_targets = {t.lower() for t in behaviour.TARGETS + behaviour.INVARIANCE_NAMES}
    suite_targets |= {target.lower() for target, _, _ in behaviour.PARAPHRASES}
    assert not suite_targets & {item["target"].lower() for item in items}
    suite_texts = {case.quote.lower() for case in behaviour.cases()}
    assert not suite_texts & {item["text"].lower() for item in items}


def test_the_second_pass_agrees_and_settled_labels_are_the_labels():
    double = [json.loads(line) for line in (CONTRAST_DIR / "double_labelled.jsonl").read_text(encoding="utf-8").splitlines()]
    labels = {item["id"]: item["label"] for item in read_items()}
    assert len(double) >= 300
    assert all(labels[d["id"]] == d["settled"] for d in double)
    assert sum(d["first"] == d["second"] for d in double) / len(double) > 0.8


def test_a_lead_in_becomes_the_context_and_unrelated_items_are_off_topic(tmp_path: Path):
    items = [{"id": "author-1-001", "text": "I back the rail strike.", "target": "the rail strike", "speaker": "a union leader",
              "context": "Asked about the strike, she said:", "label": "favor", "kind": "explicit", "why": ""},
             {"id": "author-1-002", "text": "I back the rail strike.", "target": "the rail strike", "speaker": "", "context": "",
              "label": "neutral", "kind": "unrelated", "why": ""}]
    (tmp_path / "items.jsonl").write_text("\n".join(json.dumps(i) for i in items), encoding="utf-8")
    rows = contrast_rows(split_of("the rail strike"), tmp_path)
    assert rows[0]["context"] == "Asked about the strike, she said: “I back the rail strike.”"
    assert rows[0]["speaker"] == "a union leader" and rows[0]["corpus"] == "contrast" and not rows[0]["off_topic"]
    assert "context" not in rows[1] and rows[1]["off_topic"]


def test_bad_items_splits_and_missing_files_say_what_to_do(tmp_path: Path):
    with pytest.raises(InvalidInputError, match="data/contrast_stance"):
        read_items(tmp_path)
    (tmp_path / "items.jsonl").write_text(json.dumps({"text": "x", "target": "y", "label": "positive", "kind": "explicit"}))
    with pytest.raises(InvalidInputError, match=":1: an item needs"):
        read_items(tmp_path)
    with pytest.raises(InvalidInputError, match="split must be one of"):
        contrast_rows("test", tmp_path)


def test_training_takes_the_sentences_only_when_asked():
    assert _parse(["--output", "x"]).contrast_repeat == 0
    assert _parse(["--output", "x", "--contrast-repeat", "2"]).contrast_repeat == 2


def test_a_run_names_the_batches_it_trains_on_and_the_first_is_the_default():
    # run F's card gives its command without the flag: it must still mean the first batch alone
    first, both = contrast_rows("train"), contrast_rows("train", batches=(1, 2))
    assert len(first) == sum(1 for item in read_items() if int(item["id"].split("-")[1]) in range(1, 5) and split_of(item["target"]) == "train")
    third = contrast_rows("train", batches=(3,))
    assert len(both) > len(first) and contrast_rows("train", batches=(2,)) and third
    assert len(contrast_rows("train", batches=(1, 2, 3))) == len(both) + len(third)
    assert _parse(["--output", "x"]).contrast_batches == [1]
    assert _parse(["--output", "x", "--contrast-batches", "1", "2"]).contrast_batches == [1, 2]
    with pytest.raises(InvalidInputError, match="contrast batches"):
        contrast_rows("train", batches=(4,))


def test_swapped_targets_rename_the_target_everywhere_and_keep_the_label():
    rows = [StanceRow(target="the rail strike", text="The rail strike is wrong, and I oppose the Rail Strike.", label="against",
                      corpus="contrast", group="the rail strike", context="On the rail strike, she said: “...”"),
            StanceRow(target="the sugar tax", text="I back the sugar tax.", label="favor", corpus="contrast", group="the sugar tax"),
            StanceRow(target="the bypass", text="The weather is fine.", label="neutral", corpus="contrast", group="the bypass",
                      off_topic=True),
            StanceRow(target="Ken Lowe", text="Ken Lowe has my vote.", label="favor", corpus="contrast", group="Ken Lowe")]
    swapped = with_swapped_targets(rows, 1, seed=13)
    assert [(row["target"], row["label"]) for row in swapped] == [("the sugar tax", "against"), ("the rail strike", "favor")]
    assert swapped[0]["text"] == "The sugar tax is wrong, and I oppose the sugar tax."
    assert swapped[0]["context"] == "On the sugar tax, she said: “...”" and swapped[0]["group"] == "the sugar tax"
    assert swapped[1]["text"] == "I back the rail strike." and "context" not in swapped[1]
    assert rows[0]["target"] == "the rail strike"  # the originals are left as they were


def test_swapping_targets_needs_the_contrastive_sentences(capsys):
    assert _parse(["--output", "x"]).swap_targets == 0
    assert _parse(["--output", "x", "--contrast-repeat", "1", "--swap-targets", "1"]).swap_targets == 1
    with pytest.raises(SystemExit):
        _parse(["--output", "x", "--swap-targets", "1"])
    assert "needs --contrast-repeat" in capsys.readouterr().err
