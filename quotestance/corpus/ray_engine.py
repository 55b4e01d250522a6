"""Ray Data as the engine for corpora past one machine.

    files -> read shards (light tasks, streamed) -> extract (CPU actor pool) -> stance + write (actor pool) -> driver

Each file is read as a stream and cut into shards (``sources.py``); a shard is
one block all the way down, so shards spread over the workers. Extraction runs
in a pool of CPU actors, one CPU each: spaCy loads once per actor and stays
loaded across shards. Stance runs in a pool of actors that load the
model once each, on a GPU when ``num_gpus`` gives them one, and write each
shard's Parquet as soon as it is classified (``store.py``). Only one summary
row per shard comes back to the driver, which draws the progress bar; the
corpus is never held anywhere whole.

Without an ``address`` a local Ray starts (and stops at the end); with one,
``track`` joins that cluster, whose nodes need quotestance installed and an
``output`` they can all write (``s3://...``, a shared disk). A Ray already
started by the caller (``ray.init(runtime_env=...)``) is used as it is.
"""

from __future__ import annotations

import logging
import pickle
from collections import Counter
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from ..attribution.aliases import Roster
from ..attribution.pipeline import RosterLike
from ..config import DEFAULT, Config
from ..errors import QuotestanceError
from .runs import ClassifierSpec, RunSummary, build_classifier, merge_speakers, settings
from .sources import DEFAULT_SHARD_SIZE, CorpusFile, list_files, read_shards
from .store import Store

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.fs as pafs

RAY_HINT = 'engine="ray" needs Ray Data: pip install "quotestance[ray]"'
# Reading, writing and a CPU stance actor reserve no logical CPU: extraction actors
# take one each, so `workers` of them fill `workers` CPUs. Stance is a small share
# of the work on CPU (docs/scaling.md); its actor runs one torch thread.
READERS = 4
SUMMARY = ("shard", "documents", "rows", "errors")


def _payloads(shards: Sequence[str], payloads: Sequence[bytes]) -> "pa.Table":
    import pyarrow as pa

    return pa.table({"shard": pa.array(shards, pa.string()), "payload": pa.array(payloads, pa.binary())})


def _read(batch: "pa.Table", fs: "pafs.FileSystem", shard_size: int, text_column: str | None,
          skip: frozenset[str]) -> Iterator["pa.Table"]:
    """Files in, one shard per output batch (and block)."""
    for path, key, fmt in zip(*(batch.column(name).to_pylist() for name in ("path", "key", "fmt"))):
        for shard in read_shards(fs, CorpusFile(path, key, fmt), shard_size, text_column, skip):
            yield _payloads([shard.id], [pickle.dumps(shard)])


class _Extractor:
    """An actor per extraction worker: spaCy loads once, here, and stays loaded.
    (As plain tasks, the worker processes were recycled between Ray Data's
    light reading and writing tasks, and each new one loaded spaCy again:
    about 4 s of every 5-second shard with two workers on two CPUs.)"""

    def __init__(self, roster: RosterLike, config: Config):
        from ..attribution.nlp import load_spacy

        load_spacy(config.spacy_model)
        self.roster, self.config = roster, config

    def __call__(self, batch: "pa.Table") -> "pa.Table":
        from .shards import extract_shard

        payloads = batch.column("payload").to_pylist()
        found = [extract_shard(pickle.loads(payload), self.roster, self.config) for payload in payloads]
        return _payloads([e.shard for e in found], [pickle.dumps(e) for e in found])


def _summaries(results: Sequence[dict[str, Any]]) -> "pa.Table":
    import pyarrow as pa

    return pa.table({key: [r[key] for r in results] for key in SUMMARY})


def _write(batch: "pa.Table", store: Store) -> "pa.Table":
    """The last stage when no target asks for stance."""
    from .shards import finish_shard

    return _summaries([finish_shard(pickle.loads(p), None, [], store) for p in batch.column("payload").to_pylist()])


class _StanceWriter:
    """An actor: loads the stance model once, then classifies and writes shards."""

    def __init__(self, classifier: ClassifierSpec, targets: Sequence[str], store: Store, cpu_threads: int | None):
        if cpu_threads:
            import torch

            torch.set_num_threads(cpu_threads)  # the cores belong to extraction too
        self.model = build_classifier(classifier)
        self.targets, self.store = list(targets), store

    def __call__(self, batch: "pa.Table") -> "pa.Table":
        from .shards import finish_shard

        payloads = batch.column("payload").to_pylist()
        return _summaries([finish_shard(pickle.loads(p), self.model, self.targets, self.store) for p in payloads])


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as error:
        raise QuotestanceError(RAY_HINT) from error
    return ray


