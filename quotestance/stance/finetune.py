"""Fine-tuning steps of the training command: build the encoder with a
fresh head, train it with ``transformers.Trainer``, cut the change to a LoRA
adapter by SVD, heal the cut by distillation, and fit the neutral offset."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from ..types import OFF_TOPIC, STANCE_LABELS
from .classifiers import TRUNCATION, InputFormat, TransformerStance
from .data import StanceRow, training_label
from .evaluation import fit_neutral_bias, predict_rows, score_rows
from .models import ENCODER_PACKAGE, packaged_encoder_path

LORA_TARGETS = ["query", "key", "value", "intermediate.dense", "output.dense"]


def model_labels(args: argparse.Namespace) -> tuple[str, ...]:
    return (*STANCE_LABELS, OFF_TOPIC) if args.unrelated_label else STANCE_LABELS


def input_format(args: argparse.Namespace) -> InputFormat:
    """How the run's model reads its pair (``--speaker-input``, ``--hypothesis-input``, ``--self-marker``)."""
    return InputFormat(speaker=args.speaker_input, hypothesis=args.hypothesis_input, self_marker=args.self_marker)


def _base_classifier(seed: int, base: Path | None = None, labels: Sequence[str] = STANCE_LABELS) -> Any:
    """The encoder with a fresh head over ``labels``, initialised from ``seed``."""
    import torch

    from .models import base_classifier

    torch.manual_seed(seed)
    return base_classifier(base, labels)


def _tokenizer(base: Path | None = None) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(base or packaged_encoder_path()), local_files_only=True)


def lora_config(rank: int) -> Any:
    from peft import LoraConfig

    return LoraConfig(task_type="SEQ_CLS", r=rank, lora_alpha=rank, lora_dropout=0.1,
                      target_modules=LORA_TARGETS, modules_to_save=["classifier", "pooler"])


def build_model(rank: int, seed: int, labels: Sequence[str] = STANCE_LABELS) -> tuple[Any, Any]:
    """The encoder with a fresh head and LoRA adapters in every block."""
    from peft import get_peft_model

    return get_peft_model(_base_classifier(seed, labels=labels), lora_config(rank)), _tokenizer()


def is_tuned(name: str) -> bool:
    """Full fine-tuning trains exactly what the shipped adapter can carry: the
    weight matrices LoRA targets, the pooler and the head. Embeddings, biases
    and layer norms stay as packaged."""
    if name.startswith(("classifier.", "bert.pooler.")):
        return True
    return name.endswith(".weight") and any(f".{target}.weight" in name for target in LORA_TARGETS) and ".LayerNorm" not in name


def build_full(seed: int, labels: Sequence[str] = STANCE_LABELS, init_from: Path | None = None) -> tuple[Any, Any]:
    """The encoder with every shippable matrix trainable: a fresh head, or
    (``init_from``) a shipped adapter merged in, or an earlier run's full
    checkpoint, to continue from it."""
    if init_from is None:
        model = _base_classifier(seed, labels=labels)
    else:
        import torch

        from .models import load_adapter_model

        torch.manual_seed(seed)
        if (Path(init_from) / "adapter_config.json").exists():
            model = load_adapter_model(init_from)[0]
        elif (Path(init_from) / "config.json").exists():  # an earlier run's full checkpoint, uncut
            from transformers import AutoModelForSequenceClassification

            model = AutoModelForSequenceClassification.from_pretrained(str(init_from))
        else:
            raise SystemExit(f"--init-from {init_from}: neither a shipped adapter nor a full checkpoint (no adapter_config.json or config.json)")
        found = [model.config.id2label[i] for i in sorted(model.config.id2label)]
        if list(found) != list(labels):
            raise SystemExit(f"--init-from {init_from} has labels {found}, this run {list(labels)}: match --unrelated-label to it")
    for name, parameter in model.named_parameters():
        parameter.requires_grad = is_tuned(name)
    return model, _tokenizer()


