"""Quotes and stance over a corpus, and stance per speaker over time.

``track`` streams documents in batches: each batch is parsed, its quotes
classified toward every target, and only the rows are kept, never the parses.
With ``output``, the rows go to Parquet files instead, shard by shard, in this
process or on Ray (``engine="ray"``), and a run that stops can be resumed.
"""

from __future__ import annotations

import warnings
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterable, Literal, Sequence, overload

from ..attribution.aliases import Roster, corpus_canonical
from ..attribution.pipeline import RosterLike, extract_many
from ..attribution.text import sentence_around
from ..errors import InvalidInputError, QuotestanceWarning
from ..stance.classifiers import StanceClassifier, TransformerStance
from ..types import Quote
from .frames import COLUMNS, STANCE_COLUMNS, conform, parse_dates, quote_record, stance_record
from .inputs import Document, check_documents, iter_documents

if TYPE_CHECKING:
    import pandas as pd

    from .runs import RunSummary

Engine = Literal["inprocess", "ray"]


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


@overload
def track(documents: Any, target: str | Sequence[str] | None = None, roster: RosterLike = None, *,
          classifier: Any = None, text_column: str | None = None, batch_size: int = 32, progress: bool = False,
          n_process: int | None = None, merge_speakers: bool = True, engine: Literal["inprocess"] = "inprocess", output: None = None,
          **engine_options: Any) -> "pd.DataFrame": ...


@overload
def track(documents: Any, target: str | Sequence[str] | None = None, roster: RosterLike = None, *,
          classifier: Any = None, text_column: str | None = None, batch_size: int = 32, progress: bool = False,
          n_process: int | None = None, merge_speakers: bool = True, engine: Engine = "inprocess", output: Any,
          **engine_options: Any) -> "RunSummary": ...


def track(documents: Any, target: str | Sequence[str] | None = None, roster: RosterLike = None, *,
          classifier: Any = None, text_column: str | None = None, batch_size: int = 32, progress: bool = False,
          n_process: int | None = None, merge_speakers: bool = True, engine: Engine = "inprocess", output: Any = None,
          **engine_options: Any) -> "pd.DataFrame | RunSummary":
    """One row per quote (per target): document id, date, speaker, kinds, text,
    cue, offsets and, with a target, the stance and its three probabilities
    (the columns and types of ``frames.SCHEMA``).

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

    ``n_process``: spaCy's parsing processes; by default one, and several
    for a document of a million characters or more (see ``extract_quotes``).

    With ``output`` (a folder, local or a URI such as ``s3://bucket/run``),
    ``documents`` are JSONL, CSV or Parquet files, folders or globs; the rows
    go to Parquet there and ``track`` returns a ``RunSummary``: load the rows
    with ``quotestance.read_results(output)``. Running it again resumes.
    ``engine="ray"`` does the work on Ray (``pip install "quotestance[ray]"``),
    with ``address=`` (a cluster; default: start one here), ``num_gpus=``,
    ``workers=`` (parallel extraction tasks) and ``shard_size=``; see
    ``corpus/ray_engine.py``. Without Ray, ``shard_size=`` and ``filesystem=`` apply.
    """
    targets = [target] if isinstance(target, str) else list(dict.fromkeys(target or []))
    if output is not None:
        from ..config import DEFAULT

        options = dict(roster=roster, classifier=classifier, config=engine_options.pop("config", DEFAULT),
                       text_column=text_column, merge=merge_speakers, progress=progress)
        if engine == "ray":
            from .ray_engine import run_ray

            return run_ray(documents, targets, output, **options, **engine_options)
        if engine != "inprocess":
            raise InvalidInputError(f"engine must be 'inprocess' or 'ray', not {engine!r}")
        from .runs import run_here

        return run_here(documents, targets, output, **options, **engine_options)
    if engine != "inprocess" or engine_options:
        raise InvalidInputError(f"engine={engine!r} and {sorted(engine_options)} write to a folder: give output='DIR' "
                                "(read it back with quotestance.read_results)")
    return _track_here(documents, targets, roster, _classifier(classifier) if targets else None, text_column,
                       batch_size, progress, n_process, merge_speakers)


def _track_here(documents: Any, targets: list[str], roster: RosterLike, model: StanceClassifier | None,
                text_column: str | None, batch_size: int, progress: bool, n_process: int | None, merge: bool) -> "pd.DataFrame":
    import pandas as pd

    from .shards import stances_for

    known = Roster.coerce(roster)
    documents = check_documents(documents, text_column)
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
        contexts: list[str | None] = [stance_context(d.text, q) for d, q in found]
        for name, stances in stances_for(model, [q for _, q in found], contexts, targets).items():
            rows.extend({**quote_record(q, d.doc_id, d.date), **stance_record(s, name)} for (d, q), s in zip(found, stances))
    frame = pd.DataFrame(rows, columns=COLUMNS + (STANCE_COLUMNS if targets else []))
    if merge and len(frame):
        people = frame["source_kind"] == "person"
        counts = frame.loc[people, "speaker"].value_counts().to_dict()
        mapping = corpus_canonical(counts, known)
        frame.loc[people, "speaker"] = frame.loc[people, "speaker"].map(mapping)
    given = frame["date"]
    frame["date"], unreadable = parse_dates(given)
    if unreadable.any():
        bad = frame.loc[unreadable, ["doc_id"]].assign(date=given[unreadable])
        examples = "; ".join(f"{value!r} in document {doc!r}" for doc, value in bad.drop_duplicates("doc_id").head(3).itertuples(index=False))
        quotes, count = int(unreadable.sum()), bad["doc_id"].nunique()
        warnings.warn(f"{quotes} quote{'s' * (quotes != 1)} from {count} document{'s' * (count != 1)} have a date "
                      f"that cannot be read ({examples}); they are kept with date NaT, and stance_over_time leaves them "
                      f"out. Write dates as YYYY-MM-DD", QuotestanceWarning, stacklevel=3)
    return conform(frame)