def run_ray(inputs: Any, targets: Sequence[str], output: Any, *, roster: RosterLike = None,
            classifier: ClassifierSpec = None, config: Config = DEFAULT, text_column: str | None = None,
            merge: bool = True, progress: bool = False, address: str | None = None, num_gpus: float = 0,
            workers: int | None = None, shard_size: int = DEFAULT_SHARD_SIZE, stance_actors: int | None = None,
            filesystem: "pafs.FileSystem | None" = None) -> RunSummary:
    """``track(..., engine="ray", output=...)``: see the module's docstring.

    ``workers``: extraction actors, one CPU each (default: as many as Ray has CPUs).
    ``num_gpus``: GPUs for stance, one actor per GPU (a fraction shares one);
    ``stance_actors`` (default: one per GPU, else one) overrides the count.
    """
    ray = _ray()
    fs, files = list_files(inputs, filesystem)
    store = Store(output, filesystem)
    store.prepare(settings(targets, roster, classifier, config, shard_size, text_column))
    done = store.done()
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, include_dashboard=False, logging_level=logging.WARNING)
    context = ray.data.DataContext.get_current()
    saved = {name: getattr(context, name) for name in ("target_max_block_size", "enable_progress_bars", "max_errored_blocks")}
    try:
        context.target_max_block_size = 1  # every yielded shard is its own block, so shards spread over workers
        context.enable_progress_bars = False  # the driver draws one bar of its own
        context.max_errored_blocks = -1  # a shard whose worker keeps dying stays unwritten; a re-run retries it
        known = Roster.coerce(roster)  # a roster file is read here, once, and travels to the workers as data
        dataset = _plan(ray, files, fs, targets, store, done, known, classifier, config, text_column, shard_size,
                        num_gpus, workers, stance_actors)
        totals = _drive(dataset, progress)
    finally:
        for name, value in saved.items():
            setattr(context, name, value)
        if started:
            ray.shutdown()
    merge_speakers(store, roster, merge)
    return RunSummary(store.root, totals["shards"], len(done), totals["documents"], totals["rows"], totals["errors"])


def _plan(ray: Any, files: Sequence[CorpusFile], fs: "pafs.FileSystem", targets: Sequence[str], store: Store,
          done: set[str], roster: RosterLike, classifier: ClassifierSpec, config: Config, text_column: str | None,
          shard_size: int, num_gpus: float, workers: int | None, stance_actors: int | None) -> Any:
    items = [{"path": f.path, "key": f.key, "fmt": f.fmt} for f in files]
    dataset = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
    dataset = dataset.map_batches(_read, batch_size=1, batch_format="pyarrow", num_cpus=0,
                                  compute=ray.data.TaskPoolStrategy(size=min(READERS, max(1, len(items)))),
                                  fn_kwargs={"fs": fs, "shard_size": shard_size, "text_column": text_column, "skip": frozenset(done)})
    extractors = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    dataset = dataset.map_batches(_Extractor, batch_size=1, batch_format="pyarrow", num_cpus=1,
                                  compute=ray.data.ActorPoolStrategy(size=extractors),
                                  fn_constructor_kwargs={"roster": roster, "config": config})
    if not targets:
        return dataset.map_batches(_write, batch_size=1, batch_format="pyarrow", num_cpus=0, fn_kwargs={"store": store})
    actors = stance_actors or max(1, int(num_gpus))
    on_gpu = num_gpus > 0
    return dataset.map_batches(
        _StanceWriter, batch_size=1, batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=actors),
        num_gpus=num_gpus / actors if on_gpu else None, num_cpus=1 if on_gpu else 0,
        fn_constructor_kwargs={"classifier": classifier, "targets": list(targets), "store": store,
                               "cpu_threads": None if on_gpu else 1})


def _drive(dataset: Any, progress: bool) -> Counter[str]:
    """Pull the per-shard summaries through, with a progress bar on the driver."""
    totals: Counter[str] = Counter()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(desc="quotestance (ray)", unit="doc")
    for row in dataset.iter_rows():
        totals.update({"shards": 1, "documents": int(row["documents"]), "rows": int(row["rows"]), "errors": int(row["errors"])})
        if bar is not None:
            bar.update(int(row["documents"]))
            bar.set_postfix(shards=totals["shards"], errors=totals["errors"], refresh=False)
    if bar is not None:
        bar.close()
    return totals
