"""Corpus runs to a folder without Ray: the same rows as track, resumable,
with failing documents kept apart, read back with the schema's types."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

import quotestance
from doubles import L, R, Interrupted, InterruptOnce, KeywordStance, corpus, write_jsonl
from quotestance import InvalidInputError, read_results, track
from quotestance.corpus.frames import arrow_schema, schema
from quotestance.corpus.sources import list_files, read_shards

pytest.importorskip("pyarrow")
TARGETS = ["the plan", "the council"]


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in a fixed order, for comparing runs whose row order may differ."""
    keys = [c for c in ("doc_id", "target", "start", "end", "kind") if c in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def test_a_run_to_a_folder_equals_track_and_round_trips(tmp_path):
    docs = corpus(10)
    expected = track(docs, target=TARGETS, classifier=KeywordStance())
    summary = track(write_jsonl(tmp_path / "docs.jsonl", docs), target=TARGETS, classifier=KeywordStance(),
                    output=tmp_path / "run", shard_size=3)
    assert (summary.shards, summary.skipped, summary.documents, summary.errors) == (4, 0, 10, 0)
    assert summary.rows == len(expected) > 0
    got = read_results(tmp_path / "run")
    pd.testing.assert_frame_equal(ordered(got), ordered(expected))
    assert [str(t) for t in got.dtypes] == [str(t) for t in expected.dtypes]
    assert set(got["speaker"]) >= {"Barack Obama", "Anna Berg"} and "Obama" not in set(got["speaker"])
    import pyarrow.parquet as pq

    assert pq.read_schema(next((tmp_path / "run" / "rows").glob("*.parquet"))) == arrow_schema(True)


def test_the_schema_is_the_frames_columns():
    frame = track(corpus(1), target="the plan", classifier=KeywordStance())
    assert list(frame.columns) == [c.name for c in schema(True)]
    if int(pd.__version__.split(".")[0]) >= 3:  # before pandas 3, text columns are object
        assert [str(t) for t in frame.dtypes] == [c.pandas for c in schema(True)]


def test_an_interrupted_run_resumes_without_duplicates(tmp_path):
    docs = corpus(12)
    source = write_jsonl(tmp_path / "docs.jsonl", docs)
    model = InterruptOnce(str(tmp_path / "marker"))
    with pytest.raises(Interrupted):
        track(source, target=TARGETS, classifier=model, output=tmp_path / "run", shard_size=2)
    first = len(list((tmp_path / "run" / "rows").glob("*.parquet")))
    assert 0 < first < 6 and not list((tmp_path / "run" / "rows").glob(".*"))  # nothing half written left in view
    summary = track(source, target=TARGETS, classifier=model, output=tmp_path / "run", shard_size=2)
    assert summary.skipped == first and summary.shards == 6 - first
    got = read_results(tmp_path / "run")
    expected = track(docs, target=TARGETS, classifier=KeywordStance())
    pd.testing.assert_frame_equal(ordered(got), ordered(expected))
    again = track(source, target=TARGETS, classifier=model, output=tmp_path / "run", shard_size=2)
    assert (again.shards, again.skipped) == (0, 6) and len(read_results(tmp_path / "run")) == len(got)


def test_other_settings_are_refused_on_resume(tmp_path):
    source = write_jsonl(tmp_path / "docs.jsonl", corpus(2))
    track(source, output=tmp_path / "run")
    with pytest.raises(InvalidInputError, match="other settings .*targets"):
        track(source, target="the plan", classifier=KeywordStance(), output=tmp_path / "run")


def test_bad_documents_land_in_errors_and_the_rest_is_kept(tmp_path, monkeypatch):
    docs = corpus(4) + [{"id": "boom", "text": f"{L}It will explode,{R} Tom Reed said."},
                        {"id": "crash", "text": "This article crashes the parser."}]
    extra = b'{"id": "latin1", "text": "caf\xe9"}\n{broken json\n{"id": "notext", "body": 3}\n'
    source = write_jsonl(tmp_path / "docs.jsonl", docs, extra)
    from quotestance.attribution import pipeline

    real = pipeline.extract_quotes

    def fragile(text, *args, **kwargs):
        if "crashes" in text:
            raise RuntimeError("parser error")
        return real(text, *args, **kwargs)

    def batch_fails(texts, *args, **kwargs):
        if any("crashes" in t for t in texts):
            raise RuntimeError("parser error")
        return real_many(texts, *args, **kwargs)

    from quotestance.corpus import shards

    real_many = shards.extract_many
    monkeypatch.setattr(shards, "extract_quotes", fragile)
    monkeypatch.setattr(shards, "extract_many", batch_fails)
    summary = track(source, target="the plan", classifier=KeywordStance(), output=tmp_path / "run", shard_size=3)
    errors = read_results(tmp_path / "run", errors=True).set_index("doc_id")["reason"]
    assert summary.errors == 5 == len(errors)
    assert "UTF-8" in errors["docs.jsonl:6"] and "JSON" in errors["docs.jsonl:7"] and "text_column" in errors["notext"]
    assert errors["crash"] == "RuntimeError: parser error" and errors["boom"].startswith("stance: ValueError")
    rows = read_results(tmp_path / "run")
    assert set(rows["doc_id"]) == {d["id"] for d in docs[:4]}  # the other documents of the failing shards stand


def test_inputs_csv_parquet_gzip_globs_and_folders(tmp_path):
    docs = corpus(6)
    frame = pd.DataFrame(docs)
    folder = tmp_path / "in"
    folder.mkdir()
    frame.iloc[:2].to_csv(folder / "a.csv", index=False)
    frame.iloc[2:4].to_parquet(folder / "b.parquet")
    with gzip.open(folder / "c.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(d) + "\n" for d in docs[4:])
    (folder / "notes.md").write_text("not a corpus")
    fs, files = list_files([str(folder)])
    assert [f.fmt for f in files] == ["csv", "parquet", "jsonl"]
    assert list_files([str(folder / "*.parquet"), str(folder / "a.csv")])[1] == files[:2]
    read = [d.doc_id for f in files for s in read_shards(fs, f, 1) for d in s.documents]
    assert read == [d["id"] for d in docs]
    summary = track(str(folder), output=tmp_path / "run")
    assert summary.documents == 6 and read_results(tmp_path / "run")["doc_id"].nunique() == 6
    with pytest.raises(InvalidInputError, match="does not exist"):
        list_files([str(tmp_path / "missing.jsonl")])


def test_documents_without_ids_are_named_by_file_and_line(tmp_path):
    source = tmp_path / "plain.jsonl"
    source.write_text(json.dumps({"text": f"{L}Yes,{R} said Maria Lopez."}) + "\n")
    track(source, output=tmp_path / "run")
    assert list(read_results(tmp_path / "run")["doc_id"]) == ["plain.jsonl:0"]


def test_reading_a_folder_that_holds_no_run_says_so(tmp_path):
    with pytest.raises(InvalidInputError, match="no quotestance run"):
        read_results(tmp_path)


def test_engine_options_need_an_output_and_files(tmp_path):
    with pytest.raises(InvalidInputError, match="output="):
        track(corpus(1), engine="ray")
    with pytest.raises(InvalidInputError, match="to_parquet"):
        track(pd.DataFrame(corpus(1)), output=tmp_path / "run")
    assert not (tmp_path / "run").exists()  # nothing is created before the inputs are known to be readable


def test_import_stays_light():
    import subprocess
    import sys

    code = "import sys, quotestance; print(sorted(m for m in ('ray', 'pyarrow', 'pandas', 'torch', 'spacy') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    assert quotestance.read_results is read_results