def to_dataset(rows: Sequence[StanceRow], tokenizer: Any, max_length: int, labels: Sequence[str] = STANCE_LABELS,
               inputs: InputFormat = InputFormat()) -> Any:
    """Rows tokenised as ``TransformerStance`` tokenises its input (``inputs``)."""
    from datasets import Dataset

    data = Dataset.from_dict({
        "target": [inputs.first(r["target"], r.get("speaker")) for r in rows],
        "text": [inputs.second(r["text"], r.get("context"), r.get("speaker"), r["target"]) for r in rows],
        "label": [labels.index(training_label(r, labels)) for r in rows],
    })
    return data.map(lambda b: tokenizer(b["target"], b["text"], truncation=TRUNCATION, max_length=max_length),
                    batched=True, remove_columns=["target", "text"])


def _bf16_ok(cuda: bool) -> bool:
    import torch

    from .classifiers import pick_dtype

    return pick_dtype("cuda" if cuda else "cpu", None) == torch.bfloat16


def training_arguments(args: argparse.Namespace, output_dir: Path, epochs: float, **overrides: Any) -> Any:
    """The schedule both training and healing follow (the model card states it)."""
    import torch
    from transformers import TrainingArguments

    cuda = torch.cuda.is_available()
    return TrainingArguments(
        output_dir=str(output_dir), num_train_epochs=epochs, per_device_train_batch_size=args.batch_size,
        per_device_eval_batch_size=64, learning_rate=args.learning_rate, warmup_steps=0.06, weight_decay=0.01,
        lr_scheduler_type="linear", use_cpu=not cuda, bf16=_bf16_ok(cuda), train_sampling_strategy="group_by_length",
        logging_steps=50, eval_strategy="no", seed=args.train_seed, dataloader_num_workers=0, report_to=[],
        disable_tqdm=True, **overrides,
    )


def train(args: argparse.Namespace, train_rows: Sequence[StanceRow]) -> dict[str, Any]:
    """Fine-tune, keeping a checkpoint per epoch under ``--work-dir``."""
    import torch
    from transformers import DataCollatorWithPadding, Trainer

    if args.limit:
        train_rows = train_rows[: args.limit]
    labels = model_labels(args)
    if args.method == "full":
        model, tokenizer = build_full(args.train_seed, labels, args.init_from)
    else:
        model, tokenizer = build_model(args.lora_rank, args.train_seed, labels)
    cuda = torch.cuda.is_available()
    arguments = training_arguments(args, args.work_dir, args.epochs, save_strategy="epoch", save_only_model=True)
    dataset = to_dataset(train_rows, tokenizer, args.max_length, labels, input_format(args))
    trainer: Trainer
    common = dict(model=model, args=arguments, processing_class=tokenizer, data_collator=DataCollatorWithPadding(tokenizer))
    if args.consistency:
        from .consistency import AnchoredBatches, ConsistencyTrainer, GroupedBatches, consistency_groups

        groups = consistency_groups(train_rows)
        lengths = [len(ids) for ids in dataset["input_ids"]]
        batches: GroupedBatches | AnchoredBatches
        if args.consistency_batches == "anchored":
            batches = AnchoredBatches(groups, lengths, args.batch_size)
        else:
            batches = GroupedBatches(groups, lengths, args.batch_size, args.train_seed)
        trainer = ConsistencyTrainer(train_dataset=dataset.add_column("group", groups), weight=args.consistency,
                                     batches=batches, **common)
    else:
        trainer = Trainer(train_dataset=dataset, **common)
    started = time.time()
    trainer.train()
    run = {"train_rows": len(train_rows), "minutes": (time.time() - started) / 60,
           "device": torch.cuda.get_device_name(0) if cuda else "cpu"}
    (args.work_dir / "run.json").write_text(json.dumps(run))
    return run


def dev_score(scores: dict[str, float]) -> float:
    """What picks the checkpoint: news dev macro-F1 when the run has news
    rows (the rule fixed before the news runs), else the mean of VAST's and
    SemEval's dev metrics."""
    if "news" in scores:
        return scores["news"]
    return (scores.get("vast/all", 0.0) + scores.get("semeval/tweeteval", 0.0)) / 2


def checkpoints(work_dir: Path) -> list[Path]:
    """The checkpoint folders of a run, by training step (a soup's, named ``checkpoint-soup``, after them)."""
    found = [p for p in work_dir.glob("checkpoint-*") if (p / "config.json").exists()]
    return sorted(found, key=_step_order)


def _step_order(folder: Path) -> tuple[int, int, str]:
    suffix = folder.name.split("-")[-1]
    return (0, int(suffix), "") if suffix.isdigit() else (1, 0, suffix)


