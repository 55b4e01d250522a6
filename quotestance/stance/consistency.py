"""Consistency training over renamed targets (``--consistency``).

``contrast.with_swapped_targets`` adds copies of a contrastive sentence with
its target's name replaced; the label holds for every copy. As separate rows
they only say so through their labels, and more copies crowd the news and the
tweets out of the mix (run T). Here the copies and their original share a batch,
and the loss also asks their predicted distributions to agree (the
Jensen-Shannon divergence of the group, as R-Drop asks of two dropout passes),
so that a name's sound weighs less than the stance words around it, at no cost
in rows."""

from __future__ import annotations

import math
import random
from typing import Any, Iterator, Sequence

import torch
from transformers import Trainer

from .data import StanceRow, swap_key

UNGROUPED = -1


def consistency_groups(rows: Sequence[StanceRow]) -> list[int]:
    """Per row, the id of its group (a contrastive row and its renamed
    copies, all repeats of it included), or ``UNGROUPED``."""
    ids: dict[str, int] = {}
    for row in rows:
        if "swap_of" in row:
            ids.setdefault(row["swap_of"], len(ids))
    return [ids[row["swap_of"]] if "swap_of" in row else ids.get(swap_key(row), UNGROUPED) for row in rows]


class GroupedBatches:
    """Batches of at most ``batch_size`` rows that never split a group, drawn
    anew each epoch; units of similar length share a batch (as
    ``group_by_length`` does) so that padding stays low on a CPU."""

    def __init__(self, groups: Sequence[int], lengths: Sequence[int], batch_size: int, seed: int):
        members: dict[int, list[int]] = {}
        self.units: list[list[int]] = []
        for index, group in enumerate(groups):
            if group == UNGROUPED:
                self.units.append([index])
            else:
                members.setdefault(group, []).append(index)
        self.units += list(members.values())
        too_big = max(len(unit) for unit in self.units)
        if too_big > batch_size:
            raise ValueError(f"a consistency group of {too_big} rows does not fit a batch of {batch_size}")
        self.lengths, self.batch_size, self.seed, self.epoch = list(lengths), batch_size, seed, 0
        self._drawn: tuple[int, list[list[int]]] | None = None  # (epoch, its batches): each epoch drawn once

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def _batches(self) -> list[list[int]]:
        if self._drawn is None or self._drawn[0] != self.epoch:
            self._drawn = (self.epoch, self._draw())
        return self._drawn[1]

    def _draw(self) -> list[list[int]]:
        rng = random.Random(self.seed * 1_000_003 + self.epoch)
        units = self.units[:]
        rng.shuffle(units)
        chunk = 50 * self.batch_size  # rows per length-sorted stretch, as transformers' megabatches
        batches: list[list[int]] = []
        stretch: list[list[int]] = []
        filled = 0  # rows in the stretch
        for unit in units + [[]]:
            if unit and filled + len(unit) <= chunk:
                stretch.append(unit)
                filled += len(unit)
                continue
            stretch.sort(key=lambda u: -max(self.lengths[i] for i in u))
            batch: list[int] = []
            for member in stretch:
                if len(batch) + len(member) > self.batch_size:
                    batches.append(batch)
                    batch = []
                batch += member
            if batch:
                batches.append(batch)
            stretch, filled = ([unit], len(unit)) if unit else ([], 0)
        rng.shuffle(batches)
        return batches

    def __iter__(self) -> Iterator[list[int]]:
        batches = self._batches()
        self.epoch += 1  # a loader that never calls set_epoch still gets a new order next epoch
        return iter(batches)

    def __len__(self) -> int:
        return len(self._batches())


class AnchoredBatches:
    """The trainer's own ``group_by_length`` order (the one every run before
    U trained in), cut into batches of ``batch_size``, with each group's
    later members moved into the batch that holds its first: the groups are
    whole and everything else stays where the trainer drew it. Batches with a
    group run a few rows over ``batch_size``; one left empty is skipped."""

    def __init__(self, groups: Sequence[int], lengths: Sequence[int], batch_size: int):
        self.groups, self.lengths, self.batch_size = list(groups), list(lengths), batch_size

    def set_epoch(self, epoch: int) -> None:
        """The order comes from torch's global generator, as the trainer's sampler's does."""

    def __iter__(self) -> Iterator[list[int]]:
        from transformers.trainer_pt_utils import get_length_grouped_indices

        order = get_length_grouped_indices(self.lengths, self.batch_size)
        batches = [order[start:start + self.batch_size] for start in range(0, len(order), self.batch_size)]
        home: dict[int, int] = {}  # group -> the batch holding its first member
        anchored: list[list[int]] = [[] for _ in batches]
        for number, batch in enumerate(batches):
            for index in batch:
                group = self.groups[index]
                anchored[number if group == UNGROUPED else home.setdefault(group, number)].append(index)
        return iter([batch for batch in anchored if batch])

    def __len__(self) -> int:
        return math.ceil(len(self.lengths) / self.batch_size)  # drawing here would move the generator


def group_divergence(log_probs: torch.Tensor, groups: torch.Tensor) -> torch.Tensor:
    """Mean over grouped rows of KL(row || the group's mean distribution):
    the Jensen-Shannon divergence of each group, 0 when its members agree."""
    total, rows = log_probs.new_zeros(()), 0
    for group in torch.unique(groups):
        members = (groups == group).nonzero().flatten()
        if int(group) == UNGROUPED or len(members) < 2:
            continue
        member_log_probs = log_probs[members]
        mean = member_log_probs.exp().mean(0).clamp_min(1e-12)
        total = total + (member_log_probs.exp() * (member_log_probs - mean.log())).sum()
        rows += len(members)
    return total / rows if rows else total


class ConsistencyTrainer(Trainer):  # type: ignore[misc]
    """``Trainer`` with grouped batches and the loss plus ``weight`` times the groups' divergence."""

    def __init__(self, *args: Any, weight: float, batches: GroupedBatches | AnchoredBatches, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.consistency_weight, self.batches = weight, batches

    def get_train_dataloader(self) -> Any:
        loader = torch.utils.data.DataLoader(self.train_dataset, batch_sampler=self.batches,  # type: ignore[arg-type]
                                             collate_fn=self.data_collator, num_workers=0)
        return self.accelerator.prepare(loader)

    def compute_loss(self, model: Any, inputs: dict[str, Any], return_outputs: bool = False,
                     num_items_in_batch: Any = None) -> Any:
        groups = inputs.pop("group")
        outputs = model(**inputs)
        divergence = group_divergence(torch.log_softmax(outputs.logits.float(), dim=-1), groups)
        loss = outputs.loss + self.consistency_weight * divergence
        return (loss, outputs) if return_outputs else loss
