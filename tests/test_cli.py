"""The command line, run as a user runs it: a subprocess, output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "trump_putin_budapest_summit.txt"
ROSTER = ROOT / "seeds" / "seed_summit.json"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quotestance", *args], capture_output=True, text=True, timeout=300)


def test_help_explains_each_option():
    result = run("analyze", "--help")
    assert result.returncode == 0
    for option in ("--target", "--roster", "--format", "--output", "--model"):
        assert option in result.stdout


def test_table_on_the_seed():
    result = run("analyze", str(SEED), "--roster", str(ROSTER), "--no-progress")
    assert result.returncode == 0, result.stderr
    assert "Viktor Orban" in result.stdout and "(one observer)" in result.stdout


def test_jsonl_with_a_local_model_and_a_bad_file(tmp_path, tiny_stance):
    out = tmp_path / "quotes.jsonl"
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "junk.txt"
    binary.write_bytes(b"\xff\xfe\x00junk")
    result = run("analyze", str(SEED), str(missing), str(binary), "--target", "the summit", "--model", tiny_stance,
                 "--format", "jsonl", "--output", str(out), "--no-progress")
    assert result.returncode == 1  # unreadable files reported, the rest analysed
    assert "missing.txt" in result.stderr and "not UTF-8" in result.stderr
    folder = run("analyze", str(tmp_path), "--no-progress")
    assert folder.returncode == 1 and f"{tmp_path} is a folder: give its files ({tmp_path}/*.txt)" in folder.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert rows and all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert {"stance", "p_favor", "p_against", "p_neutral"} <= set(rows[0])


def test_bad_usage_and_missing_model(tmp_path):
    assert run("analyze").returncode == 2
    bad_roster = tmp_path / "roster.json"
    bad_roster.write_text("[1, 2]")
    assert run("analyze", str(SEED), "--roster", str(bad_roster)).returncode == 2
    missing_model = run("analyze", str(SEED), "--target", "x", "--model", str(tmp_path / "no-model"))
    assert missing_model.returncode == 3 and "never downloads" in missing_model.stderr


def test_no_offset_drops_a_models_own_label_offsets(tmp_path):
    import shutil

    from quotestance.stance.classifiers import DEFAULT_ADAPTER

    # The shipped model's fitted offset is 0, so give a copy of it one.
    model = tmp_path / "model"
    shutil.copytree(DEFAULT_ADAPTER, model)
    meta = json.loads((model / "quotestance.json").read_text())
    (model / "quotestance.json").write_text(json.dumps({**meta, "label_bias": {"neutral": 1.0}}))
    shown = {}
    for name, extra in (("default", []), ("no-offset", ["--no-offset"])):
        out = tmp_path / f"{name}.jsonl"
        result = run("analyze", str(SEED), "--target", "the summit", "--format", "jsonl", "--output", str(out),
                     "--no-progress", "--model", str(model), *extra)
        assert result.returncode == 0, result.stderr
        shown[name] = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(shown["default"]) == len(shown["no-offset"]) > 0
    for plain, raw in zip(shown["default"], shown["no-offset"]):
        assert plain["text"] == raw["text"]
        assert raw["p_neutral"] < plain["p_neutral"]


def test_on_topic_needs_a_model_with_an_unrelated_label(tmp_path, tiny_stance, tiny_four_label):
    refused = run("analyze", str(SEED), "--target", "the summit", "--model", tiny_stance, "--on-topic")
    assert refused.returncode == 2 and "unrelated" in refused.stderr
    out = tmp_path / "on-topic.jsonl"
    done = run("analyze", str(SEED), "--target", "the summit", "--model", tiny_four_label, "--on-topic",
               "--format", "jsonl", "--output", str(out), "--no-progress")
    assert done.returncode == 0, done.stderr
    assert all(abs(row["p_favor"] + row["p_against"] + row["p_neutral"] - 1) < 1e-3
               for row in map(json.loads, out.read_text().splitlines()))


def test_track_writes_a_resumable_folder(tmp_path):
    import pandas as pd

    from quotestance import read_results

    docs = [{"id": f"d{i}", "text": f"\N{LEFT DOUBLE QUOTATION MARK}We will win,\N{RIGHT DOUBLE QUOTATION MARK} said Maria Lopez {i}."}
            for i in range(3)]
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in docs) + "{not json\n", encoding="utf-8")
    result = run("track", str(tmp_path / "*.jsonl"), "--output", str(tmp_path / "run"), "--shard-size", "2", "--no-progress")
    assert result.returncode == 1, result.stderr  # one record could not be read; the rest is written
    assert "3 documents in 2 shards (0 done before), 3 rows, 1 errors" in result.stdout
    again = run("track", str(source), "--output", str(tmp_path / "run"), "--shard-size", "2", "--no-progress")
    assert "0 shards (2 done before)" in again.stdout
    frame = read_results(tmp_path / "run")
    assert isinstance(frame, pd.DataFrame) and list(frame["doc_id"]) == ["d0", "d1", "d2"]
    usage = run("track", str(source), "--output", str(tmp_path / "other"), "--num-gpus", "1")
    assert usage.returncode == 2 and "--engine ray" in usage.stderr
