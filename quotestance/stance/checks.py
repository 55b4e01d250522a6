"""What a shipped stance model's card reports beyond the public corpora: the
news-quote test split, the behavioural suite, the seed article, and the
direction check on PolNeAR (a speaker's own words toward the speaker).

None of these chooses anything: each is read once per shipped model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..evaluate.metrics import confusion, f1_for, macro_f1
from ..types import STANCE_LABELS
from .classifiers import StanceClassifier
from .evaluation import predict_rows
from .news import SHARED_DATA, load_news, news_rows

SEED_FIXTURE = Path(__file__).resolve().parents[2] / "seeds" / "seed_summit.json"
SELF_TARGETS = ("Hillary Clinton", "Donald Trump")


def news_report(classifier: StanceClassifier, split: str = "test") -> dict[str, Any]:
    """Macro-F1, each label's F1 (x100) and the confusion matrix on a news split."""
    rows = news_rows(load_news(split))
    gold = [r["label"] for r in rows]
    predicted = predict_rows(classifier, rows)
    return {"items": len(rows), "macro_f1": 100 * macro_f1(gold, predicted, STANCE_LABELS),
            **{f"f1_{label}": 100 * f1_for(gold, predicted, label) for label in STANCE_LABELS},
            "confusion": confusion(gold, predicted, STANCE_LABELS)}


def seed_report(classifier: StanceClassifier, fixture: Path = SEED_FIXTURE) -> dict[str, Any]:
    """How many of the seed's gold stances the pipeline and model get right:
    each gold quote is matched to the found quote that covers it most."""
    from ..attribution.pipeline import extract_quotes
    from ..corpus.track import stance_context
    from ..evaluate.fixtures import load_fixture

    gold = load_fixture(fixture)
    text = gold["text"]
    quotes = extract_quotes(text, roster=gold["speakers"])
    right, rows = 0, []
    for item in gold["quotes"]:
        start, end = item["span"]
        best = max(quotes, key=lambda q: max(0, min(end, q.content.end) - max(start, q.content.start)))
        stance = classifier.predict([best], gold["target"], [stance_context(text, best)])[0]
        right += stance.label == item["stance"]
        rows.append({"speaker": item["speaker"], "gold": item["stance"], "predicted": stance.label})
    return {"right": right, "total": len(gold["quotes"]), "quotes": rows}


def direction_report(classifier: StanceClassifier, shared: Path = SHARED_DATA) -> dict[str, Any] | None:
    """The net stance (mean p_favor - p_against) of each person's own quotes
    toward that person, over PolNeAR train and dev: a speaker's own words are
    never, on net, against the speaker. None when PolNeAR is absent."""
    from ..corpus.track import track

    folders = [shared / "polnear" / "data" / split / "text" for split in ("train", "dev")]
    if not all(folder.is_dir() for folder in folders):
        return None
    texts = [path.read_text(encoding="utf-8") for folder in folders for path in sorted(folder.glob("*.txt"))]
    frame = track(texts, target=list(SELF_TARGETS), classifier=classifier)
    report: dict[str, dict[str, Any]] = {}
    for person in SELF_TARGETS:
        own = frame[(frame["speaker"] == person) & (frame["target"] == person)]
        counts = own["stance"].value_counts()
        report[person] = {"quotes": len(own), "net": float((own["p_favor"] - own["p_against"]).mean()),
                          **{label: int(counts.get(label, 0)) for label in STANCE_LABELS}}
    return report
