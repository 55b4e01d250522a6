"""Corpus runs written to a folder: resumable, with errors kept apart.

``run_here`` does the work in this process, a shard at a time; the Ray engine
(``ray_engine.py``) does the same shards on a cluster. Both leave the same
folder (``store.py``), which ``read_results`` loads into pandas.

Speakers are merged across documents after the shards are written, as
in-process ``track`` merges them: the person names of every written row are
counted, ``aliases.corpus_canonical`` maps each to its merged form, and the
map goes to ``speakers.parquet``. The shards keep each article's own names;
``read_results`` applies the map. A resumed or extended run recomputes it, so
it always covers every shard.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from ..attribution.aliases import Roster, corpus_canonical
from ..attribution.pipeline import RosterLike
from ..config import DEFAULT, Config
from ..errors import InvalidInputError
from .frames import conform
from .sources import DEFAULT_SHARD_SIZE, list_files, read_shards
from .store import ERRORS, ROWS, Store

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow.fs as pafs

ClassifierSpec = Any  # None (the shipped model), a model path, a zero-argument factory, or a classifier


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run to ``output`` did; the results are read with ``read_results(output)``."""

    output: str
    shards: int  # written by this run
    skipped: int  # finished by an earlier run
    documents: int
    rows: int
    errors: int


def describe(classifier: ClassifierSpec) -> str:
    if classifier is None:
        return "shipped"
    if isinstance(classifier, str):
        return classifier
    if isinstance(classifier, partial):  # the CLI's: the model path and options name it
        return repr(classifier)
    return f"{type(classifier).__module__}.{type(classifier).__qualname__}"


def settings(targets: Sequence[str], roster: RosterLike, classifier: ClassifierSpec, config: Config,
             shard_size: int, text_column: str | None) -> dict[str, Any]:
    """What a resumed run must share with the first one for its rows to belong together."""
    known = Roster.coerce(roster)  # a mapping, a Roster or a JSON file: checked here, before any work
    entries = sorted(f"{k}={v}" for k, v in known._by_key.items())
    return {"targets": list(targets), "roster": entries, "classifier": describe(classifier),
            "config": dataclasses.asdict(config), "shard_size": shard_size, "text_column": text_column}


def build_classifier(spec: ClassifierSpec) -> Any:
    """The classifier a spec names, loaded here (in a worker, once)."""
    if hasattr(spec, "predict"):
        return spec
    if callable(spec):
        return spec()
    from ..stance.classifiers import TransformerStance

    return TransformerStance(spec)


def merge_speakers(store: Store, roster: RosterLike, merge: bool) -> None:
    """Count the person names of every written row and save their merged forms."""
    if not merge:
        store.write_speakers(None)
        return
    import pyarrow.compute as pc

    counts: Counter[str] = Counter()
    for column in store.person_speakers():
        for item in pc.value_counts(column.drop_null()).to_pylist():
            counts[item["values"]] += item["counts"]
    store.write_speakers(corpus_canonical(dict(counts), Roster.coerce(roster)))


def run_here(inputs: Any, targets: Sequence[str], output: Any, *, roster: RosterLike = None, classifier: ClassifierSpec = None,
             config: Config = DEFAULT, text_column: str | None = None, shard_size: int = DEFAULT_SHARD_SIZE,
             merge: bool = True, progress: bool = False, filesystem: "pafs.FileSystem | None" = None) -> RunSummary:
    """The run in this process, a shard at a time (no Ray needed)."""
    from .shards import extract_shard, finish_shard

    fs, files = list_files(inputs, filesystem)
    store = Store(output, filesystem)
    store.prepare(settings(targets, roster, classifier, config, shard_size, text_column))
    done = store.done()
    model = build_classifier(classifier) if targets else None
    known = Roster.coerce(roster)  # a roster file is read once, not once per shard
    totals = Counter[str]()
    bar = _bar(progress)
    for file in files:
        for shard in read_shards(fs, file, shard_size, text_column, skip=done):
            summary = finish_shard(extract_shard(shard, known, config), model, targets, store)
            totals.update({k: v for k, v in summary.items() if k != "shard"} | {"shards": 1})
            if bar is not None:
                bar.update(summary["documents"])
    if bar is not None:
        bar.close()
    merge_speakers(store, roster, merge)
    return RunSummary(store.root, totals["shards"], len(done), totals["documents"], totals["rows"], totals["errors"])


def _bar(progress: bool) -> Any:
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(desc="quotestance", unit="doc")


def read_results(output: Any, *, errors: bool = False, merge_speakers: bool = True,
                 filesystem: "pafs.FileSystem | None" = None) -> "pd.DataFrame":
    """A run's rows (``frames.SCHEMA``, speakers merged across documents) or, with
    ``errors=True``, its failed documents (doc_id, source, reason), as a DataFrame.

    Loads everything into memory: for a corpus past that, read the Parquet in
    ``output/rows`` with pyarrow, DuckDB or Spark, joining ``speakers.parquet``
    on ``speaker = name``.
    """
    store = Store(output, filesystem)
    if not store.has_run():
        raise InvalidInputError(f"{store.root} holds no quotestance run: give the folder passed as output to track")
    if errors:
        return store.dataset(ERRORS, stance=False).to_table().to_pandas()
    frame = conform(store.dataset(ROWS, stance=None).to_table().to_pandas())
    mapping = store.speaker_map() if merge_speakers else None
    if mapping:
        people = frame["source_kind"] == "person"
        frame.loc[people, "speaker"] = frame.loc[people, "speaker"].map(lambda name: mapping.get(name, name))
    return frame
