"""Consistency training over renamed targets: the groups, the batches that
keep them whole, the divergence added to the loss, and the trainer that uses
them (on the tiny random encoder built in conftest)."""

from __future__ import annotations

import math

import pytest

torch = pytest.importorskip("torch")

from quotestance.stance.consistency import (  # noqa: E402
    UNGROUPED, AnchoredBatches, ConsistencyTrainer, GroupedBatches, consistency_groups, group_divergence)
from quotestance.stance.contrast import with_swapped_targets  # noqa: E402
from quotestance.stance.data import StanceRow, swap_key  # noqa: E402
from quotestance.stance.train import _parse  # noqa: E402


def _row(target: str, text: str, label: str = "against") -> StanceRow:
    return StanceRow(target=target, text=text, label=label, corpus="contrast", group=target)  # type: ignore[typeddict-item]


def test_a_row_and_its_renamed_copies_form_one_group_and_other_rows_none():
    originals = [_row("the rail strike", "I oppose the rail strike."), _row("the sugar tax", "I back the sugar tax.", "favor"),
                 _row("the bypass", "We reject the bypass.")]
    copies = with_swapped_targets(originals, 2, seed=13)
    news = _row("Hillary Clinton", "She is wrong.")
    rows = originals + [news] + copies + [originals[0]]  # a repeated original joins its own group
    groups = consistency_groups(rows)
    assert groups[3] == UNGROUPED
    for index, original in enumerate(originals):
        members = [row for row, group in zip(rows, groups) if group == groups[index]]
        assert len(members) == (4 if index == 0 else 3)
        assert all(row is original or row["swap_of"] == swap_key(original) for row in members)
        assert {row["label"] for row in members} == {original["label"]}
    assert len({groups[i] for i in range(3)}) == 3


def test_batches_keep_each_group_whole_and_cover_every_row_once_an_epoch():
    groups = [UNGROUPED] * 40 + [g for g in range(12) for _ in range(3)]
    lengths = [(7 * i) % 50 for i in range(len(groups))]
    batches = GroupedBatches(groups, lengths, batch_size=8, seed=3)
    first = [list(batch) for batch in batches]
    second = [list(batch) for batch in batches]
    for epoch in (first, second):
        assert sorted(i for batch in epoch for i in batch) == list(range(len(groups)))
        assert all(len(batch) <= 8 for batch in epoch)
        for group in range(12):
            holding = [batch for batch in epoch if any(groups[i] == group for i in batch)]
            assert len(holding) == 1  # never split across batches
    assert first != second  # a new order each epoch
    batches.set_epoch(0)
    assert [list(batch) for batch in batches] == first  # and the same order for the same epoch


def test_anchored_batches_keep_the_trainers_order_and_move_only_later_group_members():
    from transformers.trainer_pt_utils import get_length_grouped_indices

    groups = [UNGROUPED] * 60 + [g for g in range(10) for _ in range(3)]
    lengths = [(11 * i) % 40 + 1 for i in range(len(groups))]
    torch.manual_seed(5)
    order = get_length_grouped_indices(lengths, 8)  # the order the trainer's own sampler draws
    torch.manual_seed(5)
    anchored = list(AnchoredBatches(groups, lengths, batch_size=8))
    first = {}  # group -> its member that comes first in the order
    for index in order:
        first.setdefault(groups[index], index)
    expected = []
    for start in range(0, len(order), 8):
        drawn = order[start:start + 8]
        stays = [i for i in drawn if groups[i] == UNGROUPED or first[groups[i]] == i]
        joins = [i for i in order if groups[i] != UNGROUPED and first[groups[i]] != i and first[groups[i]] in drawn]
        expected.append(sorted(stays + joins))
    assert [sorted(batch) for batch in anchored] == [batch for batch in expected if batch]
    assert sorted(i for batch in anchored for i in batch) == list(range(len(groups)))
    assert len(AnchoredBatches(groups, lengths, batch_size=8)) == math.ceil(90 / 8)
    assert list(AnchoredBatches(groups, lengths, batch_size=8)) != anchored  # the generator moved on: a new order


def test_a_group_larger_than_a_batch_is_refused():
    with pytest.raises(ValueError, match="does not fit a batch of 2"):
        GroupedBatches([0, 0, 0], [5, 5, 5], batch_size=2, seed=1)


