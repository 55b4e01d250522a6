"""Stance classifiers: one protocol, two transformer adapters.

Every classifier answers ``predict(quotes, target, contexts=None)`` with one
:class:`Stance` per quote, in input order. torch and transformers load on
first use, never at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Protocol, Sequence, runtime_checkable

from ..attribution.text import name_key, without_the
from ..errors import InvalidInputError, ModelNotFoundError, encodable
from .folders import DEFAULT_ADAPTER, MODEL_FOLDER, check_model_folder, json_object
from ..types import OFF_TOPIC, STANCE_LABELS, Quote, Stance, StanceLabel

if TYPE_CHECKING:
    import torch

_LABEL_NAMES: dict[str, StanceLabel] = {
    **dict.fromkeys(["favor", "favour", "pro", "support", "supports", "agree", "positive", "for"], "favor"),
    **dict.fromkeys(["against", "con", "oppose", "opposes", "disagree", "negative"], "against"),
    **dict.fromkeys(["neutral", "none", "neither", "discuss", "other", "unrelated"], "neutral"),
}
QuoteLike = str | Quote


@runtime_checkable
class StanceClassifier(Protocol):
    """Anything that labels (target, quote[, context]) pairs."""

    def predict(
        self, quotes: Sequence[QuoteLike], target: str, contexts: Sequence[str | None] | None = None
    ) -> list[Stance]: ...


def pair_text(quote: str, context: str | None, speaker: str | None = None) -> str:
    """The second segment the cross-encoder reads: the context when it holds
    the quote (a two-word fragment alone rarely carries a stance), else both;
    led by the speaker's name when the model was trained with speakers (a
    speaker who is the target, or of the target's camp, changes the reading)."""
    if not context or not context.strip():
        segment = quote
    elif quote.strip() in context:
        segment = context
    else:
        segment = f"{quote} {context}"
    return f"{speaker}: {segment}" if speaker else segment


@dataclass(frozen=True, slots=True)
class InputFormat:
    """How a model reads its pair, as it was trained (saved in its ``quotestance.json``).

    speaker:    the speaker's name leads the quote (a speaker who is the
                target, or of the target's camp, changes the reading).
    hypothesis: the first segment is a statement to judge, ``Orban supports
                the summit.``, instead of the bare target: the NLI reading,
                in one pass (entailed: favor, contradicted: against).
    self_marker: with ``speaker``, a speaker who is the target reads
                ``Orban (the target): ...``, so that what a model learns of
                quotes toward their own speaker (rarely against) is tied to
                that case and not to every named speaker.
    """

    speaker: bool = False
    hypothesis: bool = False
    self_marker: bool = False

    @classmethod
    def of(cls, meta: Mapping[str, Any]) -> "InputFormat":
        return cls(bool(meta.get("speaker_input", False)), bool(meta.get("hypothesis_input", False)),
                   bool(meta.get("self_marker_input", False)))

    def as_meta(self) -> dict[str, bool]:
        return {"speaker_input": self.speaker, "hypothesis_input": self.hypothesis,
                "self_marker_input": self.self_marker}

    def first(self, target: str, speaker: str | None) -> str:
        """The first segment: the target, or the hypothesis about it."""
        return f"{speaker or 'The speaker'} supports {target}." if self.hypothesis else target

    def second(self, quote: str, context: str | None, speaker: str | None, target: str) -> str:
        """The second segment: the quote in its sentence, led by the speaker
        (and the self marker) when the model was trained with them."""
        if not self.speaker or not speaker:
            return pair_text(quote, context)
        if self.self_marker and speaker_is_target(speaker, target):
            speaker = f"{speaker} (the target)"
        return pair_text(quote, context, speaker)


