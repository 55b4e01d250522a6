"""Every way a user may hand over documents, streamed as (id, date, text).

A string (an article's text, or the path of an existing file), a list of
strings, paths or dicts with ``text``/``id``/``date``, a pandas DataFrame, a
Hugging Face ``datasets.Dataset``, or a path to a JSONL, CSV or Parquet file
(or a .txt article). Files are read lazily where the format allows, so large
corpora never sit in memory whole; ``check_documents`` reads them once
before any work, so that a bad line stops a run before it starts.

Text files are read as they are (``read_text``): UTF-8, line breaks not
translated, so offsets count a ``\r\n`` as the two characters the file
holds; a byte-order mark stays, as U+FEFF at offset 0.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from ..errors import InvalidInputError

logger = logging.getLogger("quotestance")
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


def _from_record(record: Any, index: int, text_column: str | None, where: str) -> Document:
    if isinstance(record, str):
        return Document(index, None, record)
    if isinstance(record, Path):
        return Document(str(record), None, _article(record))
    if not isinstance(record, dict):
        raise InvalidInputError(f"{where} is a {type(record).__name__}; give texts, paths of text files or "
                                f"records with a 'text' field")
    text = record.get(text_column) if text_column else _pick(record, TEXT_COLUMNS)
    if not isinstance(text, str):
        named = f"a {text_column!r} field" if text_column else f"a text field (one of {', '.join(TEXT_COLUMNS)})"
        raise InvalidInputError(f"{where} has no text: it needs {named}; name another with text_column=")
    return Document(_pick(record, ID_COLUMNS, index), _pick(record, DATE_COLUMNS), text)


def _article(path: Path) -> str:
    """One article from a text file, read as it is, or an error that says why not."""
    try:
        return read_text(path)
    except FileNotFoundError as error:
        raise InvalidInputError(f"{path} does not exist") from error
    except UnicodeDecodeError as error:
        raise InvalidInputError(f"{path} is not UTF-8 text: convert it first (iconv -t utf-8)") from error


def _records_from_path(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, record) of each record in a file: ``where`` names its line or row."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as error:
                    raise InvalidInputError(f"{path}, line {number}: not valid JSON ({error}); fix or delete that line") from error
                yield f"{path}, line {number}", record
    elif suffix == ".csv":
        import pandas as pd

        row = 0
        # every value as the text the file holds: ids keep their zeros, "NA" stays a word; only empty fields are missing
        for block in pd.read_csv(path, chunksize=1000, dtype=str, keep_default_na=False, na_values=[""]):
            for record in block.to_dict(orient="records"):
                row += 1
                yield f"{path}, row {row}", {key: (None if value != value else value) for key, value in record.items()}
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        row = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=1000):
            for record in batch.to_pylist():
                row += 1
                yield f"{path}, row {row}", record
    elif suffix in TEXT_SUFFIXES:
        yield str(path), {"id": path.name, "text": _article(path)}
    else:
        raise InvalidInputError(f"{path}: read .jsonl, .csv, .parquet or .txt files; convert {suffix} first")


TEXT_SUFFIXES = (".txt", ".md", "")
PATH_SUFFIXES = (".jsonl", ".csv", ".parquet", ".txt", ".md", ".json")
MAX_PATH_CHARS = 4096


def _looks_like_a_path(value: str) -> bool:
    """One line, short, and ending in a file suffix (``articles.jsonl``) or
    naming folders (``data/a``) with no spaces: what a path looks like."""
    if "\n" in value or "\r" in value or not value.strip() or len(value) >= MAX_PATH_CHARS:
        return False
    path = Path(value.strip())
    return path.suffix.lower() in PATH_SUFFIXES or ("/" in value and " " not in value.strip())


def source_of(documents: Any) -> Any:
    """What ``track`` reads from a string: a path when the string names an
    existing file, an article's text otherwise; a string that looks like a
    path to a file that does not exist is an error, never analysed as text."""
    if not isinstance(documents, str):
        return documents
    if "\n" not in documents and len(documents) < MAX_PATH_CHARS and documents.strip():
        path = Path(documents.strip())
        if path.is_file():
            logger.info("quotestance: reading %s as a file (a string that names an existing file)", path)
            return path
        if path.is_dir():
            raise InvalidInputError(f"{documents!r} is a folder: give its files, e.g. sorted(Path({documents!r}).glob('*.txt'))")
        if _looks_like_a_path(documents):
            raise InvalidInputError(f"no file {documents!r}: give an existing file, or, to analyse this string as "
                                    f"an article's text, put it in a list: [{documents[:20]!r}...]")
    logger.info("quotestance: taking the string (%d characters) as one article's text", len(documents))
    return documents


def iter_documents(documents: Any, text_column: str | None = None) -> Iterator[Document]:
    """Normalise any supported corpus into a stream of Documents."""
    documents = source_of(documents)
    if isinstance(documents, str):
        yield Document(0, None, documents)
        return
    if isinstance(documents, (bytes, bytearray)):
        raise InvalidInputError("got bytes: decode them to text first, e.g. data.decode('utf-8', errors='replace')")
    if isinstance(documents, Path):
        if not documents.exists():
            raise InvalidInputError(f"{documents} does not exist")
        records: Iterator[tuple[str, Any]] = _records_from_path(documents)
    elif type(documents).__name__ == "DataFrame":
        records = ((f"row {i + 1}", dict(row)) for i, row in enumerate(documents.to_dict(orient="records")))
    elif isinstance(documents, (list, tuple)) or hasattr(documents, "__iter__"):
        records = ((f"document {i}", record) for i, record in enumerate(documents))
    else:
        raise InvalidInputError(f"cannot read documents from a {type(documents).__name__}")
    for index, (where, record) in enumerate(records):
        yield _from_record(record, index, text_column, where)


def check_documents(documents: Any, text_column: str | None = None) -> Any:
    """Read every document once, before any work, when ``documents`` can be
    read again (a file, a list, a DataFrame, a Dataset): a bad line or
    record then stops the run before anything is analysed, never halfway
    through it. Returns what to read (a string that names a file, as a Path)."""
    documents = source_of(documents)
    if isinstance(documents, (Path, list, tuple)) or type(documents).__name__ in ("DataFrame", "Dataset"):
        for _ in iter_documents(documents, text_column):
            pass
    return documents
