"""Quote and speaker metrics against PolNeAR and the seed fixture.

The PolNeAR metric is the GenderGapTracker one: each gold content is matched
by the best still-unmatched prediction covering more than 30% (and, apart,
80%) of its characters; the speaker is right when the predicted mention
overlaps the gold Source. Predictions that share one cue (``“A,” she said,
“B.”``) form one attribution, as PolNeAR annotates them.

Precision, recall and ``speaker_accuracy`` count the quotes that have a
speaker mention, as the GenderGapTracker does. ``speaker_accuracy_every``
counts every quote found: a quote with no speaker mention still takes the
gold it covers, and counts as a wrong speaker.

    python -m quotestance.evaluate polnear --split dev
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..corpus.inputs import read_text
from .metrics import prf
from ..types import Quote

QUOTE_MARKS = re.compile("[\"\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}]|''")  # '' as in the NYT
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: content and source as (possibly discontinuous) spans."""

    content: Spans
    source: Spans = ()
    marked: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    gold: tuple[Attribution, ...]
    date: str | None = None


def _spans(field_text: str) -> Spans:
    return tuple((int(a), int(b)) for a, b in (piece.split() for piece in field_text.split(";")))


def read_brat(ann: str, text: str) -> list[Attribution]:
    """Attributions from a PolNeAR brat file (T lines + E lines)."""
    spans: dict[str, Spans] = {}
    links: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = _spans(offsets)
        elif line.startswith("E") and len(parts) >= 2:
            links.append(dict(item.split(":", 1) for item in parts[1].split()))
    out = []
    for link in links:
        content = spans.get(link.get("Content", ""), ())
        if not content:
            continue
        source = spans.get(link.get("Source", ""), ())
        marked = any(QUOTE_MARKS.search(text[a:b]) for a, b in content)
        out.append(Attribution(content, source, marked))
    return out


def load_polnear(root: Path, split: str = "dev", limit: int | None = None) -> list[Article]:
    """One annotator's file per article (the first in name order)."""
    base = root / "data" / split
    if not base.exists():
        raise FileNotFoundError(f"no PolNeAR split at {base}")
    dates = _dates(root / "data" / "metadata.tsv")
    articles = []
    for text_path in sorted((base / "text").glob("*.txt"))[:limit]:
        anns = sorted((base / "attributions").glob(text_path.stem + "_*.ann"))
        if not anns:
            continue
        text = read_text(text_path)  # brat offsets index the file as it is
        gold = read_brat(read_text(anns[0]), text)
        articles.append(Article(text_path.stem, text, tuple(gold), dates.get(text_path.stem)))
    return articles


def _dates(metadata: Path) -> dict[str, str]:
    if not metadata.exists():
        return {}
    lines = metadata.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    name, date = header.index("filename"), header.index("publication_date")
    return {row.split("\t")[name]: row.split("\t")[date] for row in lines[1:] if row.count("\t") >= date}


def as_attributions(quotes: Sequence[Quote], marked_only: bool = False, every: bool = False) -> list[Attribution]:
    """Predicted attributions: quotes with a speaker mention (``every``: all
    quotes, those with none getting no source), grouped by cue."""
    grouped: dict[Any, list[Quote]] = {}
    for quote in quotes:
        if (quote.speaker_mention is None and not every) or (marked_only and quote.kind == "indirect"):
            continue
        key = (quote.cue.start, quote.cue.end) if quote.cue is not None else ("quote", quote.start)
        grouped.setdefault(key, []).append(quote)
    out = []
    for members in grouped.values():
        content = tuple((q.content.start, q.content.end) for q in members)
        source = tuple((q.speaker_mention.start, q.speaker_mention.end) for q in members if q.speaker_mention)
        out.append(Attribution(content, source[:1], True))
    return out


def _covered(gold: Spans, predicted: Spans) -> float:
    total = sum(b - a for a, b in gold)
    hit = sum(max(0, min(b, d) - max(a, c)) for a, b in gold for c, d in predicted)
    return hit / total if total else 0.0


def _overlaps(first: Spans, second: Spans) -> bool:
    return any(a < d and c < b for a, b in first for c, d in second)


