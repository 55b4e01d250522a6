"""Average the weights of several fine-tuned checkpoints into one (a uniform
"model soup", Wortsman et al., 2022).

Runs that continue one starting point on one mix differ by seed and batch
order, and the behavioural suite moves with the seed; their average is one
model, as cheap at prediction as any of them, and steadier than each. The
training command's ``--soup`` builds it, then ships it as it ships a run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Sequence

SOUP_NAME = "checkpoint-soup"
WEIGHTS = "model.safetensors"
COPIED = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def average_checkpoints(sources: Sequence[Path], destination: Path) -> None:
    """Write the tensor-by-tensor mean of ``sources``' weights (each a
    checkpoint folder of the same architecture and labels) to ``destination``,
    with the first source's config and tokenizer. Floating tensors are
    averaged in fp32, as the first source plus the mean change from it, and
    stored in their own dtype; any other tensor (token ids, position ids)
    must be the same in every source."""
    import torch
    from safetensors.torch import load_file, save_file

    if len(sources) < 2:
        raise ValueError(f"a soup needs at least two checkpoints, got {len(sources)}")
    for folder in sources:
        if not (folder / WEIGHTS).is_file():
            raise ValueError(f"{folder} holds no {WEIGHTS}: give full checkpoints of the training command")
    first_labels = _labels(sources[0])
    for folder in sources[1:]:
        if _labels(folder) != first_labels:
            raise ValueError(f"{folder}'s labels {_labels(folder)} differ from {sources[0]}'s {first_labels}")
    total: dict[str, Any] = {}
    reference = load_file(str(sources[0] / WEIGHTS))
    for folder in sources[1:]:  # the first is the reference: its change from itself is nothing
        state = load_file(str(folder / WEIGHTS))
        if state.keys() != reference.keys():
            odd = sorted(state.keys() ^ reference.keys())[0]
            raise ValueError(f"{folder} and {sources[0]} are not the same architecture ({odd} is in one only)")
        for name, tensor in state.items():
            if tensor.shape != reference[name].shape:
                raise ValueError(f"{folder}: {name} has shape {tuple(tensor.shape)}, "
                                 f"{sources[0]} has {tuple(reference[name].shape)}")
            if not tensor.is_floating_point():
                if not torch.equal(tensor, reference[name]):
                    raise ValueError(f"{folder}: {name} differs from {sources[0]}'s and cannot be averaged")
                continue
            change = tensor.float() - reference[name].float()
            total[name] = total[name] + change if name in total else change
    # the first source plus the mean change from it: a tensor no run moved stays bit for bit the encoder's
    averaged = {name: (tensor.float() + total[name] / len(sources)).to(tensor.dtype) if name in total else tensor
                for name, tensor in reference.items()}
    destination.mkdir(parents=True, exist_ok=True)
    save_file(averaged, str(destination / WEIGHTS), metadata={"format": "pt"})
    for name in COPIED:
        if (sources[0] / name).is_file():
            shutil.copy(sources[0] / name, destination / name)


def _labels(folder: Path) -> Any:
    config = folder / "config.json"
    if not config.is_file():
        raise ValueError(f"{folder} holds no config.json: give checkpoint folders of the training command")
    return json.loads(config.read_text()).get("id2label")


def soup_run(sources: Sequence[Path], work_dir: Path, train_rows: int) -> dict[str, Any]:
    """Average ``sources`` into ``work_dir``'s only checkpoint and return the
    run record the training command keeps: the sources, their rows and their
    training minutes summed. Each source's own ``run.json`` (beside it) must
    say it trained on ``train_rows`` rows, the mix this command builds: a soup
    of checkpoints from another mix would be described by the wrong card."""
    runs = []
    for folder in sources:
        record = folder.parent / "run.json"
        if not record.is_file():
            raise ValueError(f"{record} not found: --soup takes checkpoints inside a training command's --work-dir")
        runs.append(json.loads(record.read_text()))
        if runs[-1].get("train_rows") != train_rows:
            raise ValueError(f"{folder} was trained on {runs[-1].get('train_rows')} rows and this command's mix has "
                             f"{train_rows}: a soup takes runs of the same mix")
    stale = [p for p in work_dir.glob("checkpoint-*") if p.name != SOUP_NAME]
    if stale:
        raise ValueError(f"{work_dir} already holds {stale[0].name}: give the soup a work dir of its own")
    average_checkpoints(sources, work_dir / SOUP_NAME)
    devices = sorted({str(run.get("device", "?")) for run in runs})
    return {"train_rows": train_rows, "minutes": sum(float(run.get("minutes", 0.0)) for run in runs),
            "device": ", ".join(devices), "soup_of": [str(folder) for folder in sources]}
