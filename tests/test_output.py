"""Valid output: strict JSON (null, never NaN), CSV that reads back with the
same rows and types, and help that says what each format is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from quotestance import Stance, read_quotes, track
from quotestance.corpus.frames import write_quotes

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "trump_putin_budapest_summit.txt"
L, R = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"
# A quote carried over two CR-ended paragraphs holds a lone \r; unnamed sources have no speaker.
DOCS = [
    {"id": "a", "date": "2016-03-01", "text": f"{L}We will keep building,\r{L}and nothing will stop us,{R} said Maria Lopez.\r"},
    {"id": "007", "date": "March 9, 2016", "text": f"{L}This deal is a disaster for workers,{R} one official said."},
    {"id": "c", "date": None, "text": f"Officials said the talks had failed.\n{L}NA{R} is not a name, he said."},
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quotestance", *args], capture_output=True, text=True, timeout=300)


def _strict(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


class Neutral:
    def predict(self, quotes, target, contexts=None):
        return [Stance("neutral", {"favor": 0.1, "against": 0.2, "neutral": 0.7}) for _ in quotes]


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_json_is_strict_with_null_for_missing_values(fmt, tmp_path, tiny_stance):
    out = tmp_path / f"quotes.{fmt}"
    result = run("analyze", str(SEED), "--target", "the summit", "--model", tiny_stance, "--format", fmt,
                 "--output", str(out), "--no-progress")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    rows = ([json.loads(line, parse_constant=_strict) for line in text.splitlines()] if fmt == "jsonl"
            else json.loads(text, parse_constant=_strict))
    assert any(row["speaker"] is None for row in rows) and all(row["date"] is None for row in rows)
    seed = SEED.read_text(encoding="utf-8")
    for row in rows:
        assert seed[row["start"] : row["end"]] == row["text"]
        if row["cue"] is not None:
            assert isinstance(row["cue_start"], int) and seed[row["cue_start"] : row["cue_end"]] == row["cue"]


def test_csv_reads_back_with_the_same_rows_and_types(tmp_path):
    frame = track(DOCS, target="the deal", classifier=Neutral())
    assert any("\r" in text for text in frame["text"]) and frame["speaker"].isna().any()
    path = tmp_path / "quotes.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_quotes(frame, "csv", handle)
    assert len(pd.read_csv(path)) == len(frame)  # a lone \r stays inside its field for any reader
    back = read_quotes(path)
    pd.testing.assert_frame_equal(back.drop(columns="doc_id"), frame.drop(columns="doc_id"), check_exact=True)
    assert back.dtypes.to_dict() == frame.dtypes.to_dict()


def test_cli_csv_and_jsonl_read_back_as_the_frame(tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(DOCS[0]["text"].encode("utf-8"))
    frame = track([{"id": str(article), "text": DOCS[0]["text"]}, {"id": str(SEED), "text": SEED.read_text(encoding="utf-8")}])
    for fmt in ("csv", "jsonl"):
        out = tmp_path / f"quotes.{fmt}"
        result = run("analyze", str(article), str(SEED), "--format", fmt, "--output", str(out), "--no-progress")
        assert result.returncode == 0, result.stderr
        pd.testing.assert_frame_equal(read_quotes(out), frame, check_exact=True)


def test_help_says_what_each_format_is():
    help_text = " ".join(run("analyze", "--help").stdout.split())
    assert "citron-style" not in help_text
    for says in ("table: a readable table", "csv: one row per quote", "jsonl: the same rows as JSON Lines",
                 "json: the same rows as one JSON array"):
        assert says in help_text
