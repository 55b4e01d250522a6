"""pandas at the edge: quotes (and their stances) as one row each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from ..types import STANCE_LABELS, Quote, Stance

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "doc_id", "date", "speaker", "source_kind", "kind", "text", "start", "end", "cue", "cue_start", "cue_end",
    "speaker_mention", "mention_start", "mention_end", "evidence",
]
STANCE_COLUMNS = ["target", "stance", *(f"p_{label}" for label in STANCE_LABELS)]


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