def speaker_is_target(speaker: str, target: str) -> bool:
    """Whether a target names the speaker and nothing else, in any spelling
    (``Hillary Clinton`` and ``Mrs. Clinton``; ``the BBC`` and ``BBC``).
    A target that only mentions the speaker (``Clinton's tax plan``) is not;
    nor is an unnamed source (``analysts``)."""
    speaker, target = without_the(speaker), without_the(target)
    if not speaker[:1].isupper() or not target[:1].isupper():
        return False
    speaker_key, target_key = name_key(speaker), name_key(target)
    if not speaker_key or not target_key:
        return False
    if speaker_key == target_key:
        return True
    (shorter, _), (longer, longer_text) = sorted(((speaker_key, speaker), (target_key, target)), key=lambda pair: len(pair[0]))
    is_full_name = all(word[:1].isupper() for word in longer_text.split())
    return " " not in shorter and longer.endswith(" " + shorter) and is_full_name


def speaker_of(quote: QuoteLike) -> str | None:
    """The canonical speaker of a Quote, else its mention (an unnamed source)."""
    if not isinstance(quote, Quote):
        return None
    if quote.speaker:
        return quote.speaker
    return quote.speaker_mention.text if quote.speaker_mention is not None else None


def _check_target(target: str) -> None:
    if not isinstance(target, str) or not target.strip():
        raise InvalidInputError("target must be a non-empty string, e.g. 'the Budapest summit'")
    if not any(char.isalnum() for char in target):
        raise InvalidInputError(f"the target {target!r} has no words: name what stance is toward, e.g. 'the Budapest summit'")


def _check_inputs(quotes: Iterable[QuoteLike],
                  contexts: Iterable[str | None] | None) -> tuple[list[QuoteLike], list[str], list[str | None]]:
    """(quotes, their texts, contexts) as lists: a generator is read once here."""
    if isinstance(quotes, (str, Quote)):
        raise InvalidInputError("predict takes a list of quotes; wrap a single quote in a list")
    quotes = list(quotes)
    texts = [q.text if isinstance(q, Quote) else q for q in quotes]
    if any(not isinstance(t, str) for t in texts):
        raise InvalidInputError("quotes must be strings or Quote objects")
    if contexts is None:
        return quotes, texts, [None] * len(texts)
    if isinstance(contexts, str):
        raise InvalidInputError("contexts takes one context per quote, as a list; wrap a single context in a list")
    contexts = list(contexts)
    if len(contexts) != len(texts):
        raise InvalidInputError(f"got {len(texts)} quotes but {len(contexts)} contexts")
    if any(c is not None and not isinstance(c, str) for c in contexts):
        raise InvalidInputError("contexts must be strings or None, one per quote")
    return quotes, texts, contexts


MAX_TARGET_TOKENS = 64


def check_target_length(tokenizer: Any, target: str) -> None:
    """A target the model would cut is refused, never silently truncated: a
    cut target names something else, and the quote loses its room."""
    length = len(tokenizer(encodable(target), add_special_tokens=False, verbose=False)["input_ids"])  # no "longer than 512" log: the error below says it
    if length > MAX_TARGET_TOKENS:
        raise InvalidInputError(
            f"the target is {length} tokens long ({len(target)} characters); stance models here read targets of at most "
            f"{MAX_TARGET_TOKENS} tokens. Name it in a short phrase, e.g. 'the Budapest summit', and pass the longer text "
            f"as context instead")


def map_labels(id2label: dict[int, str]) -> list[StanceLabel]:
    """Map a model's own label names onto favor / against / neutral."""
    mapped = []
    for index in sorted(id2label):
        name = str(id2label[index]).strip().lower()
        if name not in _LABEL_NAMES:
            raise ModelNotFoundError(
                f"the model's label {id2label[index]!r} means nothing to quotestance; give the model "
                f"an id2label with favor/against/neutral (or pro/con/none) names"
            )
        mapped.append(_LABEL_NAMES[name])
    return mapped


def pick_device(device: str | None) -> str:
    """The device asked for, checked here (torch would fail deep inside on
    the first batch), or the GPU where there is one, else the CPU."""
    import torch

    if not device:
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        parsed = torch.device(device)
    except (RuntimeError, TypeError) as error:
        raise InvalidInputError(f"device {device!r} is not a torch device; use 'cpu', 'cuda', 'cuda:1' or 'mps'") from error
    available = {"cpu": lambda: True, "cuda": lambda: torch.cuda.is_available() and (parsed.index or 0) < torch.cuda.device_count(),
                 "mps": lambda: torch.backends.mps.is_available()}
    if not available.get(parsed.type, lambda: True)():
        raise InvalidInputError(f"device {device!r} is not available here; leave device unset to take the GPU where "
                                f"there is one, else the CPU")
    return device


