"""The hand-labelled news-quote stance corpus (``data/news_stance/``).

The repository keeps each item's article id, quote offsets, speaker, target,
label and the annotator's reason; the article texts are copyrighted news and
stay in ``shared/research/data`` (PolNeAR train and dev, BBC news 2004-05).
Loading slices each quote from its article and checks it against the stored
fingerprint, so a changed text is caught rather than trained on.

    python -m quotestance.stance.news            # counts per split and label
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..attribution.text import sentence_around
from ..corpus.inputs import read_text
from ..errors import InvalidInputError
from ..types import StanceLabel
from .data import StanceRow

NEWS_DIR = Path(__file__).resolve().parents[2] / "data" / "news_stance"
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "research" / "data"
SPLITS = ("train", "dev", "test")


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One labelled quote, sliced from its article."""

    id: str
    article: str
    start: int
    end: int
    quote: str
    context: str
    speaker: str | None
    target: str
    label: StanceLabel
    off_topic: bool
    why: str


def article_path(article: str, shared: Path = SHARED_DATA) -> Path:
    """``polnear/train/<name>`` or ``bbc/<section>/<name>`` -> the text file."""
    source, part, name = article.split("/", 2)
    if source == "polnear":
        return shared / "polnear" / "data" / part / "text" / f"{name}.txt"
    if source == "bbc":
        return shared / "bbc-news" / "news" / part / f"{name}.txt"
    raise InvalidInputError(f"unknown article source {source!r} in {article!r}")


def fingerprint(quote: str) -> str:
    return hashlib.sha1(quote.encode("utf-8")).hexdigest()[:12]


def split_of(article: str) -> str:
    """Train 70%, dev 15%, test 15%, by article: every quote of an article
    falls in one split, decided by a hash of its id alone."""
    bucket = int(hashlib.sha1(article.encode("utf-8")).hexdigest(), 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def batch_of(item_id: str) -> int:
    """The labelling round an item came from, by its id: ``ns<k>`` the first
    (all of dev and test), ``nb<n>-<k>`` round n (train only)."""
    if re.fullmatch(r"ns\d+", item_id):
        return 1
    match = re.fullmatch(r"nb(\d+)-\d+", item_id)
    if match is None:
        raise InvalidInputError(f"news item id {item_id!r} is neither ns<k> nor nb<n>-<k>")
    return int(match.group(1))


def load_news(split: str, news_dir: Path = NEWS_DIR, shared: Path = SHARED_DATA,
              batches: Sequence[int] | None = None) -> list[NewsItem]:
    """The items of one split, each quote sliced from its article; ``batches``:
    only the items of these labelling rounds (all when None)."""
    if split not in SPLITS:
        raise InvalidInputError(f"split must be one of {SPLITS}, not {split!r}")
    path = news_dir / f"{split}.jsonl"
    if not path.exists():
        raise InvalidInputError(f"{path} not found: the news stance corpus lives in data/news_stance/ of the repository")
    texts: dict[str, str] = {}
    items = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        if batches is not None and batch_of(row["id"]) not in batches:
            continue
        article = row["article"]
        if article not in texts:
            source = article_path(article, shared)
            if not source.exists():
                raise InvalidInputError(f"{source} not found: the corpus reads its articles from shared/research/data "
                                        f"beside the project")
            texts[article] = read_text(source)  # the items' offsets index the file as it is
        text = texts[article]
        quote = text[row["start"] : row["end"]]
        if fingerprint(quote) != row["quote_sha1"]:
            raise InvalidInputError(f"{path}:{line_number}: the quote at {row['start']}:{row['end']} of {article} "
                                    f"is not the one labelled (the article text changed)")
        begin, finish = sentence_around(text, row["start"], row["end"])
        items.append(NewsItem(row["id"], article, row["start"], row["end"], quote, text[begin:finish],
                              row.get("speaker") or None, row["target"], row["label"], bool(row.get("off_topic")),
                              row.get("why", "")))
    return items


def news_rows(items: Sequence[NewsItem]) -> list[StanceRow]:
    """Items as training and evaluation rows: the quote, its sentence and its speaker."""
    return [StanceRow(target=item.target, text=item.quote, label=item.label, corpus="news", group=item.article,
                      off_topic=item.off_topic, context=item.context, speaker=item.speaker or "")
            for item in items]


def main() -> None:
    from collections import Counter

    for split in SPLITS:
        items = load_news(split)
        labels = Counter(item.label for item in items)
        articles = len({item.article for item in items})
        rounds = Counter(batch_of(item.id) for item in items)
        print(f"{split:5} {len(items):5} items, {articles:4} articles, " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items()))
              + "; " + ", ".join(f"round {b} {n}" for b, n in sorted(rounds.items())))


if __name__ == "__main__":
    main()
