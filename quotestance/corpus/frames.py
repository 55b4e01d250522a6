"""pandas at the edge: quotes (and their stances) as one row each, and those
rows written out and read back.

``SCHEMA`` is the one definition of a result row, shared by in-process
``track``, the Parquet that the Ray engine and runs to a folder write,
``read_results`` and ``read_quotes``: the same columns, in the same order,
with the same types (``conform``). ``date`` is datetime64 in UTC (NaT when
unknown), ``start``/``end`` int64, the optional offsets nullable Int64,
``doc_id`` and the other texts pandas' string type, the probabilities
float64. ``write_quotes`` writes strict JSON (``null``, never ``NaN``) and
CSV with every text quoted; ``read_quotes`` reads either back with the types
it was written with.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, TextIO

from ..errors import InvalidInputError
from ..types import STANCE_LABELS, Quote, Stance

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Column:
    """One result column: its name, its Arrow (Parquet) and pandas types, what it holds."""

    name: str
    arrow: str  # "string", "int64", "float64" or "timestamp[us]"
    pandas: str
    meaning: str


def _c(name: str, arrow: str, meaning: str) -> Column:
    pandas = {"string": "str", "int64": "Int64", "float64": "float64", "timestamp[us]": "datetime64[us]"}[arrow]
    return Column(name, arrow, "int64" if name in ("start", "end") else pandas, meaning)


QUOTE_SCHEMA: tuple[Column, ...] = (
    _c("doc_id", "string", "the document's id field (id, doc_id, document_id, filename), else its position, as text"),
    _c("date", "timestamp[us]", "its date field, parsed and in UTC; empty when missing or unreadable"),
    _c("speaker", "string", "canonical speaker, merged across documents; empty for unnamed and unknown sources"),
    _c("source_kind", "string", "person, organization, unnamed or unknown"),
    _c("kind", "string", "direct, mixed or indirect"),
    _c("text", "string", "the quote: document text[start:end]"),
    _c("start", "int64", "character offset of the quote in the document"),
    _c("end", "int64", "character offset where the quote ends"),
    _c("cue", "string", "the words that introduce it (said, according to, a label's colon)"),
    _c("cue_start", "int64", "offsets of the cue (empty without one)"),
    _c("cue_end", "int64", ""),
    _c("speaker_mention", "string", "the speaker as the text names it (a pronoun, a role, a name)"),
    _c("mention_start", "int64", "offsets of the mention (empty without one)"),
    _c("mention_end", "int64", ""),
    _c("evidence", "string", "the rule that made the attribution, e.g. cue:subject"),
)
STANCE_SCHEMA: tuple[Column, ...] = (
    _c("target", "string", "what the stance is toward, as given"),
    _c("stance", "string", "favor, against or neutral"),
    *(_c(f"p_{label}", "float64", f"probability of {label}") for label in STANCE_LABELS),
)
COLUMNS = [c.name for c in QUOTE_SCHEMA]
STANCE_COLUMNS = [c.name for c in STANCE_SCHEMA]
SCHEMA = QUOTE_SCHEMA + STANCE_SCHEMA
TEXT_COLUMNS = [c.name for c in SCHEMA if c.arrow == "string"]
OFFSET_COLUMNS = ["start", "end"]
OPTIONAL_OFFSET_COLUMNS = ["cue_start", "cue_end", "mention_start", "mention_end"]  # none without a cue or mention


def schema(stance: bool) -> tuple[Column, ...]:
    return QUOTE_SCHEMA + (STANCE_SCHEMA if stance else ())


def arrow_schema(stance: bool) -> "pa.Schema":
    """The Parquet schema of a result file."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "timestamp[us]": pa.timestamp("us")}
    return pa.schema([pa.field(c.name, types[c.arrow]) for c in schema(stance)])


def doc_id_text(value: Any) -> str | None:
    """A document id as text: ids travel through Parquet, which wants one type."""
    return None if value is None else str(value)


FORMATS = {
    "csv": "one row per quote with the columns of quotestance.track (doc_id, speaker, kind, text, start, end, cue, "
           "... and with --target stance, p_favor, p_against, p_neutral), every text quoted; "
           "quotestance.read_quotes reads it back with its column types",
    "jsonl": "the same rows as JSON Lines, one object per quote per line, null where a value is missing",
    "json": "the same rows as one JSON array of flat objects (not citron's format: that is quotestance.to_citron)",
}


def quote_record(quote: Quote, doc_id: Any = None, date: Any = None) -> dict[str, Any]:
    """One quote as a flat dict with the DataFrame's column names."""
    cue, mention = quote.cue, quote.speaker_mention
    return {
        "doc_id": doc_id, "date": date, "speaker": quote.speaker, "source_kind": quote.source_kind,
        "kind": quote.kind, "text": quote.text, "start": quote.start, "end": quote.end,
        "cue": cue.text if cue else None, "cue_start": cue.start if cue else None, "cue_end": cue.end if cue else None,
        "speaker_mention": mention.text if mention else None,
        "mention_start": mention.start if mention else None, "mention_end": mention.end if mention else None,
        "evidence": quote.evidence,
    }