def test_the_divergence_is_zero_when_a_group_agrees_and_jensen_shannon_when_not():
    agree = torch.log(torch.tensor([[0.7, 0.2, 0.1], [0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]))
    assert group_divergence(agree, torch.tensor([5, 5, UNGROUPED])).item() == pytest.approx(0.0, abs=1e-6)
    differ = torch.log(torch.tensor([[0.9, 0.1], [0.1, 0.9], [0.5, 0.5]]))
    mean = [0.5, 0.5]
    expected = sum(p * math.log(p / m) for row in ([0.9, 0.1], [0.1, 0.9]) for p, m in zip(row, mean)) / 2
    assert group_divergence(differ, torch.tensor([1, 1, UNGROUPED])).item() == pytest.approx(expected, rel=1e-5)
    assert group_divergence(differ, torch.tensor([UNGROUPED, 2, 3])).item() == 0.0  # no group of two or more


def test_consistency_needs_renamed_copies(capsys):
    base = ["--output", "x", "--contrast-repeat", "1"]
    assert _parse(base + ["--swap-targets", "2", "--consistency", "1"]).consistency == 1.0
    assert _parse(base).consistency == 0.0
    assert _parse(base).consistency_batches == "grouped"
    anchored = _parse(base + ["--swap-targets", "2", "--consistency", "1", "--consistency-batches", "anchored"])
    assert anchored.consistency_batches == "anchored"
    with pytest.raises(SystemExit):
        _parse(base + ["--swap-targets", "2", "--consistency-batches", "anchored"])
    assert "give --consistency too" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _parse(base + ["--consistency", "1"])
    assert "needs --swap-targets" in capsys.readouterr().err


def test_the_trainer_feeds_whole_groups_and_adds_the_weighted_divergence(tiny_stance, tmp_path):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, TrainingArguments

    tokenizer = AutoTokenizer.from_pretrained(tiny_stance)
    model = AutoModelForSequenceClassification.from_pretrained(tiny_stance)
    texts = ["the summit is great news", "the peace summit is great news", "moscow opposes the summit",
             "weapons", "the speaker supports peace", "moscow opposes the peace summit", "great news", "the summit"]
    groups = [0, 0, 1, 1, 1, UNGROUPED, UNGROUPED, UNGROUPED]
    from datasets import Dataset

    data = Dataset.from_dict({"text": texts, "label": [1, 1, 0, 0, 0, 2, 1, 2], "group": groups})
    data = data.map(lambda b: tokenizer(b["text"]), batched=True, remove_columns=["text"])
    batches = GroupedBatches(groups, [len(ids) for ids in data["input_ids"]], batch_size=4, seed=7)
    arguments = TrainingArguments(output_dir=str(tmp_path), num_train_epochs=1, per_device_train_batch_size=4,
                                  use_cpu=True, report_to=[], disable_tqdm=True, save_strategy="no")

    def trainer(weight: float) -> ConsistencyTrainer:
        return ConsistencyTrainer(model=model, args=arguments, train_dataset=data, processing_class=tokenizer,
                                  data_collator=DataCollatorWithPadding(tokenizer), weight=weight, batches=batches)

    fed = [batch["group"].tolist() for batch in trainer(1.0).get_train_dataloader()]
    for group in (0, 1):
        assert sum(group in batch for batch in fed) == 1  # each group arrives whole, in one batch
    batch = DataCollatorWithPadding(tokenizer)([data[i] for i in (0, 1, 2, 3, 4)])
    plain = trainer(0.0).compute_loss(model, dict(batch))
    weighted, outputs = trainer(2.0).compute_loss(model, dict(batch), return_outputs=True)
    divergence = group_divergence(torch.log_softmax(outputs.logits.float(), -1), batch["group"])
    assert divergence.item() > 0
    assert weighted.item() == pytest.approx(plain.item() + 2.0 * divergence.item(), rel=1e-5)
    trainer(1.0).train()  # a whole epoch runs through the grouped loader
    anchored = ConsistencyTrainer(model=model, args=arguments, train_dataset=data, processing_class=tokenizer,
                                  data_collator=DataCollatorWithPadding(tokenizer), weight=1.0,
                                  batches=AnchoredBatches(groups, [len(ids) for ids in data["input_ids"]], batch_size=4))
    fed = [batch["group"].tolist() for batch in anchored.get_train_dataloader()]
    assert sorted(g for batch in fed for g in batch) == sorted(groups)
    for group in (0, 1):
        assert sum(group in batch for batch in fed) == 1
    anchored.train()  # and through the anchored one
