"""Shared fixtures: the spaCy model and the seed, loaded once per run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (ROOT / "seeds" / "trump_putin_budapest_summit.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((ROOT / "seeds" / "seed_summit.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_quotes(seed_text, seed_gold):
    from quotestance import extract_quotes

    return extract_quotes(seed_text, roster=seed_gold["speakers"])


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora sit beside the project root only in the team's checkout")
    return path


def _tiny_model(tmp_path_factory, labels: dict[int, str], name: str) -> str:
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder = tmp_path_factory.mktemp(name)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + sorted(set("the a of is to and great news peace summit moscow weapons speaker supports opposes neutral about".split()))
    (folder / "vocab.txt").write_text("\n".join(vocab))
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt")).save_pretrained(str(folder))
    config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=64, num_labels=len(labels),
                        id2label=labels, label2id={v: k for k, v in labels.items()})
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(str(folder))
    return str(folder)


@pytest.fixture(scope="session")
def tiny_stance(tmp_path_factory) -> str:
    return _tiny_model(tmp_path_factory, {0: "AGAINST", 1: "FAVOR", 2: "NONE"}, "stance")


@pytest.fixture(scope="session")
def tiny_four_label(tmp_path_factory) -> str:
    """A stance model with a fourth label for texts about something else."""
    return _tiny_model(tmp_path_factory, {0: "favor", 1: "against", 2: "neutral", 3: "unrelated"}, "four")


@pytest.fixture(scope="session")
def tiny_nli(tmp_path_factory) -> str:
    return _tiny_model(tmp_path_factory, {0: "entailment", 1: "neutral", 2: "contradiction"}, "nli")


@pytest.fixture(scope="session")
def pretend_tuned():
    """``make(base, folder, seed)``: the tiny encoder after a pretend
    fine-tuning, every tuned tensor moved by ``seed``'s noise, saved in
    ``folder`` with its tokenizer (as a training checkpoint is)."""
    import torch
    from transformers import AutoTokenizer

    from quotestance.stance.finetune import _base_classifier, is_tuned

    def make(base: str, folder: Path, seed: int) -> Path:
        model = _base_classifier(seed=3, base=Path(base))
        generator = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for name, parameter in model.named_parameters():
                if is_tuned(name):
                    parameter.add_(0.3 * torch.randn(parameter.shape, generator=generator))
        model.save_pretrained(str(folder))
        AutoTokenizer.from_pretrained(base).save_pretrained(str(folder))
        return folder

    return make
