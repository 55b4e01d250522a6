"""Stance per speaker: over time, and across targets.

The net stance of a quote is ``p_favor - p_against`` (from -1, fully against,
to +1, fully in favour); a group's net stance is its mean, with the standard
error of that mean as its uncertainty (0 for a single quote).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Sequence

from ..errors import InvalidInputError, QuotestanceWarning

if TYPE_CHECKING:
    import pandas as pd

NEEDED = ("speaker", "p_favor", "p_against", "stance")


def _checked(frame: "pd.DataFrame", extra: Sequence[str] = ()) -> "pd.DataFrame":
    missing = [c for c in (*NEEDED, *extra) if c not in frame.columns]
    if missing:
        raise InvalidInputError(f"the frame lacks {missing}: build it with quotestance.track(..., target=...)")
    frame = frame[frame["speaker"].notna()].copy()
    frame["net"] = frame["p_favor"] - frame["p_against"]
    return frame


def _aggregate(grouped: "pd.core.groupby.DataFrameGroupBy") -> "pd.DataFrame":
    import numpy as np

    out = grouped.agg(
        quotes=("net", "size"), net_stance=("net", "mean"), net_sd=("net", "std"),
        favor=("stance", lambda s: int((s == "favor").sum())),
        against=("stance", lambda s: int((s == "against").sum())),
        neutral=("stance", lambda s: int((s == "neutral").sum())),
    )
    out["net_sem"] = (out["net_sd"] / np.sqrt(out["quotes"])).fillna(0.0)
    return out.drop(columns="net_sd").reset_index()


def stance_over_time(frame: "pd.DataFrame", freq: str = "W", speakers: Sequence[str] | None = None,
                     target: str | None = None) -> "pd.DataFrame":
    """One row per speaker, period (and target): counts and net stance.

    ``freq`` is a pandas period alias: "D", "W", "M"... Rows without a date
    are left out; use :func:`speaker_summary` for undated corpora.
    """
    import pandas as pd

    frame = _checked(frame, ["date"])
    if target is not None:
        frame = frame[frame["target"] == target]
    if speakers is not None:
        frame = frame[frame["speaker"].isin(list(speakers))]
    dated = frame["date"].notna()
    if not dated.all():
        warnings.warn(f"{int((~dated).sum())} of {len(frame)} quotes have no date and are left out of stance over time "
                      f"(speaker_summary counts them)", QuotestanceWarning, stacklevel=2)
    frame = frame[dated]
    frame["period"] = pd.to_datetime(frame["date"]).dt.to_period(freq).dt.start_time
    keys = ["speaker", "period"] + (["target"] if "target" in frame.columns else [])
    return _aggregate(frame.groupby(keys, sort=True))


def speaker_summary(frame: "pd.DataFrame", min_quotes: int = 1) -> "pd.DataFrame":
    """One row per speaker (and target, when several were asked for)."""
    frame = _checked(frame)
    keys = ["speaker"] + (["target"] if "target" in frame.columns and frame["target"].nunique() > 1 else [])
    out = _aggregate(frame.groupby(keys, sort=True))
    return out[out["quotes"] >= min_quotes].sort_values("quotes", ascending=False).reset_index(drop=True)
