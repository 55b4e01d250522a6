"""Named speakers against the news corpus's annotators.

PolNeAR's scorer compares mention spans, so a pronoun's resolution and an
alias's canonical name are invisible to it. The news stance corpus
(``data/news_stance/``) records, for every quote, the speaker an annotator
read in the paragraph (correcting the pipeline's where it was wrong). This
compares the pipeline's canonical speaker of each quote with that name.

    python -m quotestance.evaluate.speakers [--split train dev] [--rounds 1 2]

The news corpus's test split is for stance and is never read here.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..attribution.aliases import acronym_of, as_acronym
from ..attribution.text import fold, without_the
from ..errors import InvalidInputError
from ..types import Quote
from ..stance.news import NEWS_DIR, SHARED_DATA, NewsItem, article_path, load_news

SPLITS = ("train", "dev")


def same_speaker(found: str, annotated: str) -> bool:
    """Whether two ways of naming a speaker agree: one holds the other
    (``Trump`` / ``Donald Trump``, ``the OSI`` / ``OSI``), they share the
    last word (``Mr Blair`` / ``Tony Blair``), or one is the other's acronym
    (``the EU`` / ``European Union``)."""
    a, b = fold(found), fold(annotated)  # one case, no accents, one apostrophe: O’Neill is O'Neill
    if not a or not b:
        return False
    return a in b or b in a or a.split()[-1] in b.split() or _acronym_pair(found, annotated)


def _acronym_pair(first: str, second: str) -> bool:
    return any((acronym := as_acronym(short)) is not None and acronym_of(without_the(long)) == acronym
               for short, long in ((first, second), (second, first)))


@dataclass
class SpeakerAgreement:
    agree: int = 0
    differ: int = 0
    unnamed: int = 0  # the pipeline named no speaker (an unresolved pronoun, a quote it no longer finds)

    @property
    def rate(self) -> float:
        named = self.agree + self.differ
        return self.agree / named if named else 0.0


def compare(splits: Sequence[str] = SPLITS, rounds: Sequence[int] | None = None, news_dir: Path = NEWS_DIR,
            shared: Path = SHARED_DATA) -> tuple[SpeakerAgreement, list[dict[str, str]]]:
    """(counts, the quotes where the names differ) over the corpus's distinct
    quotes with an annotated speaker."""
    from ..attribution.pipeline import extract_quotes
    from ..corpus.inputs import read_text

    if any(split not in SPLITS for split in splits):
        raise InvalidInputError(f"splits must be among {SPLITS}: the news test split is read for stance only")
    by_article: dict[str, dict[int, NewsItem]] = {}
    for split in splits:
        for item in load_news(split, news_dir, shared, batches=rounds):
            if item.speaker:
                by_article.setdefault(item.article, {}).setdefault(item.start, item)  # a quote once, whatever its targets
    counts, differ = SpeakerAgreement(), []
    for article, items in sorted(by_article.items()):
        found = extract_quotes(read_text(article_path(article, shared)))
        for start, item in items.items():
            quote = quote_at(found, start)
            if quote is None or not quote.speaker:
                counts.unnamed += 1
            elif same_speaker(quote.speaker, item.speaker or ""):
                counts.agree += 1
            else:
                counts.differ += 1
                differ.append({"id": item.id, "article": article, "pipeline": quote.speaker,
                               "annotator": item.speaker or "", "evidence": quote.evidence})
    return counts, differ


def quote_at(quotes: Sequence[Quote], start: int) -> Quote | None:
    """The quote found at an annotated quote's start, else the one that holds
    that start: an annotated quote may be one part of a quote found whole
    (paragraphs run together, each reopened with a mark)."""
    return next((q for q in quotes if q.start == start), None) or next((q for q in quotes if q.start < start < q.end), None)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m quotestance.evaluate.speakers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", nargs="+", default=list(SPLITS), choices=SPLITS)
    parser.add_argument("--rounds", nargs="+", type=int, default=None, help="labelling rounds (default: all)")
    parser.add_argument("--show", action="store_true", help="print every quote whose names differ")
    args = parser.parse_args(argv)
    counts, differ = compare(args.split, args.rounds)
    if args.show:
        for row in differ:
            print(json.dumps(row, ensure_ascii=False))
    print(f"quotes with an annotated speaker: {counts.agree + counts.differ + counts.unnamed}; the pipeline names the "
          f"same speaker for {counts.agree}, another for {counts.differ} ({counts.rate:.3f} agree), none for {counts.unnamed}")
    kinds = Counter("a pronoun resolved" if "pronoun->" in str(row["evidence"]) else "a name" for row in differ)
    print("where they differ, the pipeline's speaker came from: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))


if __name__ == "__main__":
    main()
