"""Plots for notebooks: returned as matplotlib figures, never shown here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .summary import speaker_summary, stance_over_time

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


def _figure(width: float, height: float) -> "Figure":
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def plot_timeline(frame: "pd.DataFrame", freq: str = "W", speakers: Sequence[str] | None = None,
                  top: int = 6, target: str | None = None) -> "Figure":
    """Net stance per speaker per period, with its standard error as a band.

    Without ``speakers``, the ``top`` most quoted speakers are drawn.
    """
    table = stance_over_time(frame, freq, speakers, target)
    if speakers is None:
        speakers = table.groupby("speaker")["quotes"].sum().nlargest(top).index.tolist()
    figure = _figure(9, 4.5)
    axes = figure.add_subplot()
    for speaker in speakers:
        rows = table[table["speaker"] == speaker].sort_values("period")
        if rows.empty:
            continue
        line = axes.plot(rows["period"], rows["net_stance"], marker="o", label=f"{speaker} ({int(rows['quotes'].sum())})")[0]
        axes.fill_between(rows["period"], rows["net_stance"] - rows["net_sem"], rows["net_stance"] + rows["net_sem"],
                          color=line.get_color(), alpha=0.15)
    axes.axhline(0, color="grey", linewidth=0.8)
    axes.set_ylim(-1.05, 1.05)
    axes.set_ylabel("net stance (p_favor - p_against)")
    axes.set_xlabel(f"period ({freq})")
    title = target or (frame["target"].iloc[0] if "target" in frame.columns and len(frame) else "")
    axes.set_title(f"Stance toward {title!s} over time" if title else "Stance over time")
    axes.legend(title="speaker (quotes)", loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.autofmt_xdate()
    return figure


def plot_speakers(frame: "pd.DataFrame", top: int = 12, min_quotes: int = 1) -> "Figure":
    """Stacked favor / neutral / against counts per speaker, most quoted first."""
    table = speaker_summary(frame, min_quotes).head(top).iloc[::-1]
    figure = _figure(8, 0.45 * max(len(table), 3) + 1.2)
    axes = figure.add_subplot()
    left = None
    colours = {"favor": "#2a9d8f", "neutral": "#b0b0b0", "against": "#e76f51"}
    labels = table["speaker"] + (" / " + table["target"] if "target" in table.columns else "")
    for label in ("favor", "neutral", "against"):
        axes.barh(labels, table[label], left=left, color=colours[label], label=label)
        left = table[label] if left is None else left + table[label]
    axes.set_xlabel("quotes")
    axes.set_ylabel("speaker")
    axes.set_title("Stance of each speaker's quotes")
    axes.legend(title="stance", loc="lower right")
    return figure
