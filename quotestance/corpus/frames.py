"""pandas at the edge: quotes (and their stances) as one row each, and those
rows written out and read back.

A frame's columns have the same types whatever the rows hold (``typed``):
``date`` is datetime64 (NaT when unknown), ``start``/``end`` int64, the
optional offsets nullable Int64, the texts pandas' string type, the
probabilities float64. ``write_quotes`` writes strict JSON (``null``, never
``NaN``) and CSV with every text quoted; ``read_quotes`` reads either back
with the types it was written with.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, TextIO

from ..errors import InvalidInputError
from ..types import STANCE_LABELS, Quote, Stance

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "doc_id", "date", "speaker", "source_kind", "kind", "text", "start", "end", "cue", "cue_start", "cue_end",
    "speaker_mention", "mention_start", "mention_end", "evidence",
]
STANCE_COLUMNS = ["target", "stance", *(f"p_{label}" for label in STANCE_LABELS)]
TEXT_COLUMNS = ["speaker", "source_kind", "kind", "text", "cue", "speaker_mention", "evidence", "target", "stance"]
OFFSET_COLUMNS = ["start", "end"]
OPTIONAL_OFFSET_COLUMNS = ["cue_start", "cue_end", "mention_start", "mention_end"]  # none without a cue or mention
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
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = parse_dates(frame["date"])[0]
    return typed(frame)


def text_dtype() -> Any:
    """The type pandas gives a column of texts with gaps: ``str`` from pandas 3, object before."""
    import pandas as pd

    return pd.Series(["", None]).dtype


def typed(frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` with each known column in its fixed type (``date`` already parsed)."""
    strings = text_dtype()
    for column in frame.columns:
        if column in OFFSET_COLUMNS:
            frame[column] = frame[column].astype("int64")
        elif column in OPTIONAL_OFFSET_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        elif column in TEXT_COLUMNS:
            frame[column] = frame[column].astype(strings)
        elif column.startswith("p_"):
            frame[column] = frame[column].astype("float64")
    return frame


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
    with the types ``track`` gave them.

    Ids that read as numbers come back as numbers."""
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
    if "date" in frame.columns:
        frame["date"] = parse_dates(frame["date"])[0]
    return typed(frame)
