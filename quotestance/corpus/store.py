"""The output folder of a corpus run, on any filesystem pyarrow writes to.

    DIR/_run.json                  the settings of the run (a later run must match them)
    DIR/rows/part-<shard>.parquet  one file per finished shard: result rows, in ``frames.SCHEMA``
    DIR/errors/part-<shard>.parquet  documents that failed: doc_id, source, reason
    DIR/speakers.parquet           each speaker name -> its name merged across documents

A shard's rows file is written last and whole (to a hidden name, then
renamed; an object store publishes an object whole anyway), so its presence
means the shard is done: a re-run skips it, and a shard cut off half way is
simply done again, never twice. Files starting with ``_`` or ``.`` are not
data, as for Spark and pyarrow datasets.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..errors import InvalidInputError, QuotestanceError
from .frames import arrow_schema

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.fs as pafs

ROWS, ERRORS, SPEAKERS, MANIFEST = "rows", "errors", "speakers.parquet", "_run.json"
PREFIX, SUFFIX = "part-", ".parquet"


def error_schema() -> "pa.Schema":
    import pyarrow as pa

    return pa.schema([("doc_id", pa.string()), ("source", pa.string()), ("reason", pa.string())])


def speaker_schema() -> "pa.Schema":
    import pyarrow as pa

    return pa.schema([("name", pa.string()), ("speaker", pa.string())])


def resolve(location: Any, filesystem: "pafs.FileSystem | None" = None) -> tuple["pafs.FileSystem", str]:
    """(filesystem, path) for a local path or a URI (``s3://bucket/run``)."""
    import os

    try:
        import pyarrow.fs as pafs
    except ImportError as error:
        raise QuotestanceError('writing results to a folder needs pyarrow: pip install "quotestance[data]"') from error
    text = os.fspath(location)
    if filesystem is not None:
        return filesystem, text
    if "://" in text:
        return pafs.FileSystem.from_uri(text)
    return pafs.LocalFileSystem(), os.path.abspath(text)


class Store:
    """Reads and writes one run's folder. Holds only a filesystem and a path,
    so it pickles to Ray workers."""

    def __init__(self, location: Any, filesystem: "pafs.FileSystem | None" = None):
        self.fs, self.root = resolve(location, filesystem)

    def path(self, *parts: str) -> str:
        return "/".join([self.root.rstrip("/"), *parts])

    def shard_path(self, kind: str, shard: str) -> str:
        return self.path(kind, f"{PREFIX}{shard}{SUFFIX}")

    def prepare(self, settings: Mapping[str, Any]) -> None:
        """Create the folder, or check that the run already in it had the same settings."""
        self.fs.create_dir(self.path(ROWS), recursive=True)
        self.fs.create_dir(self.path(ERRORS), recursive=True)
        wanted = json.loads(json.dumps(settings, sort_keys=True, default=str))
        if self._exists(self.path(MANIFEST)):
            with self.fs.open_input_stream(self.path(MANIFEST)) as handle:
                found = json.loads(handle.read().decode("utf-8"))
            changed = sorted(k for k in set(found) | set(wanted) if found.get(k) != wanted.get(k))
            if changed:
                raise InvalidInputError(
                    f"{self.root} holds a run with other settings ({', '.join(changed)}): resume it with the same "
                    f"ones, give another output folder, or delete this one to start again")
            return
        self._write_bytes(self.path(MANIFEST), json.dumps(wanted, indent=1, sort_keys=True).encode("utf-8"))

    def settings(self) -> dict[str, Any]:
        with self.fs.open_input_stream(self.path(MANIFEST)) as handle:
            return dict(json.loads(handle.read().decode("utf-8")))

    def done(self) -> set[str]:
        """Shards whose rows are written."""
        return set(self._shards(ROWS))

    def _shards(self, kind: str) -> list[str]:
        import pyarrow.fs as pafs

        infos = self.fs.get_file_info(pafs.FileSelector(self.path(kind), allow_not_found=True))
        names = [info.base_name for info in infos if info.type == pafs.FileType.File]
        return [n[len(PREFIX) : -len(SUFFIX)] for n in names if n.startswith(PREFIX) and n.endswith(SUFFIX)]

    def write_shard(self, shard: str, rows: "pa.Table", errors: "pa.Table") -> None:
        """Errors first, rows last: the rows file marks the shard done."""
        error_path = self.shard_path(ERRORS, shard)
        if errors.num_rows:
            self._write_table(error_path, errors)
        elif self._exists(error_path):  # left by an attempt that failed where this one did not
            self.fs.delete_file(error_path)
        self._write_table(self.shard_path(ROWS, shard), rows)

    def write_speakers(self, mapping: Mapping[str, str] | None) -> None:
        import pyarrow as pa

        if mapping is None:
            if self._exists(self.path(SPEAKERS)):
                self.fs.delete_file(self.path(SPEAKERS))
            return
        names = sorted(mapping)
        table = pa.table({"name": names, "speaker": [mapping[n] for n in names]}, schema=speaker_schema())
        self._write_table(self.path(SPEAKERS), table)

    def person_speakers(self) -> Iterable[Any]:
        """The speaker column of every person row, a batch (pyarrow array) at a time."""
        import pyarrow.compute as pc

        dataset = self.dataset(ROWS, stance=None)
        scanner = dataset.scanner(columns=["speaker"], filter=pc.field("source_kind") == "person")
        for batch in scanner.to_batches():
            yield batch.column(0)

    def dataset(self, kind: str, stance: bool | None) -> Any:
        """A pyarrow dataset over the rows (``stance`` picks the schema; None reads it from the run) or errors."""
        import pyarrow.dataset as pads

        if kind == ERRORS:
            schema = error_schema()
        else:
            schema = arrow_schema(bool(self.settings().get("targets")) if stance is None else stance)
        return pads.dataset(self.path(kind), filesystem=self.fs, format="parquet", schema=schema)

    def speaker_map(self) -> dict[str, str] | None:
        if not self._exists(self.path(SPEAKERS)):
            return None
        import pyarrow.parquet as pq

        table = pq.read_table(self.path(SPEAKERS), filesystem=self.fs)
        return dict(zip(table.column("name").to_pylist(), table.column("speaker").to_pylist()))

    def has_run(self) -> bool:
        return self._exists(self.path(MANIFEST))

    def _exists(self, path: str) -> bool:
        import pyarrow.fs as pafs

        return bool(self.fs.get_file_info(path).type == pafs.FileType.File)

    def _write_table(self, path: str, table: "pa.Table") -> None:
        import pyarrow.parquet as pq

        self._atomically(path, lambda target: pq.write_table(table, target, filesystem=self.fs))

    def _write_bytes(self, path: str, data: bytes) -> None:
        def write(target: str) -> None:
            with self.fs.open_output_stream(target) as handle:
                handle.write(data)

        self._atomically(path, write)

    def _atomically(self, path: str, write: Any) -> None:
        import pyarrow.fs as pafs

        if not isinstance(self.fs, pafs.LocalFileSystem):
            write(path)  # an object store shows an object only once it is whole
            return
        folder, name = path.rsplit("/", 1)
        hidden = f"{folder}/.{name}.{uuid.uuid4().hex}.tmp"
        try:
            write(hidden)
            self.fs.move(hidden, path)
        finally:
            if self._exists(hidden):
                self.fs.delete_file(hidden)