def best_checkpoint(work_dir: Path, dev_rows: Sequence[StanceRow], inputs: InputFormat = InputFormat(),
                    within: Callable[[dict[str, float]], bool] | None = None) -> tuple[Path, dict[str, dict[str, float]]]:
    """The epoch with the best dev score (each scored with no prior correction),
    among those ``within`` accepts (the ship rule's bounds on the other corpora)
    when any does: a checkpoint that wins news dev by losing the tweets would
    only be refused at the end. Each checkpoint is marked with how it reads its
    input, so that it is scored, and later distilled from, as it was trained."""
    if not checkpoints(work_dir):
        raise SystemExit(f"no checkpoints under {work_dir}: train first (without --skip-training)")
    scored = {}
    for folder in checkpoints(work_dir):
        (folder / "quotestance.json").write_text(json.dumps(inputs.as_meta()))
        scored[folder.name] = score_rows(dev_rows, predict_rows(TransformerStance(folder, label_bias={}), dev_rows))
        print(folder.name, scored[folder.name], flush=True)
    return work_dir / choose_checkpoint(scored, within), scored


def choose_checkpoint(scored: dict[str, dict[str, float]], within: Callable[[dict[str, float]], bool] | None = None) -> str:
    """The name of the best-scoring checkpoint among those ``within`` accepts, or among all when it accepts none."""
    eligible = [name for name in scored if within is None or within(scored[name])] or list(scored)
    return max(eligible, key=lambda name: dev_score(scored[name]))


def extract_adapter(tuned_folder: Path, rank: int, output: Path, base: Path | None = None) -> None:
    """Ship full fine-tuning as a LoRA adapter: each tuned matrix's change from
    the packaged encoder, truncated by SVD to ``rank`` and stored in fp16,
    plus the tuned pooler and head. It loads with plain ``peft``."""
    import torch
    from peft import get_peft_model
    from transformers import AutoModelForSequenceClassification

    from .models import quiet_loading

    with quiet_loading():
        tuned = AutoModelForSequenceClassification.from_pretrained(str(tuned_folder), local_files_only=True)
    labels = [tuned.config.id2label[i] for i in sorted(tuned.config.id2label)]
    encoder = _base_classifier(seed=0, base=base, labels=labels)
    tuned_state = tuned.state_dict()
    encoder.classifier.load_state_dict(tuned.classifier.state_dict())
    encoder.bert.pooler.load_state_dict(tuned.bert.pooler.state_dict())
    packaged = {name: tensor.detach().clone() for name, tensor in encoder.state_dict().items()}
    moved = [n for n, t in tuned_state.items() if not is_tuned(n) and n in packaged and not torch.equal(t, packaged[n])]
    if moved:
        raise ValueError(f"{tuned_folder} was not tuned from this encoder with the full method: {moved[0]} changed, "
                         f"and an adapter can only carry the weight matrices, the pooler and the head")
    model = get_peft_model(encoder, lora_config(rank))
    with torch.no_grad():
        for name, module in model.named_modules():
            if not (hasattr(module, "lora_A") and "default" in getattr(module, "lora_A", {})):
                continue
            key = name.removeprefix("base_model.model.") + ".weight"
            change = tuned_state[key].float() - packaged[key].float()
            left, singular, right = torch.linalg.svd(change, full_matrices=False)
            module.lora_B["default"].weight.copy_(left[:, :rank] * singular[:rank])
            module.lora_A["default"].weight.copy_(right[:rank])
    save_fp16_adapter(model, output)


def save_fp16_adapter(model: Any, output: Path) -> None:
    """Save a peft model's adapter, pooler and head in fp16 (half the size;
    the loss in dev scores is nil)."""
    import torch
    from safetensors.torch import load_file, save_file

    output.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(output))
    weights = output / "adapter_model.safetensors"
    save_file({k: v.to(torch.float16).contiguous() for k, v in load_file(str(weights)).items()}, str(weights))