def pick_dtype(device: str, dtype: str | None) -> "torch.dtype":
    """bf16 where the hardware runs it natively (about 3x faster on a recent
    CPU), fp32 everywhere else."""
    import torch

    if dtype is not None:
        known = {"bf16": torch.bfloat16, "bfloat16": torch.bfloat16, "fp32": torch.float32, "float32": torch.float32}
        if dtype not in known:
            raise InvalidInputError(f"dtype {dtype!r} is not one quotestance runs; use fp32, bf16, or None to pick by hardware")
        return known[dtype]
    if device.startswith("cuda"):
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float32
    cpu = getattr(torch, "cpu", None)
    fast = any(getattr(cpu, name, lambda: False)() for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported"))
    return torch.bfloat16 if fast else torch.float32


def load_sequence_classifier(model: str | Path | None) -> tuple[Any, Any]:
    """(model, tokenizer) from a local path or installed name; the default is
    the shipped LoRA adapter applied to the packaged MiniLM encoder."""
    path = Path(model) if model is not None else DEFAULT_ADAPTER
    check_model_folder(path)
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    try:
        if (path / "adapter_config.json").exists():
            from .models import load_adapter_model

            return load_adapter_model(path)
        tokenizer = AutoTokenizer.from_pretrained(str(model), local_files_only=True)
        network = AutoModelForSequenceClassification.from_pretrained(str(model), local_files_only=True)
    except ModelNotFoundError:
        raise
    except (OSError, ValueError, KeyError, RuntimeError) as error:
        why = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        where = f"the model folder {path} cannot be loaded" if path.is_dir() else f"no local model at {model!r}"
        raise ModelNotFoundError(f"{where} ({why}): {MODEL_FOLDER}") from error
    return network, tokenizer


# Truncation cuts the longer segment first: the quote in practice, and an
# overlong target or hypothesis too rather than failing on it. Training
# tokenises the same way, so the model sees at inference what it learnt from.
TRUNCATION = "longest_first"


def check_settings(device: str | None, dtype: str | None, batch_size: int, max_length: int) -> None:
    """Refuse a bad setting before a model loads."""
    for name, value in (("batch_size", batch_size), ("max_length", max_length)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInputError(f"{name} must be a positive whole number, not {value!r}")
    pick_dtype(pick_device(device), dtype)


class _CrossEncoder:
    """Shared batching: sort by length, pad per batch, restore input order."""

    def __init__(self, network: Any, tokenizer: Any, device: str | None, dtype: str | None, batch_size: int, max_length: int):
        import torch

        self.device = pick_device(device)
        self.dtype = pick_dtype(self.device, dtype)
        self.network = network.to(self.device, dtype=self.dtype).eval()
        self.tokenizer = tokenizer
        self.batch_size = batch_size
        # never past what the model can position (a longer input would fail deep in its embeddings)
        limits = [getattr(network.config, "max_position_embeddings", None), getattr(tokenizer, "model_max_length", None)]
        self.max_length = min([max_length, *(n for n in limits if isinstance(n, int) and 0 < n < 1_000_000)])
        self._torch = torch

    def logits(self, firsts: list[str], seconds: list[str]) -> "torch.Tensor":
        torch = self._torch
        order = sorted(range(len(firsts)), key=lambda i: len(firsts[i]) + len(seconds[i]))
        out: list[Any] = [None] * len(order)
        with torch.inference_mode():
            for begin in range(0, len(order), self.batch_size):
                chunk = order[begin : begin + self.batch_size]
                encoded = self.tokenizer(
                    [encodable(firsts[i]) for i in chunk], [encodable(seconds[i]) for i in chunk], padding=True,
                    truncation=TRUNCATION, max_length=self.max_length, return_tensors="pt",
                ).to(self.device)
                result = self.network(**encoded).logits.float().cpu()
                for row, index in enumerate(chunk):
                    out[index] = result[row]
        if not out:
            return torch.zeros((0, self.network.config.num_labels))
        return torch.stack(out)


class TransformerStance:
    """Cross-encoder stance over (target, quote[, context]) pairs.

    With no arguments it loads the model shipped with quotestance; any local
    ``AutoModelForSequenceClassification`` folder with favor/against/neutral
    labels (or a LoRA adapter folder) plugs in the same way.
    """

    def __init__(self, model: str | Path | None = None, *, device: str | None = None, dtype: str | None = None,
                 batch_size: int = 64, max_length: int = 256, label_bias: Mapping[str, float] | None = None,
                 on_topic: bool = False):
        """``label_bias`` adds offsets to the logits of the labels named (e.g.
        ``{"neutral": -0.5}`` to call fewer quotes neutral; ``{}`` for none);
        by default a model's own ``quotestance.json`` offsets apply.

        ``on_topic=True`` takes every quote to be about the target (quotes
        from articles chosen for it): a model with an ``unrelated`` label
        then leaves that label out, so "says nothing about it" no longer
        counts as neutral. By default it does."""
        check_settings(device, dtype, batch_size, max_length)
        network, tokenizer = load_sequence_classifier(model)
        meta = _model_meta(Path(model) if model is not None else DEFAULT_ADAPTER)
        self.labels = map_labels(network.config.id2label)
        names = [str(network.config.id2label[i]).strip().lower() for i in sorted(network.config.id2label)]
        if on_topic and OFF_TOPIC not in names:
            raise InvalidInputError(f"on_topic needs a model with an {OFF_TOPIC!r} label (python -m quotestance.stance.train "
                                    f"--unrelated-label); this one has {names}")
        if label_bias is None:
            saved = meta.get("label_bias", {})  # a prior correction fitted on the model's dev split
            self.label_bias = [float(saved.get(label, 0.0)) for label in self.labels]
        else:
            unknown = set(label_bias) - set(STANCE_LABELS)
            if unknown:
                raise InvalidInputError(f"label_bias names {sorted(unknown)}; use favor, against or neutral")
            self.label_bias = [float(label_bias.get(label, 0.0)) for label in self.labels]
        if on_topic:  # leaving a label out is an offset of minus infinity on its logit
            self.label_bias = [float("-inf") if name == OFF_TOPIC else bias for name, bias in zip(names, self.label_bias)]
        self.on_topic = on_topic
        self.inputs = InputFormat.of(meta)
        self._encoder = _CrossEncoder(network, tokenizer, device, dtype, batch_size, max_length)

    def logits(self, quotes: Sequence[QuoteLike], target: str, contexts: Sequence[str | None] | None = None) -> "torch.Tensor":
        """Raw scores per label (model order), before the shipped prior correction."""
        _check_target(target)
        quotes, texts, ctx = _check_inputs(quotes, contexts)
        check_target_length(self._encoder.tokenizer, target)
        speakers = [speaker_of(q) for q in quotes]
        return self._encoder.logits([self.inputs.first(target, s) for s in speakers],
                                    [self.inputs.second(t, c, s, target) for t, c, s in zip(texts, ctx, speakers)])

    @property
    def dtype(self) -> "torch.dtype":
        return self._encoder.dtype

    def check_target(self, target: str) -> None:
        """Refuse a target this model cannot read (empty, or cut by its tokenizer) before any work."""
        _check_target(target)
        check_target_length(self._encoder.tokenizer, target)

    def predict(self, quotes: Sequence[QuoteLike], target: str, contexts: Sequence[str | None] | None = None) -> list[Stance]:
        return fold_logits(self.labels, self.logits(quotes, target, contexts), self.label_bias)

    def predict_targets(self, quotes: Sequence[QuoteLike], targets: Sequence[str],
                        contexts: Sequence[str | None] | None = None) -> dict[str, list[Stance]]:
        """``predict`` toward several targets in one pass: the pairs of all the
        targets are sorted by length together, so fewer batches run half empty."""
        targets = [] if isinstance(targets, str) else list(targets)
        if not targets:
            raise InvalidInputError("predict_targets takes a list of targets; use predict for one")
        quotes, texts, ctx = _check_inputs(quotes, contexts)
        for target in targets:
            _check_target(target)
            check_target_length(self._encoder.tokenizer, target)
        speakers = [speaker_of(q) for q in quotes]
        logits = self._encoder.logits([self.inputs.first(t, s) for t in targets for s in speakers],
                                      [self.inputs.second(q, c, s, t) for t in targets for q, c, s in zip(texts, ctx, speakers)])
        stances = fold_logits(self.labels, logits, self.label_bias)
        return {t: stances[k * len(texts) : (k + 1) * len(texts)] for k, t in enumerate(targets)}


def _model_meta(folder: Path) -> dict[str, Any]:
    """A model folder's ``quotestance.json`` (label offsets, inputs), or nothing."""
    meta = folder / "quotestance.json"
    return json_object(meta) if meta.is_file() else {}


def fold_logits(labels: Sequence[StanceLabel], logits: "torch.Tensor", label_bias: Sequence[float]) -> list[Stance]:
    """Logits (model label order) plus per-label offsets, to Stances: the one
    place offsets are applied, for prediction and for fitting them on dev."""
    probabilities = (logits + logits.new_tensor(list(label_bias))).softmax(-1)
    return [_to_stance(labels, row.tolist()) for row in probabilities]


def _to_stance(labels: Sequence[StanceLabel], probabilities: Sequence[float]) -> Stance:
    """Fold per-label probabilities (a model may have two labels that count
    as neutral) into one Stance."""
    scores = {label: 0.0 for label in STANCE_LABELS}
    for label, p in zip(labels, probabilities):
        scores[label] += float(p)
    best = max(STANCE_LABELS, key=lambda label: scores[label])
    return Stance(best, scores)


DEFAULT_HYPOTHESES: dict[StanceLabel, str] = {
    "favor": "The speaker supports {target}.",
    "against": "The speaker opposes {target}.",
    "neutral": "The speaker is neutral about {target}.",
}


class ZeroShotStance:
    """Stance as entailment with any local NLI model (bart-large-mnli, DeBERTa
    NLI...): each label's hypothesis is scored against the quote, and the
    entailment scores are normalised over the three labels."""

    def __init__(self, model: str | Path, *, hypotheses: dict[StanceLabel, str] | None = None,
                 device: str | None = None, dtype: str | None = None, batch_size: int = 32, max_length: int = 256):
        check_settings(device, dtype, batch_size, max_length)
        network, tokenizer = load_sequence_classifier(model)
        names = {i: str(n).lower() for i, n in network.config.id2label.items()}
        entail = [i for i, n in names.items() if n.startswith("entail")]
        if not entail:
            raise ModelNotFoundError(f"{model!r} is not an NLI model: its labels {sorted(names.values())} have no 'entailment'")
        self.entailment_index = entail[0]
        self.hypotheses = dict(hypotheses or DEFAULT_HYPOTHESES)
        if set(self.hypotheses) != set(STANCE_LABELS) or any("{target}" not in h for h in self.hypotheses.values()):
            raise InvalidInputError("hypotheses need one template per label, each with a {target} slot")
        self._encoder = _CrossEncoder(network, tokenizer, device, dtype, batch_size, max_length)

    def predict(self, quotes: Sequence[QuoteLike], target: str, contexts: Sequence[str | None] | None = None) -> list[Stance]:
        _check_target(target)
        _, texts, ctx = _check_inputs(quotes, contexts)
        check_target_length(self._encoder.tokenizer, target)
        premises = [pair_text(t, c) for t, c in zip(texts, ctx)]
        firsts = [p for p in premises for _ in STANCE_LABELS]
        seconds = [self.hypotheses[label].format(target=target) for _ in premises for label in STANCE_LABELS]
        logits = self._encoder.logits(firsts, seconds)
        entail = logits[:, self.entailment_index].reshape(len(premises), len(STANCE_LABELS)).softmax(-1)
        return [_to_stance(STANCE_LABELS, row.tolist()) for row in entail]
