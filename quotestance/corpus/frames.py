"""pandas at the edge: quotes (and their stances) as one row each.

``SCHEMA`` is the one definition of a result row, shared by in-process
``track``, the Parquet that the Ray engine writes and ``read_results``:
the same columns, in the same order, with the same types.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Sequence

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


@lru_cache(maxsize=1)
def _has_str_dtype() -> bool:
    """pandas 3 has a "str" dtype; before it, text columns are object."""
    import pandas as pd

    return int(pd.__version__.split(".")[0]) >= 3


def conform(frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` with the schema's columns and types (stance columns when it has them).

    Dates are parsed one by one (``format="mixed"``), so a row's date never
    depends on the rows around it, and aware dates are put in UTC.
    """
    import pandas as pd

    stance = "stance" in frame.columns
    out = {}
    for column in schema(stance):
        values = frame[column.name] if column.name in frame.columns else pd.Series([None] * len(frame), index=frame.index)
        if column.name == "doc_id":
            values = values.map(doc_id_text, na_action="ignore").astype("object")
        if column.arrow == "timestamp[us]":
            values = pd.to_datetime(values, errors="coerce", format="mixed", utc=True).dt.tz_localize(None)
        if column.pandas == "str" and not _has_str_dtype():  # pandas 2: object, missing as None
            out[column.name] = values.astype("object").where(values.notna(), None)
        else:
            out[column.name] = values.astype(column.pandas)
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


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
    for column in ("start", "end"):
        frame[column] = frame[column].astype("int64")
    return frame