def distillation_trainer_class() -> Any:
    """A Trainer whose loss mixes the labels' cross-entropy with the teacher's
    soft labels (Hinton et al. 2015), read from a ``teacher_logits`` column."""
    import torch
    from transformers import Trainer

    class DistillationTrainer(Trainer):
        temperature = 2.0
        label_weight = 0.5

        def compute_loss(self, model: Any, inputs: dict[str, Any], return_outputs: bool = False,
                         num_items_in_batch: Any = None) -> Any:
            teacher = inputs.pop("teacher_logits").float()
            outputs = model(**inputs)
            student = outputs.logits.float()
            t = self.temperature
            soft = torch.nn.functional.kl_div(torch.log_softmax(student / t, -1), torch.softmax(teacher / t, -1),
                                              reduction="batchmean") * t * t
            loss = self.label_weight * outputs.loss.float() + (1 - self.label_weight) * soft
            return (loss, outputs) if return_outputs else loss

    return DistillationTrainer


def heal(args: argparse.Namespace, teacher_folder: Path, train_rows: Sequence[StanceRow], base: Path | None = None,
         label_weight: float = 0.5) -> dict[str, Any]:
    """Win back what the SVD cut lost: train the rank-limited adapter in
    ``--output`` (not the encoder) for ``--heal-epochs``, learning from the
    labels and from the full checkpoint it was cut from, then save it over
    itself. The teacher's logits are computed once, up front; ``label_weight``
    is the labels' share of the loss, the rest is the teacher's."""
    from peft import PeftModel
    from transformers import DataCollatorWithPadding

    from .models import base_classifier, quiet_loading
    from .evaluation import row_logits

    if args.limit:
        train_rows = train_rows[: args.limit]
    labels = model_labels(args)
    started = time.time()
    teacher = row_logits(TransformerStance(teacher_folder, label_bias={}), train_rows)
    tokenizer = _tokenizer(base)
    data = to_dataset(train_rows, tokenizer, args.max_length, labels, input_format(args)).add_column(
        "teacher_logits", teacher.tolist())
    with quiet_loading():
        model = PeftModel.from_pretrained(base_classifier(base, labels), str(args.output), is_trainable=True)
    arguments = training_arguments(args, args.work_dir / "heal", args.heal_epochs, save_strategy="no",
                                   remove_unused_columns=False)  # keeps the teacher_logits column
    trainer_class = distillation_trainer_class()
    trainer_class.label_weight = label_weight
    trainer = trainer_class(model=model, args=arguments, train_dataset=data, processing_class=tokenizer,
                            data_collator=DataCollatorWithPadding(tokenizer))
    trainer.train()
    # the local base, so that peft's save does not look the packaged name up on the hub
    model.peft_config["default"].base_model_name_or_path = str(base or packaged_encoder_path())
    save_fp16_adapter(model, args.output)
    return {"epochs": args.heal_epochs, "minutes": (time.time() - started) / 60}


def finish_adapter(output: Path, base_name: str = ENCODER_PACKAGE, labels: Sequence[str] = STANCE_LABELS,
                   inputs: InputFormat = InputFormat()) -> None:
    """Make the saved adapter portable: no local paths, no peft stub card."""
    (output / "README.md").unlink(missing_ok=True)
    config_path = output / "adapter_config.json"
    adapter_config = json.loads(config_path.read_text())
    adapter_config["base_model_name_or_path"] = base_name  # resolved at load time, never a local path
    # peft appends its defaults again each time an adapter is loaded and saved (healing does)
    adapter_config["modules_to_save"] = list(dict.fromkeys(adapter_config.get("modules_to_save") or []))
    config_path.write_text(json.dumps(adapter_config, indent=1))
    meta = {"base_model": base_name, "labels": list(labels), **inputs.as_meta()}
    (output / "quotestance.json").write_text(json.dumps(meta, indent=1))


def calibrate(folder: Path, dev_rows: Sequence[StanceRow]) -> tuple[float, dict[str, float]]:
    """Fit the neutral prior correction on dev and save it with the model;
    returns it with the dev scores it gives (as ``predict`` scores them)."""
    meta_path = folder / "quotestance.json"
    meta = json.loads(meta_path.read_text())
    meta.pop("label_bias", None)
    meta_path.write_text(json.dumps(meta, indent=1))
    offset, dev = fit_neutral_bias(TransformerStance(folder), dev_rows)
    meta["label_bias"] = {"neutral": offset}
    meta_path.write_text(json.dumps(meta, indent=1))
    return offset, dev
