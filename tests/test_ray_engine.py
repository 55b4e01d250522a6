"""The Ray engine on a local Ray of 2 CPUs: the same rows as in-process
track, resumable after an interruption, bad documents in errors."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

ray = pytest.importorskip("ray", reason='the Ray engine is optional: pip install "quotestance[ray]"')
pytest.importorskip("ray.data", reason='the Ray engine needs Ray Data: pip install "quotestance[ray]"')

import doubles  # noqa: E402
from doubles import KeywordStance, corpus, write_jsonl  # noqa: E402
from quotestance import read_results, track  # noqa: E402

TARGETS = ["the plan", "the council"]


@pytest.fixture(scope="module")
def local_ray():
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(doubles)  # workers cannot import the tests folder
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield ray
    cloudpickle.unregister_pickle_by_value(doubles)
    if started:
        ray.shutdown()


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["doc_id", "target", "start", "end"], kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    docs = corpus(12)
    write_jsonl(folder / "a.jsonl", docs[:7], extra=b'{"id": "latin1", "text": "caf\xe9"}\n')
    pd.DataFrame(docs[7:]).to_parquet(folder / "b.parquet")
    return folder, docs


def test_ray_rows_equal_track_and_bad_documents_land_in_errors(local_ray, files, tmp_path):
    folder, docs = files
    summary = track(str(folder / "*"), target=TARGETS, classifier=KeywordStance(), output=tmp_path / "run",
                    engine="ray", shard_size=2, workers=2)
    assert (summary.documents, summary.errors, summary.skipped) == (12, 1, 0)
    got = read_results(tmp_path / "run")
    expected = track(docs, target=TARGETS, classifier=KeywordStance())
    pd.testing.assert_frame_equal(ordered(got), ordered(expected))  # columns, types, values; merged speakers too
    errors = read_results(tmp_path / "run", errors=True)
    assert list(errors["doc_id"]) == ["a.jsonl:7"] and "UTF-8" in errors["reason"][0]


def test_an_interrupted_ray_run_resumes_without_duplicates(local_ray, files, tmp_path, monkeypatch):
    from quotestance.corpus import ray_engine

    folder, docs = files
    drive = ray_engine._drive

    def interrupted(dataset, progress):  # Ctrl-C on the driver once the first shard is in
        for _ in dataset.iter_rows():
            raise KeyboardInterrupt
        return drive(dataset, progress)

    run = dict(target=TARGETS, classifier=KeywordStance(), output=tmp_path / "run", engine="ray", shard_size=1, workers=2)
    monkeypatch.setattr(ray_engine, "_drive", interrupted)
    with pytest.raises(KeyboardInterrupt):
        track(str(folder / "a.jsonl"), **run)
    written = len(list((tmp_path / "run" / "rows").glob("part-*.parquet")))
    assert 1 <= written < 8
    monkeypatch.setattr(ray_engine, "_drive", drive)
    second = track(str(folder / "a.jsonl"), **run)
    assert second.skipped >= written and second.skipped + second.shards == 8  # 7 documents and a bad line
    got = read_results(tmp_path / "run")
    assert not got.duplicated().any()
    pd.testing.assert_frame_equal(ordered(got), ordered(track(docs[:7], target=TARGETS, classifier=KeywordStance())))


def test_without_ray_the_error_names_the_extra(monkeypatch, tmp_path):
    from quotestance import QuotestanceError

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(QuotestanceError, match=r"quotestance\[ray\]"):
        track(str(tmp_path / "x.jsonl"), engine="ray", output=tmp_path / "run")
