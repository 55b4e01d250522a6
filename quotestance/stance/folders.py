"""What a local model folder must hold, checked before torch loads: an empty
or malformed folder is refused with its name and what it lacks, in a second,
not after a traceback from deep in transformers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ModelNotFoundError

DEFAULT_ADAPTER = Path(__file__).parent / "models" / "stance-minilm"

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json")
ADAPTER_WEIGHT_FILES = ("adapter_model.safetensors", "adapter_model.bin")
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "vocab.json", "spiece.model", "sentencepiece.bpe.model", "tokenizer.model")
MODEL_FOLDER = ("a model folder holds config.json, weights (model.safetensors or pytorch_model.bin) and a tokenizer "
                "(tokenizer.json or vocab.txt), as save_pretrained writes them; an adapter folder holds "
                "adapter_config.json and adapter_model.safetensors. quotestance never downloads")


def json_object(path: Path) -> dict[str, Any]:
    """A model folder's JSON file, or an error that names it."""
    import json

    try:
        loaded = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as error:
        raise ModelNotFoundError(f"{path} is not valid JSON ({error}); fix it or save the model again") from error
    if not isinstance(loaded, dict):
        raise ModelNotFoundError(f"{path} must hold a JSON object, not a {type(loaded).__name__}")
    return loaded


def check_model_folder(model: str | Path) -> None:
    """Refuse a model folder that cannot load, naming the folder and what it
    lacks, before torch or transformers load. A name that is no folder is
    left to transformers' cache (``local_files_only``)."""
    path = Path(model)
    if not path.exists():
        name = str(model)
        if name.startswith((".", "/", "~")) or name.count("/") != 1 or path.suffix:  # a path, not an "org/name" id
            raise ModelNotFoundError(f"no model folder at {path}: {MODEL_FOLDER}")
        return
    if not path.is_dir():
        raise ModelNotFoundError(f"{path} is a file, not a model folder: {MODEL_FOLDER}")
    if (path / "adapter_config.json").exists():
        json_object(path / "adapter_config.json")
        if (path / "quotestance.json").exists():
            json_object(path / "quotestance.json")
        missing = [] if any((path / name).is_file() for name in ADAPTER_WEIGHT_FILES) else [" or ".join(ADAPTER_WEIGHT_FILES)]
    else:
        missing = [] if (path / "config.json").is_file() else ["config.json"]
        if not missing:
            json_object(path / "config.json")
        if not any((path / name).is_file() for name in WEIGHT_FILES):
            missing.append("weights (" + " or ".join(WEIGHT_FILES[:2]) + ")")
        if not any((path / name).is_file() for name in TOKENIZER_FILES):
            missing.append("a tokenizer (" + " or ".join(TOKENIZER_FILES[:2]) + ")")
    if missing:
        empty = "is empty" if not any(path.iterdir()) else "lacks " + ", ".join(missing)
        raise ModelNotFoundError(f"the model folder {path} {empty}: {MODEL_FOLDER}")


def model_labels(model: str | Path | None) -> list[str] | None:
    """A model folder's label names, read from its JSON files without loading
    it (None when they do not say)."""
    path = Path(model) if model is not None else DEFAULT_ADAPTER
    if (path / "adapter_config.json").is_file():
        meta = json_object(path / "quotestance.json") if (path / "quotestance.json").is_file() else {}
        labels = meta.get("labels", ["favor", "against", "neutral"])
        return [str(label).strip().lower() for label in labels]
    if (path / "config.json").is_file():
        id2label = json_object(path / "config.json").get("id2label")
        if isinstance(id2label, dict):
            return [str(id2label[key]).strip().lower() for key in sorted(id2label, key=int)]
    return None
