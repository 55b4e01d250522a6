"""Quotes and stance over a corpus, and stance per speaker over time.

``track`` streams documents in batches: each batch is parsed, its quotes
classified toward every target, and only the rows are kept, never the parses.
"""

from __future__ import annotations

import warnings
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..attribution.aliases import Roster, corpus_canonical
from ..errors import QuotestanceWarning
from .inputs import Document, check_documents, iter_documents
from .frames import COLUMNS, STANCE_COLUMNS, parse_dates, quote_record, stance_record, typed
from ..attribution.pipeline import RosterLike, extract_many
from ..stance.classifiers import StanceClassifier, TransformerStance
from ..attribution.text import sentence_around
from ..types import Quote

if TYPE_CHECKING:
    import pandas as pd


def stance_context(text: str, quote: Quote) -> str:
    """The sentence around a quote's content: what the classifier reads with it."""
    content = quote.content
    start, end = sentence_around(text, min(content.start, quote.start), max(content.end, quote.end))
    return text[start:end]


def _classifier(classifier: StanceClassifier | str | None) -> StanceClassifier:
    if classifier is None or isinstance(classifier, str):
        return TransformerStance(classifier)
    return classifier


def _batches(documents: Iterable[Document], size: int) -> Iterable[list[Document]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def track(documents: Any, target: str | Sequence[str] | None = None, roster: RosterLike = None, *,
          classifier: StanceClassifier | str | None = None, text_column: str | None = None,
          batch_size: int = 32, progress: bool = False, n_process: int = 1,
          merge_speakers: bool = True) -> "pd.DataFrame":
    """One row per quote (per target): document id, date, speaker, kinds, text,
    cue, offsets and, with a target, the stance and its three probabilities.

    ``merge_speakers`` joins one person's names across documents (``Obama`` in
    one article, ``Barack Obama`` in another); see ``aliases.corpus_canonical``.

    ``documents``: a string (an article's text, or the path of an existing
    file: a string that looks like a path to no file is an error), a list of
    strings, paths or dicts, a DataFrame, a ``datasets.Dataset`` or a path
    to a JSONL, CSV, Parquet or text file. The roster (a mapping or a JSON
    file) and every document that can be read twice are checked before any
    work: a bad line stops the run before it starts, naming the line.

    A date that cannot be read keeps its rows, with date NaT, and is counted
    in a ``QuotestanceWarning``.
    """
    import pandas as pd

    known = Roster.coerce(roster)
    documents = check_documents(documents, text_column)
    targets = [target] if isinstance(target, str) else list(target or [])
    model = _classifier(classifier) if targets else None
    rows: list[dict[str, Any]] = []
    stream: Iterable[Document] = iter_documents(documents, text_column)
    if progress:
        from tqdm.auto import tqdm

        stream = tqdm(stream, desc="quotestance", unit="doc")
    for batch in _batches(stream, batch_size):
        per_document = extract_many([d.text for d in batch], known, n_process=n_process)
        found = [(document, quote) for document, quotes in zip(batch, per_document) for quote in quotes]
        if model is None:
            rows.extend(quote_record(q, d.doc_id, d.date) for d, q in found)
            continue
        contexts = [stance_context(d.text, q) for d, q in found]
        for name in targets:
            stances = model.predict([q for _, q in found], name, contexts) if found else []
            for (document, quote), stance in zip(found, stances):
                rows.append({**quote_record(quote, document.doc_id, document.date), **stance_record(stance, name)})
    frame = pd.DataFrame(rows, columns=COLUMNS + (STANCE_COLUMNS if targets else []))
    if merge_speakers and len(frame):
        people = frame["source_kind"] == "person"
        counts = frame.loc[people, "speaker"].value_counts().to_dict()
        mapping = corpus_canonical(counts, known)
        frame.loc[people, "speaker"] = frame.loc[people, "speaker"].map(mapping)
    given = frame["date"]
    frame["date"], unreadable = parse_dates(given)
    if unreadable.any():
        bad = frame.loc[unreadable, ["doc_id"]].assign(date=given[unreadable])
        examples = "; ".join(f"{value!r} in document {doc!r}" for doc, value in bad.drop_duplicates("doc_id").head(3).itertuples(index=False))
        quotes, documents = int(unreadable.sum()), bad["doc_id"].nunique()
        warnings.warn(f"{quotes} quote{'s' * (quotes != 1)} from {documents} document{'s' * (documents != 1)} have a date "
                      f"that cannot be read ({examples}); they are kept with date NaT, and stance_over_time leaves them "
                      f"out. Write dates as YYYY-MM-DD", QuotestanceWarning, stacklevel=2)
    return typed(frame)