def stance_record(stance: Stance, target: str) -> dict[str, Any]:
    return {"target": target, "stance": stance.label, **{f"p_{label}": float(stance.scores.get(label, 0.0)) for label in STANCE_LABELS}}


def to_dataframe(quotes: Sequence[Quote], stances: Sequence[Stance] | None = None, *, target: str | None = None,
                 doc_id: Any = None, date: Any = None) -> "pd.DataFrame":
    """Quotes as a DataFrame, one row per quote; stance columns when given.

    >>> to_dataframe([]).columns[:3].tolist()
    ['doc_id', 'date', 'speaker']
    """
    import pandas as pd

    if stances is not None and len(stances) != len(quotes):
        raise ValueError(f"{len(quotes)} quotes but {len(stances)} stances")
    rows = [quote_record(q, doc_id, date) for q in quotes]
    columns = list(COLUMNS)
    if stances is not None:
        columns += STANCE_COLUMNS
        for row, stance in zip(rows, stances):
            row.update(stance_record(stance, target or ""))
    return conform(pd.DataFrame(rows, columns=columns))


def text_dtype() -> Any:
    """The type pandas gives a column of texts with gaps: ``str`` from pandas 3, object before."""
    import pandas as pd

    return pd.Series(["", None]).dtype


def conform(frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` with the schema's columns, in its order and types (stance
    columns when it has them); dates are read by ``parse_dates``."""
    import pandas as pd

    strings = text_dtype()
    out = {}
    for column in schema("stance" in frame.columns):
        values = frame[column.name] if column.name in frame.columns else pd.Series([None] * len(frame), index=frame.index)
        if column.name == "doc_id":
            values = values.map(doc_id_text, na_action="ignore")
        if column.arrow == "timestamp[us]":
            values = parse_dates(values)[0]
            if getattr(values.dt, "tz", None) is not None:
                values = values.dt.tz_convert("UTC").dt.tz_localize(None)
            out[column.name] = values.astype("datetime64[us]")
        elif column.arrow == "string":
            out[column.name] = values.astype("object").where(values.notna(), None).astype(strings)
        else:
            out[column.name] = values.astype(column.pandas)
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def parse_dates(values: "pd.Series") -> tuple["pd.Series", "pd.Series"]:
    """(dates as datetime64[ns], NaT where unknown; a mask of the values given
    but unreadable). Each value is read on its own (``format="mixed"``), so
    one article's ``March 9, 2016`` does not spoil another's ``2016-03-09``;
    offsets from UTC, where some dates have them, are converted to UTC."""
    import pandas as pd

    given = values.notna() & (values.astype(str).str.strip() != "")
    try:
        dates = pd.to_datetime(values.where(given), errors="coerce", format="mixed")
    except (TypeError, ValueError):  # naive and aware dates together
        dates = pd.to_datetime(values.where(given), errors="coerce", format="mixed", utc=True)
    if dates.dtype == object:  # several UTC offsets
        dates = pd.to_datetime(values.where(given), errors="coerce", format="mixed", utc=True)
    unit = "datetime64[ns]" if getattr(dates.dt, "tz", None) is None else f"datetime64[ns, {dates.dt.tz}]"
    return dates.astype(unit), given & dates.isna()


def _plain(value: Any) -> Any:
    """A cell as strict JSON takes it: None for any missing value (never NaN)."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value  # numpy scalars


def records(frame: "pd.DataFrame") -> list[dict[str, Any]]:
    """The rows as plain dicts: Python values, None where missing."""
    columns = list(frame.columns)
    return [dict(zip(columns, map(_plain, row))) for row in frame.itertuples(index=False, name=None)]


def write_quotes(frame: "pd.DataFrame", fmt: str, out: TextIO) -> None:
    """Write the rows as ``csv``, ``jsonl`` or ``json`` (see ``FORMATS``)."""
    if fmt == "csv":
        frame.to_csv(out, index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    elif fmt == "jsonl":
        for record in records(frame):
            out.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
    elif fmt == "json":
        out.write(json.dumps(records(frame), ensure_ascii=False, allow_nan=False, indent=1) + "\n")
    else:
        raise InvalidInputError(f"unknown format {fmt!r}: use one of {sorted(FORMATS)}")


def read_quotes(path: str | Path) -> "pd.DataFrame":
    """Rows written by ``write_quotes`` (the CLI's csv, jsonl and json) back,
    with the types ``track`` gave them (``SCHEMA``)."""
    import pandas as pd

    path = Path(path)
    if path.suffix.lower() == ".csv":
        texts = {column: [""] for column in TEXT_COLUMNS + OPTIONAL_OFFSET_COLUMNS + ["date"]}
        frame = pd.read_csv(path, keep_default_na=False, na_values=texts, float_precision="round_trip")
    elif path.suffix.lower() in (".jsonl", ".json"):
        with path.open(encoding="utf-8") as handle:
            rows = json.load(handle) if path.suffix.lower() == ".json" else [json.loads(line) for line in handle if line.strip()]
        frame = pd.DataFrame(rows)
    else:
        raise InvalidInputError(f"{path}: read_quotes reads the .csv, .jsonl and .json files quotestance writes")
    return conform(frame)
