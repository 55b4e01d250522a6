"""No silent loss, and errors that name the fix: a string path is read as a
file, a bad date is counted, a bad JSONL line stops the run before any work,
and every CLI argument is checked before a model loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from quotestance import InvalidInputError, Stance, extract_quotes, track
from quotestance.cli import main
from quotestance.corpus.summary import stance_over_time
from quotestance.errors import QuotestanceWarning

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "trump_putin_budapest_summit.txt"
L, R = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"
ARTICLE = f"{L}This deal is a disaster for workers,{R} said Maria Lopez.\n{L}It is fine,{R} Tom Reed said."


class Neutral:
    def predict(self, quotes, target, contexts=None):
        return [Stance("neutral", {"favor": 0.2, "against": 0.1, "neutral": 0.7}) for _ in quotes]


def test_a_string_that_names_a_file_is_read_as_that_file(tmp_path, monkeypatch):
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in ("article.txt", str(tmp_path / "article.txt")):
        frame = track(given)
        assert list(frame["speaker"]) == ["Maria Lopez", "Tom Reed"] and set(frame["doc_id"]) == {"article.txt"}


def test_a_string_that_looks_like_a_missing_file_is_an_error_not_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for given in ("articles/2016-03-01.txt", "missing.jsonl"):
        with pytest.raises(InvalidInputError, match="no file .* put it in a list"):
            track(given)
    assert len(track([ARTICLE])) == 2  # a list of texts is always texts


def test_a_bad_date_is_counted_and_its_rows_kept():
    docs = [{"id": "a", "date": "2016-03-01", "text": ARTICLE}, {"id": "b", "date": "March 9, 2016", "text": ARTICLE},
            {"id": "c", "date": "the day after", "text": ARTICLE}]
    with pytest.warns(QuotestanceWarning, match=r"2 quotes from 1 document have a date that cannot be read \('the day after' in document 'c'\)"):
        frame = track(docs, target="the deal", classifier=Neutral())
    assert len(frame) == 6
    assert list(frame["date"].dt.strftime("%Y-%m-%d").fillna("-")) == ["2016-03-01"] * 2 + ["2016-03-09"] * 2 + ["-"] * 2
    with pytest.warns(QuotestanceWarning, match="2 of 6 quotes have no date and are left out"):
        weekly = stance_over_time(frame, freq="W")
    assert weekly["quotes"].sum() == 4


def test_a_bad_jsonl_line_stops_the_run_before_any_work(tmp_path, monkeypatch):
    lines = [json.dumps({"id": i, "text": ARTICLE}) for i in range(4)]
    calls = []
    monkeypatch.setattr("quotestance.corpus.track.extract_many", lambda *a, **k: calls.append(a) or iter([]))
    for bad, why in (('{"id": 9, "text": "unfinished', "not valid JSON"), ('{"id": 9, "body": null}', "has no text")):
        path = tmp_path / "docs.jsonl"
        path.write_text("\n".join(lines[:2] + ["", bad] + lines[2:]) + "\n", encoding="utf-8")
        with pytest.raises(InvalidInputError, match=rf"docs.jsonl, line 4:? .*{why}"):
            track(path, batch_size=1)
    assert calls == []


def _roster(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "roster.json"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("content, problem", [
    ('{"Dan Fried": 3}', "the aliases of 'Dan Fried' are 3, not a list"),
    ('{"Dan Fried": "Fried"}', "the aliases of 'Dan Fried' are \"Fried\", not a list"),
    ('["Dan Fried"]', "this roster is a list"),
    ('{"Dan Fried": [', "not valid JSON"),
])
def test_a_roster_of_the_wrong_shape_gets_one_message_from_the_cli_and_the_api(tmp_path, capsys, content, problem):
    path = _roster(tmp_path, content)
    assert main(["analyze", str(SEED), "--roster", str(path), "--no-progress"]) == 2
    said = capsys.readouterr().err
    with pytest.raises(InvalidInputError) as raised:
        extract_quotes(ARTICLE, roster=str(path))
    assert said == f"quotestance: {raised.value}\n"
    assert str(path) in said and problem in said and "mapping each canonical name to a list of aliases" in said


@pytest.fixture
def no_model_loads(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a model was loaded before the arguments were checked")

    monkeypatch.setattr("quotestance.stance.classifiers.TransformerStance.__init__", refuse)
    monkeypatch.setattr("quotestance.corpus.track.extract_many", refuse)


def test_the_cli_checks_every_argument_before_any_model_or_article(tmp_path, capsys, no_model_loads):
    missing = str(tmp_path / "missing.txt")  # never reported: the run stops before reading articles
    empty = tmp_path / "empty-model"
    empty.mkdir()
    cases = [
        (["--output", str(tmp_path / "no" / "such" / "folder" / "out.csv")], 2, "does not exist; create it first"),
        (["--output", str(tmp_path)], 2, "is a folder: give a file name"),
        (["--roster", str(_roster(tmp_path, '{"A": 3}')), "--target", "x", "--model", str(empty)], 2, "roster.json"),
        (["--target", "  "], 2, "--target is empty"),
        (["--model", str(empty)], 2, "only matter(s) with --target"),
        (["--target", "the summit", "--model", str(empty)], 3, f"the model folder {empty} is empty"),
        (["--target", "the summit", "--model", str(tmp_path / "nowhere")], 3, "never downloads"),
    ]
    for extra, code, says in cases:
        assert main(["analyze", str(SEED), missing, "--no-progress", *extra]) == code, extra
        said = capsys.readouterr().err
        assert says in said and "cannot read" not in said, (extra, said)


def test_checking_the_output_leaves_an_earlier_file_alone(tmp_path, capsys, no_model_loads):
    out = tmp_path / "quotes.csv"
    out.write_text("earlier results\n", encoding="utf-8")
    empty = tmp_path / "empty-model"
    empty.mkdir()
    assert main(["analyze", str(SEED), "--output", str(out), "--target", "x", "--model", str(empty)]) == 3
    assert out.read_text(encoding="utf-8") == "earlier results\n"
    fresh = tmp_path / "fresh.csv"
    assert main(["analyze", str(SEED), "--output", str(fresh), "--target", "x", "--model", str(empty)]) == 3
    assert not fresh.exists()
    not_a_folder = out / "quotes.csv"
    assert main(["analyze", str(SEED), "--output", str(not_a_folder)]) == 2
    assert f"{out} is not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("files, lacks", [
    ({"config.json": "{}"}, "lacks weights (model.safetensors or pytorch_model.bin), a tokenizer (tokenizer.json or vocab.txt)"),
    ({"config.json": "{not json", "model.safetensors": "", "vocab.txt": ""}, "config.json is not valid JSON"),
    ({"adapter_config.json": "[1, 2]"}, "adapter_config.json must hold a JSON object"),
    ({"adapter_config.json": "{}"}, "lacks adapter_model.safetensors or adapter_model.bin"),
])
def test_a_malformed_model_folder_is_exit_code_3_naming_what_is_missing(tmp_path, files, lacks):
    folder = tmp_path / "model"
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "quotestance", "analyze", str(SEED), "--target", "the summit",
                             "--model", str(folder)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 3, result.stderr
    assert str(folder) in result.stderr and lacks in result.stderr and "Traceback" not in result.stderr


def test_two_runs_write_the_same_bytes(tmp_path, tiny_stance):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-8")
    outputs = []
    for run, seed in enumerate(("1", "2")):  # other hash seeds: no set or dict order may leak into the output
        out = tmp_path / f"run{run}.json"
        result = subprocess.run([sys.executable, "-m", "quotestance", "analyze", str(SEED), str(article),
                                 "--target", "the summit", "--model", tiny_stance, "--format", "json", "--output", str(out),
                                 "--no-progress"], capture_output=True, text=True, timeout=300,
                                env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and len(json.loads(outputs[0])) > 7


def test_two_tracks_of_a_corpus_give_equal_frames():
    texts = [SEED.read_text(encoding="utf-8"), ARTICLE, ARTICLE.replace("Maria Lopez", "Lopez")]
    first, second = track(texts, target="the deal", classifier=Neutral()), track(texts, target="the deal", classifier=Neutral())
    pd.testing.assert_frame_equal(first, second, check_exact=True)
