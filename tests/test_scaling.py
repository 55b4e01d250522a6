"""Extraction is linear in the text and its memory bounded by the chunk, on
hostile text too. Work is counted, not timed: the lines of quotestance's own
code that run (spaCy's parse is linear and not counted), so the tests give
the same answer on a loaded machine. The bounds are made small here so that
small texts reach them; tests/benchmarks/bench_adversarial.py times the real
ones on megabytes."""

from __future__ import annotations

import sys
import weakref
from pathlib import Path

import pytest
from adversarial import GENERATORS, deep_nesting, one_paragraph

import quotestance
from quotestance import extract_quotes
from quotestance.attribution.chunks import MAX_PARSE_TOKENS, chunks
from quotestance.attribution.nlp import MAX_PARSE_CHARS, load_spacy
from quotestance.attribution.quotes import find_marked_spans

PACKAGE = str(Path(quotestance.__file__).parent)


def _lines_run(text: str) -> int:
    """How many lines of quotestance's code run to extract quotes from ``text``."""
    count = 0

    def local(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        count += event == "line"
        return local

    def calls(frame, event, arg):  # type: ignore[no-untyped-def]
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(calls)
    try:
        extract_quotes(text)
    finally:
        sys.settrace(None)
    return count


@pytest.fixture
def small_bounds(monkeypatch):
    monkeypatch.setattr("quotestance.attribution.reported.MAX_CLAUSE_TOKENS", 40, raising=False)
    monkeypatch.setattr("quotestance.attribution.speakers.MAX_FRAME_CHARS", 200, raising=False)


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_four_times_the_text_is_four_times_the_work(name, small_bounds):
    load_spacy()
    extract_quotes("Warm up, he said.")
    small, large = _lines_run(GENERATORS[name](2000)), _lines_run(GENERATORS[name](8000))
    assert large <= 5 * small, f"{name}: {small} lines for 2,000 characters, {large} for 8,000"


def test_a_long_text_is_parsed_one_chunk_at_a_time(monkeypatch):
    """Peak memory follows the parses alive at once: a text of 40 chunks holds
    no more of them than a text of one (a batch of 16 chunks did before)."""
    monkeypatch.setattr("quotestance.attribution.chunks.MAX_PARSE_CHARS", 2000)
    monkeypatch.setattr("quotestance.attribution.chunks.PARSE_BATCH_CHARS", 2000)
    nlp = load_spacy()
    tokenizer = nlp.tokenizer
    alive = peak = 0

    def gone() -> None:
        nonlocal alive
        alive -= 1

    def counting(text: str):  # type: ignore[no-untyped-def]
        nonlocal alive, peak
        doc = tokenizer(text)
        alive += 1
        peak = max(peak, alive)
        weakref.finalize(doc, gone)
        return doc

    monkeypatch.setattr(nlp, "tokenizer", counting)
    text = "\n".join(one_paragraph(1900) for _ in range(40))
    quotes = extract_quotes(text, nlp=nlp)
    assert len(quotes) > 40 and all(text[q.start : q.end] == q.text for q in quotes)
    assert peak <= 2


def test_dense_text_is_chunked_by_tokens_as_well_as_characters():
    """A parse's memory follows its tokens: 100,000 characters of nested marks
    are three times the tokens of 100,000 characters of news."""
    text = deep_nesting(250_000)
    pieces = chunks(text, find_marked_spans(text))
    tokenizer = load_spacy().tokenizer
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    for start, end in pieces:
        assert end - start <= MAX_PARSE_CHARS and len(tokenizer(text[start:end])) <= 1.1 * MAX_PARSE_TOKENS


def test_a_text_past_the_parallel_threshold_is_parsed_by_several_processes_to_the_same_quotes(monkeypatch):
    """Left to choose, a very long text is parsed by several processes (the
    5 MB article in under two minutes on two cores); the quotes are the same."""
    from quotestance.attribution import chunks as chunking

    monkeypatch.setattr(chunking, "MAX_PARSE_CHARS", 2000)
    monkeypatch.setattr(chunking, "PARSE_BATCH_CHARS", 2000)
    monkeypatch.setattr(chunking, "PARALLEL_MIN_CHARS", 20_000)
    monkeypatch.setattr(chunking, "auto_processes", lambda: 2)
    nlp = load_spacy()
    pipe, processes = nlp.pipe, []

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        processes.append(kwargs.get("n_process", 1))
        return pipe(*args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", recording)
    text = "\n".join(one_paragraph(1900) for _ in range(12))
    alone = extract_quotes(text, nlp=nlp, n_process=1)
    assert set(processes) == {1}
    processes.clear()
    together = extract_quotes(text, nlp=nlp)
    assert 2 in processes
    assert together == alone and len(alone) > 12
    processes.clear()
    extract_quotes(text[:15_000], nlp=nlp)  # under the threshold: one process
    assert set(processes) == {1}


def test_no_processes_are_started_where_they_would_load_the_model_again(monkeypatch):
    from quotestance.attribution import chunks as chunking

    monkeypatch.setattr(chunking.multiprocessing, "get_start_method", lambda allow_none=False: "spawn")
    assert chunking.auto_processes() == 1
