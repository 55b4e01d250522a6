"""Every way a user may hand over documents, streamed as (id, date, text).

A string, a list of strings (or of dicts with ``text``/``id``/``date``), a
pandas DataFrame, a Hugging Face ``datasets.Dataset``, or a path to a JSONL,
CSV or Parquet file (or a .txt article). Files are read lazily where the
format allows, so large corpora never sit in memory whole.

Text files are read as they are (``read_text``): UTF-8, line breaks not
translated, so offsets count a ``\r\n`` as the two characters the file
holds; a byte-order mark stays, as U+FEFF at offset 0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from ..errors import InvalidInputError

TEXT_COLUMNS = ("text", "body", "content", "article")
ID_COLUMNS = ("id", "doc_id", "document_id", "filename")
DATE_COLUMNS = ("date", "publication_date", "published", "timestamp")


def read_text(path: Path | str) -> str:
    """A text file's characters exactly as the file holds them, the text every
    offset indexes: ``open(path, encoding="utf-8", newline="").read()``."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


class Document(NamedTuple):
    doc_id: Any
    date: Any
    text: str


def _pick(record: dict[str, Any], names: tuple[str, ...], default: Any = None) -> Any:
    for name in names:
        if name in record and record[name] is not None:
            return record[name]
    return default


def _from_record(record: Any, index: int, text_column: str | None) -> Document:
    if isinstance(record, str):
        return Document(index, None, record)
    if not isinstance(record, dict):
        raise InvalidInputError(f"document {index} is a {type(record).__name__}; give strings or dicts with a 'text' field")
    text = record.get(text_column) if text_column else _pick(record, TEXT_COLUMNS)
    if not isinstance(text, str):
        raise InvalidInputError(f"document {index} has no text; name the column with text_column=")
    return Document(_pick(record, ID_COLUMNS, index), _pick(record, DATE_COLUMNS), text)


def _records_from_path(path: Path) -> Iterator[Any]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
    elif suffix == ".csv":
        import pandas as pd

        for block in pd.read_csv(path, chunksize=1000):
            yield from block.to_dict(orient="records")
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=1000):
            yield from batch.to_pylist()
    elif suffix in (".txt", ".md", ""):
        yield {"id": path.name, "text": read_text(path)}
    else:
        raise InvalidInputError(f"{path}: read .jsonl, .csv, .parquet or .txt files; convert {suffix} first")


def iter_documents(documents: Any, text_column: str | None = None) -> Iterator[Document]:
    """Normalise any supported corpus into a stream of Documents."""
    if isinstance(documents, str) and "\n" not in documents and len(documents) < 4096 and Path(documents).suffix in (".jsonl", ".csv", ".parquet"):
        documents = Path(documents)
    if isinstance(documents, str):
        yield Document(0, None, documents)
        return
    if isinstance(documents, (bytes, bytearray)):
        raise InvalidInputError("got bytes: decode them to text first, e.g. data.decode('utf-8', errors='replace')")
    if isinstance(documents, Path):
        if not documents.exists():
            raise InvalidInputError(f"{documents} does not exist")
        records: Any = _records_from_path(documents)
    elif type(documents).__name__ == "DataFrame":
        records = (dict(row) for row in documents.to_dict(orient="records"))
    elif type(documents).__name__ in ("Dataset", "IterableDataset"):
        records = iter(documents)
    elif isinstance(documents, (list, tuple)) or hasattr(documents, "__iter__"):
        records = iter(documents)
    else:
        raise InvalidInputError(f"cannot read documents from a {type(documents).__name__}")
    for index, record in enumerate(records):
        yield _from_record(record, index, text_column)
