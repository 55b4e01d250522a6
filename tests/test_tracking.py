"""track() over every input type, summaries and plots, with a test-double classifier."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from quotestance import Stance, track
from quotestance.corpus.plots import plot_speakers, plot_timeline
from quotestance.corpus.summary import speaker_summary, stance_over_time

L, R = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"
DOCS = [
    {"id": "a", "date": "2016-03-01", "text": f"{L}This deal is a disaster for workers,{R} said Maria Lopez."},
    {"id": "b", "date": "2016-03-09", "text": f"{L}The deal will bring great jobs to our state,{R} said Maria Lopez.\n{L}It is fine,{R} Tom Reed said."},
    {"id": "c", "date": "2016-03-20", "text": "No quotes in this one at all."},
]


class KeywordStance:
    """A test double: favor for 'great', against for 'disaster', else neutral."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, str, int]] = []

    def predict(self, quotes, target, contexts=None):
        self.calls.append((len(quotes), target, sum(c is not None for c in contexts or [])))
        out = []
        for quote in quotes:
            text = getattr(quote, "text", quote)  # track hands over Quote objects, so a model can read speakers
            label = "favor" if "great" in text else "against" if "disaster" in text else "neutral"
            out.append(Stance(label, {k: (0.8 if k == label else 0.1) for k in ("favor", "against", "neutral")}))
        return out


def _check(frame: pd.DataFrame) -> None:
    assert list(frame["speaker"]) == ["Maria Lopez", "Maria Lopez", "Tom Reed"]
    assert list(frame["stance"]) == ["against", "favor", "neutral"]
    texts = {d["id"]: d["text"] for d in DOCS}
    for row in frame.itertuples():
        if row.doc_id in texts:
            assert texts[row.doc_id][row.start : row.end] == row.text


def test_list_of_dicts():
    model = KeywordStance()
    frame = track(DOCS, target="the trade deal", classifier=model, batch_size=2)
    _check(frame)
    assert frame["date"].dtype.kind == "M"
    assert model.calls and all(contexts == n for n, _, contexts in model.calls)  # contexts always passed


@pytest.mark.parametrize("kind", ["dataframe", "jsonl", "csv", "parquet", "dataset", "strings"])
def test_every_input_type(kind, tmp_path):
    frame_in = pd.DataFrame(DOCS)
    if kind == "dataframe":
        source = frame_in
    elif kind == "jsonl":
        source = tmp_path / "docs.jsonl"
        source.write_text("\n".join(json.dumps(d) for d in DOCS))
    elif kind == "csv":
        source = tmp_path / "docs.csv"
        frame_in.to_csv(source, index=False)
    elif kind == "parquet":
        source = tmp_path / "docs.parquet"
        frame_in.to_parquet(source)
    elif kind == "dataset":
        datasets = pytest.importorskip("datasets")
        source = datasets.Dataset.from_pandas(frame_in)
    else:
        source = [d["text"] for d in DOCS]
    frame = track(source, target="the trade deal", classifier=KeywordStance())
    _check(frame)
    if kind != "strings":
        assert list(frame["doc_id"]) == ["a", "b", "b"]


def test_single_string_and_no_target():
    frame = track(DOCS[0]["text"])
    assert list(frame["speaker"]) == ["Maria Lopez"] and "stance" not in frame.columns


def test_several_targets_give_a_row_per_target():
    frame = track(DOCS, target=["the deal", "workers"], classifier=KeywordStance())
    assert len(frame) == 6 and set(frame["target"]) == {"the deal", "workers"}
    assert set(speaker_summary(frame).columns) >= {"speaker", "target", "net_stance"}


def test_missing_path_is_a_clear_error(tmp_path):
    from quotestance import InvalidInputError

    with pytest.raises(InvalidInputError, match="does not exist"):
        track(tmp_path / "none.jsonl")


def test_bytes_are_refused_with_what_to_do():
    from quotestance import InvalidInputError

    with pytest.raises(InvalidInputError, match="decode"):
        track(b"Trump said \"yes\".")


def test_stance_over_time_and_summary():
    frame = track(DOCS, target="the trade deal", classifier=KeywordStance())
    weekly = stance_over_time(frame, freq="W")
    lopez = weekly[weekly["speaker"] == "Maria Lopez"]
    assert list(lopez["net_stance"].round(2)) == [-0.7, 0.7]
    summary = speaker_summary(frame)
    assert summary.iloc[0]["speaker"] == "Maria Lopez" and summary.iloc[0]["quotes"] == 2
    assert summary.iloc[0]["net_stance"] == pytest.approx(0.0)


def test_plots_are_labelled_figures():
    frame = track(DOCS, target="the trade deal", classifier=KeywordStance())
    timeline = plot_timeline(frame, freq="W")
    axes = timeline.axes[0]
    assert axes.get_ylabel() and axes.get_xlabel() and axes.get_legend() is not None
    bars = plot_speakers(frame)
    assert bars.axes[0].get_legend() is not None and bars.axes[0].get_xlabel() == "quotes"


def test_one_person_named_differently_in_two_articles_is_one_speaker():
    docs = [
        {"id": "x", "text": f"{L}We will win,{R} said Barack Obama."},
        {"id": "y", "text": f"{L}It was a good day,{R} Obama said."},
    ]
    merged = track(docs)
    assert set(merged["speaker"]) == {"Barack Obama"}
    apart = track(docs, merge_speakers=False)
    assert list(apart["speaker"]) == ["Barack Obama", "Obama"]
