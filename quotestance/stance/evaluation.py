"""Stance metrics on the held-out test splits, each with its papers' metric.

VAST: macro-F1 over pro, con and neutral, for all, zero-shot and few-shot
rows. SemEval-2016 (TweetEval): per target the mean F1 of favor and against,
then the mean over targets.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..evaluate.metrics import confusion, macro_f1
from ..types import STANCE_LABELS, Quote
from .classifiers import QuoteLike, StanceClassifier, TransformerStance, fold_logits
from .data import EXTRA_CORPORA, SEMEVAL_TARGETS, StanceRow, load_semeval, load_vast

if TYPE_CHECKING:
    import torch

PUBLISHED = {
    "vast/all": "TGA Net 66.5 (BERT-based, paper)",
    "vast/zero-shot": "TGA Net 66.6 (paper); later BERT-base systems ~70-74",
    "vast/few-shot": "TGA Net 66.3 (paper)",
    "semeval/tweeteval": "RoBERTa-retrained 69.3, RoBERTa-base 68.0, SVM 67.3",
}


def _by_target(rows: Sequence[StanceRow]) -> dict[str, list[int]]:
    """Row indices per target: a classifier is called once per target."""
    by_target: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_target.setdefault(row["target"], []).append(i)
    return by_target


def row_inputs(rows: Sequence[StanceRow]) -> tuple[list[QuoteLike], list[str | None] | None]:
    """(quotes, contexts) as a classifier takes them: a row with a speaker
    becomes a Quote that names it; contexts only where some row has one."""
    quotes: list[QuoteLike] = [Quote("direct", 0, len(r["text"]), r["text"], speaker=r["speaker"]) if r.get("speaker") else r["text"]
                               for r in rows]
    contexts = [r.get("context") for r in rows]
    return quotes, contexts if any(contexts) else None


def predict_rows(classifier: StanceClassifier, rows: Sequence[StanceRow]) -> list[str]:
    """Labels for rows that may mix targets, one predict call per target."""
    predicted: list[str] = [""] * len(rows)
    for target, indices in _by_target(rows).items():
        quotes, contexts = row_inputs([rows[i] for i in indices])
        stances = classifier.predict(quotes, target, contexts)
        for i, stance in zip(indices, stances):
            predicted[i] = stance.label
    return predicted


def score_rows(rows: Sequence[StanceRow], predicted: Sequence[str]) -> dict[str, float]:
    """Each corpus's published metric over the rows given (x100)."""
    scores: dict[str, float] = {}
    vast = [(r, p) for r, p in zip(rows, predicted) if r["corpus"] == "vast"]
    for name, keep in (("all", lambda g: True), ("zero-shot", lambda g: g == "zero-shot"), ("few-shot", lambda g: g == "few-shot")):
        pairs = [(r["label"], p) for r, p in vast if keep(r["group"])]
        if pairs:
            scores[f"vast/{name}"] = 100 * macro_f1([g for g, _ in pairs], [p for _, p in pairs], STANCE_LABELS)
    semeval = [(r, p) for r, p in zip(rows, predicted) if r["corpus"] == "semeval"]
    per_target = []
    for folder in SEMEVAL_TARGETS:
        pairs = [(r["label"], p) for r, p in semeval if r["group"] == folder]
        if pairs:
            per_target.append(macro_f1([g for g, _ in pairs], [p for _, p in pairs], ("favor", "against")))
    if per_target:
        scores["semeval/tweeteval"] = 100 * sum(per_target) / len(per_target)
    for corpus in ("news", "contrast", *EXTRA_CORPORA):
        pairs = [(r["label"], p) for r, p in zip(rows, predicted) if r["corpus"] == corpus]
        if pairs:
            scores[corpus] = 100 * macro_f1([g for g, _ in pairs], [p for _, p in pairs], STANCE_LABELS)
    return scores


def evaluate_test_splits(classifier: StanceClassifier, data_dir: Path, limit: int | None = None, seed: int = 0) -> tuple[dict[str, float], list[list[int]]]:
    """Scores on VAST test and SemEval test, and the VAST confusion matrix.
    ``limit`` samples that many rows per corpus, for a quick look."""
    rows: list[StanceRow] = []
    for corpus in (load_vast(data_dir, "test"), load_semeval(data_dir, "test")):
        if limit is not None and len(corpus) > limit:
            corpus = random.Random(seed).sample(corpus, limit)
        rows.extend(corpus)
    predicted = predict_rows(classifier, rows)
    vast = [(r["label"], p) for r, p in zip(rows, predicted) if r["corpus"] == "vast"]
    matrix = confusion([g for g, _ in vast], [p for _, p in vast], STANCE_LABELS)
    return score_rows(rows, predicted), matrix


def format_table(scores: dict[str, float]) -> str:
    lines = ["| split | macro-F1 (ours) | published |", "|---|---|---|"]
    for key, value in scores.items():
        lines.append(f"| {key} | {value:.1f} | {PUBLISHED.get(key, '-')} |")
    return "\n".join(lines)


NEUTRAL_OFFSETS = tuple(step / 4 for step in range(-12, 17))


def row_logits(classifier: "TransformerStance", rows: Sequence[StanceRow]) -> "torch.Tensor":
    """Raw logits (model label order) for rows that may mix targets."""
    import torch

    logits = torch.zeros((len(rows), len(classifier.labels)))
    for target, indices in _by_target(rows).items():
        quotes, contexts = row_inputs([rows[i] for i in indices])
        logits[indices] = classifier.logits(quotes, target, contexts)
    return logits


def fit_neutral_bias(classifier: "TransformerStance", rows: Sequence[StanceRow], grid: Sequence[float] = NEUTRAL_OFFSETS) -> tuple[float, dict[str, float]]:
    """The offset on the neutral logits that maximises the dev score (news
    macro-F1 where news rows are given, else the mean of VAST macro-F1 and
    SemEval's metric); returns it with the dev scores.
    Each offset is scored exactly as ``predict`` would apply it: on every
    logit that counts as neutral (``unrelated`` too), then folded."""
    logits = row_logits(classifier, rows)
    best: tuple[float, float, dict[str, float]] = (-1.0, 0.0, {})
    for offset in grid:
        bias = [offset if label == "neutral" else 0.0 for label in classifier.labels]
        predicted = [stance.label for stance in fold_logits(classifier.labels, logits, bias)]
        scores = score_rows(rows, predicted)
        mean = scores["news"] if "news" in scores else sum(scores.values()) / len(scores)
        if mean > best[0]:
            best = (mean, offset, scores)
    return best[1], best[2]