@dataclass
class Score:
    """Counts for one threshold, summed over articles."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0
    speaker_right: int = 0
    every_matched: int = 0  # the same, over every quote found, with a speaker mention or not
    every_speaker_right: int = 0

    def add(self, gold: Sequence[Attribution], predicted: Sequence[Attribution], threshold: float,
            every: Sequence[Attribution] | None = None) -> None:
        """Count one article; ``every``: all its quotes found (``predicted`` when None)."""
        self.gold += len(gold)
        self.predicted += len(predicted)
        matched, right = _match(gold, predicted, threshold)
        self.matched += matched
        self.speaker_right += right
        matched, right = _match(gold, predicted if every is None else every, threshold)
        self.every_matched += matched
        self.every_speaker_right += right

    def row(self) -> dict[str, float]:
        precision, recall, f1 = prf(self.matched, self.predicted, self.gold)
        accuracy = self.speaker_right / self.matched if self.matched else 0.0
        every = self.every_speaker_right / self.every_matched if self.every_matched else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "speaker_accuracy": accuracy,
                "speaker_accuracy_every": every, "gold": self.gold, "predicted": self.predicted}


def _match(gold: Sequence[Attribution], predicted: Sequence[Attribution], threshold: float) -> tuple[int, int]:
    """(gold matched, of which with the right speaker): each gold takes the
    best still-unmatched prediction covering more than ``threshold`` of it."""
    free = list(range(len(predicted)))
    matched = right = 0
    for item in gold:
        coverage = [(_covered(item.content, predicted[i].content), i) for i in free]
        best = max(coverage, default=(0.0, -1))
        if best[0] > threshold:
            free.remove(best[1])
            matched += 1
            right += _overlaps(predicted[best[1]].source, item.source)
    return matched, right


@dataclass
class Report:
    """Scores per system, subset ((a) marked, (b) all with a source) and threshold."""

    scores: dict[tuple[str, str, float], Score] = field(default_factory=dict)

    def add(self, system: str, gold: Sequence[Attribution], predicted: Sequence[Attribution], marked_predicted: Sequence[Attribution],
            every: Sequence[Attribution] | None = None, marked_every: Sequence[Attribution] | None = None) -> None:
        """``every``, ``marked_every``: all quotes found, speaker mention or not
        (the predictions themselves when None)."""
        with_source = [g for g in gold if g.source]
        for subset, golds, preds, found in (("a-marked", [g for g in with_source if g.marked], marked_predicted, marked_every),
                                            ("b-all", with_source, predicted, every)):
            for threshold in (0.3, 0.8):
                self.scores.setdefault((system, subset, threshold), Score()).add(golds, preds, threshold, found)

    def frame(self) -> Any:
        import pandas as pd

        rows = [{"system": s, "subset": sub, "threshold": t, **score.row()} for (s, sub, t), score in self.scores.items()]
        return pd.DataFrame(rows).sort_values(["subset", "threshold", "system"]).reset_index(drop=True)


def textacy_attributions(doc: Any) -> list[Attribution]:
    """textacy's ``direct_quotations`` as attributions; it raises on some
    documents (an odd number of quote marks), which then get none."""
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        for triple in direct_quotations(doc):
            content = ((triple.content[0].idx, triple.content[-1].idx + len(triple.content[-1])),)
            source = tuple((t.idx, t.idx + len(t)) for t in triple.speaker)
            out.append(Attribution(content, source, True))
    except Exception:  # noqa: BLE001 - textacy's own failure mode is part of the comparison
        return []
    return out


def default_systems() -> dict[str, Any]:
    """The configurations scored: the default (the rules), with the learned
    reported-speech tagger, and with attitudes as PolNeAR annotates them."""
    from ..config import Config

    return {"quotestance": Config(), "quotestance+learned": Config(learned_reported=True),
            "quotestance+attitudes": Config(attitudes=True)}


def evaluate_polnear(articles: Iterable[Article], with_textacy: bool = True, progress: Callable[[Any], Any] | None = None,
                     systems: dict[str, Any] | None = None) -> Report:
    """Our pipeline in each configuration of ``systems`` (name -> Config;
    ``default_systems()`` when None) and textacy, on the same articles."""
    from ..attribution.nlp import load_spacy
    from ..attribution.pipeline import quotes_from_doc

    articles = list(articles)
    report = Report()
    nlp = load_spacy()
    configs = default_systems() if systems is None else systems
    iterator = zip(articles, nlp.pipe(a.text for a in articles))  # one parse serves every system
    for article, doc in (progress(iterator) if progress else iterator):
        for name, config in configs.items():
            quotes = quotes_from_doc(doc, config=config)
            report.add(name, article.gold, as_attributions(quotes), as_attributions(quotes, marked_only=True),
                       as_attributions(quotes, every=True), as_attributions(quotes, marked_only=True, every=True))
        if with_textacy:
            predicted = textacy_attributions(doc)
            report.add("textacy", article.gold, predicted, predicted)
    return report


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m quotestance.evaluate", description="Quote and speaker metrics.")
    parser.add_argument("corpus", choices=["polnear"])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "research" / "data" / "polnear")
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--no-textacy", action="store_true")
    args = parser.parse_args(argv)
    articles = load_polnear(args.root, args.split, args.limit)
    report = evaluate_polnear(articles, with_textacy=not args.no_textacy)
    import pandas as pd

    with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
        print(f"PolNeAR {args.split}: {len(articles)} articles")
        print(report.frame().to_string(index=False))


if __name__ == "__main__":
    main()
