"""The contrastive stance sentences of ``data/contrast_stance/``.

The news corpus teaches what news quotes look like; it does not teach that
"I can't back the rail strike" and "I back the rail strike" differ, or that a
strike can be favoured. These sentences, written by annotators in minimal pairs
to ``docs/annotation-guidelines.md``, do: each target gets as many favor as
against items, so its name says nothing about the label. They are training
material; the behavioural suite (``evaluate/behaviour.py``) shares none of
their targets or sentences.

A target's items fall in one split, chosen by a hash of the target, so that dev
measures targets the model has not been trained on.

    python -m quotestance.stance.contrast     # counts per split, label and kind
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from .data import StanceRow, swap_key

CONTRAST_DIR = Path(__file__).resolve().parents[2] / "data" / "contrast_stance"
SPLITS = ("train", "dev")
DEV_SHARE = 15  # percent of targets
LABELS = ("favor", "against", "neutral")
KINDS = ("explicit", "negation", "double", "hedge", "contrast", "unrelated", "factual", "sarcasm", "self",
         "commitment", "verdict")


# Items were written in batches of four authors; a run names the batches it trains on, so that a model
# card's command still means the same data after a batch is added (run F was trained on batch 1 alone;
# batch 3 weights what a speaker vows to do, verdicts and sarcasm both ways).
BATCHES = {1: range(1, 5), 2: range(5, 9), 3: range(9, 13)}
_AUTHORED = re.compile(r"author-(\d+)-\d+")


def batch_of(item: dict[str, Any]) -> int | None:
    """The batch an item was written in, from its author (``author-<n>-<k>``); None for no known author."""
    match = _AUTHORED.fullmatch(str(item.get("id", "")))
    author = int(match.group(1)) if match else None
    return next((batch for batch, authors in BATCHES.items() if author in authors), None)


def split_of(target: str) -> str:
    """``dev`` for about 15% of targets, fixed by the target's words alone."""
    bucket = int(hashlib.sha1(target.strip().lower().encode("utf-8")).hexdigest(), 16) % 100
    return "dev" if bucket < DEV_SHARE else "train"


def read_items(folder: Path = CONTRAST_DIR) -> list[dict[str, Any]]:
    """Every item of ``items.jsonl``, checked."""
    path = folder / "items.jsonl"
    if not path.exists():
        raise InvalidInputError(f"{path} not found: the contrastive sentences live in data/contrast_stance/ of the repository")
    items = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("label") not in LABELS or item.get("kind") not in KINDS or not str(item.get("text", "")).strip() \
                or not str(item.get("target", "")).strip() or batch_of(item) is None:
            raise InvalidInputError(f"{path}:{line_number}: an item needs an id author-<n>-<k> of a known batch, text, target, "
                                    f"a label of {LABELS} and a kind of {KINDS}")
        items.append(item)
    return items


def contrast_rows(split: str, folder: Path = CONTRAST_DIR, batches: tuple[int, ...] = (1,)) -> list[StanceRow]:
    """One split's items of the given batches as training and evaluation rows.
    A lead-in, when given, is the quote's context, as a news quote's sentence is."""
    if split not in SPLITS:
        raise InvalidInputError(f"split must be one of {SPLITS}, not {split!r}")
    unknown = set(batches) - set(BATCHES)
    if unknown or not batches:
        raise InvalidInputError(f"contrast batches must be among {sorted(BATCHES)}, not {sorted(batches)}")
    rows = []
    for item in read_items(folder):
        if split_of(item["target"]) != split or batch_of(item) not in batches:
            continue
        lead_in = item.get("context") or ""
        row = StanceRow(target=item["target"], text=item["text"], label=item["label"], corpus="contrast",
                        group=item["target"], off_topic=item["kind"] == "unrelated", speaker=item.get("speaker") or "")
        if lead_in:
            row["context"] = f"{lead_in} “{item['text']}”"
        rows.append(row)
    return rows


def with_swapped_targets(rows: list[StanceRow], copies: int, seed: int) -> list[StanceRow]:
    """``copies`` more rows per row whose text names its target, each with
    that name replaced, in the text, its lead-in and the target alike, by
    another target of ``rows``. An annotator's label is a stance toward what
    the name stands for as the sentence treats it, so it holds for any name:
    the rows teach that "the smoking ban" in a target says nothing of the
    label (CheckList's invariance, as training data). Off-topic rows, and rows
    whose target is a person (the speaker's own name), are left as they are."""
    rng = random.Random(seed)

    def named(row: StanceRow) -> bool:
        return not row.get("off_topic") and row["target"].lower() in row["text"].lower() \
            and not row["target"][:1].isupper()  # "the rail strike", not "Ken Livingstone"

    pool = sorted({row["target"] for row in rows if named(row)})
    out: list[StanceRow] = []
    for row in rows:
        if not named(row) or len(pool) < 2:
            continue
        for other in rng.sample([t for t in pool if t != row["target"]], copies):
            swapped = StanceRow(**row)
            swapped["target"], swapped["group"] = other, other
            swapped["swap_of"] = swap_key(row)
            swapped["text"] = _renamed(row["text"], row["target"], other)
            if "context" in row:
                swapped["context"] = _renamed(row["context"], row["target"], other)
            out.append(swapped)
    return out


def _renamed(text: str, old: str, new: str) -> str:
    """``text`` with every ``old`` (any case) replaced by ``new``, capitalised where ``old`` was."""
    return re.sub(re.escape(old), lambda m: new[:1].upper() + new[1:] if m.group(0)[:1].isupper() else new, text,
                  flags=re.IGNORECASE)


def main() -> None:
    items = read_items()
    for split in SPLITS:
        chosen = [item for item in items if split_of(item["target"]) == split]
        per_batch = Counter(batch_of(item) for item in chosen)
        labels = Counter(item["label"] for item in chosen)
        kinds = Counter(item["kind"] for item in chosen)
        targets = len({item["target"] for item in chosen})
        print(f"{split:5} {len(chosen):5} items, {targets:3} targets; " + ", ".join(f"{k} {labels[k]}" for k in LABELS)
              + "; " + ", ".join(f"{k} {kinds[k]}" for k in KINDS if kinds[k])
              + "; " + ", ".join(f"batch {b} {per_batch[b]}" for b in BATCHES))


if __name__ == "__main__":
    main()
