"""Corpus files cut into shards whose names do not change between runs.

Inputs are JSONL, CSV or Parquet files (compressed ones too: ``.jsonl.gz``),
folders of them, or globs, on the local disk or on any filesystem pyarrow
reads (``s3://``, ``gs://``, ``hdfs://``). A shard is the k-th run of
``shard_size`` records of one file, named ``<file key>-<k>`` where the key
is a hash of the file's path: the same files give the same shards, so a
second run skips the ones the first finished, and files added to the corpus
later only add shards. Files are streamed, a shard at a time.

A record that cannot be read (not UTF-8, not JSON, no text) is an error of
its shard, with its id and the reason, never an exception: one bad line
must not stop a week-long run.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from os import PathLike
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Container, Iterator, Sequence

from ..errors import InvalidInputError
from .frames import doc_id_text
from .inputs import DATE_COLUMNS, ID_COLUMNS, TEXT_COLUMNS, Document, _pick
from .store import resolve

if TYPE_CHECKING:
    import pyarrow.fs as pafs

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
COMPRESSED = (".gz", ".bz2", ".zst", ".lz4")
DEFAULT_SHARD_SIZE = 256  # about a minute of one CPU's work with stance, and a few MB of text


@dataclass(frozen=True, slots=True)
class CorpusFile:
    path: str  # inside its filesystem
    key: str  # a hash of the path: the first part of its shards' names
    fmt: str  # jsonl, csv or parquet


@dataclass(frozen=True, slots=True)
class Shard:
    """Documents of one shard, and the records of it that could not be read."""

    id: str
    source: str
    documents: list[Document] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, reason)


def file_format(path: str) -> str | None:
    name = path.lower()
    for ending in COMPRESSED:
        if name.endswith(ending):
            name = name[: -len(ending)]
    return FORMATS.get(PurePosixPath(name).suffix)


def list_files(inputs: Any, filesystem: "pafs.FileSystem | None" = None) -> tuple["pafs.FileSystem", list[CorpusFile]]:
    """Every corpus file the inputs name, sorted, each once."""
    import pyarrow.fs as pafs

    items: list[Any] = [inputs] if isinstance(inputs, str) or not isinstance(inputs, Sequence) else list(inputs)
    fs: pafs.FileSystem | None = filesystem
    paths: list[str] = []
    for item in items:
        if not isinstance(item, (str, PathLike)):
            raise InvalidInputError(f"with output=, give JSONL, CSV or Parquet files, folders or globs, not a {type(item).__name__}; "
                                    "write documents in memory out first, e.g. frame.to_parquet('docs.parquet')")
        item_fs, path = resolve(item, fs)
        fs = fs or item_fs
        if any(c in path for c in "*?["):
            base = path[: min(path.find(c) for c in "*?[" if c in path)].rsplit("/", 1)[0] or "/"
            infos = fs.get_file_info(pafs.FileSelector(base, recursive=True, allow_not_found=True))
            found = [i.path for i in infos if i.type == pafs.FileType.File and fnmatch.fnmatchcase(i.path, path)]
        else:
            info = fs.get_file_info(path)
            if info.type == pafs.FileType.NotFound:
                raise InvalidInputError(f"{item} does not exist")
            if info.type == pafs.FileType.Directory:
                infos = fs.get_file_info(pafs.FileSelector(path, recursive=True))
                found = [i.path for i in infos if i.type == pafs.FileType.File and file_format(i.path)
                         and not i.base_name.startswith((".", "_"))]
            else:
                found = [path]
        if not found:
            raise InvalidInputError(f"{item} names no JSONL, CSV or Parquet files")
        paths.extend(found)
    if fs is None:
        raise InvalidInputError("no corpus files given: name JSONL, CSV or Parquet files, folders or globs")
    files = []
    for path in sorted(set(paths)):
        fmt = file_format(path)
        if fmt is None:
            raise InvalidInputError(f"{path}: read .jsonl, .csv or .parquet files (compressed ones too); convert it first")
        files.append(CorpusFile(path, hashlib.sha1(path.encode("utf-8")).hexdigest()[:12], fmt))
    return fs, files


def _lines(stream: Any, block: int = 1 << 20) -> Iterator[bytes]:
    """Lines of a binary stream (pyarrow's streams have no readline)."""
    rest = b""
    while chunk := stream.read(block):
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        yield from lines
    if rest:
        yield rest


def _jsonl_records(stream: Any) -> Iterator[Any]:
    """Each non-blank line, parsed; an exception object in place of one that cannot be."""
    for raw in _lines(stream):
        if not raw.strip():
            continue
        try:
            yield json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            yield InvalidInputError(f"not UTF-8 text ({error.reason} at byte {error.start}); re-encode the file")
        except ValueError as error:
            yield InvalidInputError(f"not a JSON object ({error})")


def _csv_records(stream: Any) -> Iterator[Any]:
    import pandas as pd

    for block in pd.read_csv(stream, chunksize=1000, dtype=str, keep_default_na=False, na_values=[""]):
        for record in block.to_dict(orient="records"):
            yield {k: (None if isinstance(v, float) else v) for k, v in record.items()}  # NaN: an empty cell


def _parquet_records(fs: "pafs.FileSystem", path: str) -> Iterator[Any]:
    import pyarrow.parquet as pq

    with fs.open_input_file(path) as handle:
        for batch in pq.ParquetFile(handle).iter_batches(batch_size=1000):
            yield from batch.to_pylist()


def _records(fs: "pafs.FileSystem", file: CorpusFile) -> Iterator[Any]:
    if file.fmt == "parquet":
        yield from _parquet_records(fs, file.path)
        return
    with fs.open_input_stream(file.path, compression="detect") as stream:
        yield from (_jsonl_records(stream) if file.fmt == "jsonl" else _csv_records(stream))


def read_shards(fs: "pafs.FileSystem", file: CorpusFile, shard_size: int = DEFAULT_SHARD_SIZE,
                text_column: str | None = None, skip: Container[str] = ()) -> Iterator[Shard]:
    """The shards of one file, in order, leaving out those in ``skip``.

    A document without an id is named ``<file name>:<record number>``. A
    file that cannot be read past some point gives an error for the rest of
    it; the shards before stand.
    """
    name = PurePosixPath(file.path).name
    number, current = 0, None
    records = _records(fs, file)
    while True:
        if number % shard_size == 0:
            if current is not None and current.id not in skip:
                yield current
            current = Shard(f"{file.key}-{number // shard_size:06d}", file.path)
        assert current is not None
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as error:  # noqa: BLE001 - a broken file is this shard's error, not the run's
            current.errors.append((f"{name}:{number}", f"the file cannot be read from here on: {type(error).__name__}: {error}"))
            break
        number += 1
        if current.id in skip:
            continue
        found = _document(record, f"{name}:{number - 1}", text_column)
        if isinstance(found, Document):
            current.documents.append(found)
        else:
            current.errors.append(found)
    if current is not None and current.id not in skip and (current.documents or current.errors):
        yield current


def _document(record: Any, fallback: str, text_column: str | None) -> Document | tuple[str, str]:
    """A record as a Document, or (its id, why it is none)."""
    if isinstance(record, Exception):
        return fallback, str(record)
    if isinstance(record, str):
        return Document(fallback, None, record)
    if not isinstance(record, dict):
        return fallback, f"a JSON {type(record).__name__}, not an object with a text field"
    doc_id = doc_id_text(_pick(record, ID_COLUMNS)) or fallback
    text = record.get(text_column) if text_column else _pick(record, TEXT_COLUMNS)
    if not isinstance(text, str):
        return doc_id, f"no text: name its column with text_column= (--text-column); the record has {sorted(record)[:8]}"
    return Document(doc_id, _pick(record, DATE_COLUMNS), text)
