"""Result types check their offsets when built; Config rejects bad values."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from quotestance import Config, InvalidInputError, Quote, Span, Stance


def test_span_is_sliced_from_the_text():
    assert Span.of("hello world", 6, 11) == Span(6, 11, "world")
    with pytest.raises(ValueError):
        Span.of("short", 2, 10)
    with pytest.raises(ValueError):
        Span(0, 3, "toolong")


def test_quote_checks_its_text_and_is_frozen():
    quote = Quote(kind="direct", start=3, end=8, text='"hi!"')
    with pytest.raises(dataclasses.FrozenInstanceError):
        quote.start = 1  # type: ignore[misc]
    with pytest.raises(ValueError):
        Quote(kind="direct", start=0, end=2, text="abc")
    assert pickle.loads(pickle.dumps(quote)) == quote
    assert dataclasses.asdict(quote)["text"] == '"hi!"'
    assert quote.content == quote.span


def test_stance_rejects_unknown_labels():
    with pytest.raises(ValueError):
        Stance("positive", {})  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Stance("favor", {"positive": 1.0})  # type: ignore[dict-item]


def test_config_rejects_non_booleans():
    with pytest.raises(InvalidInputError):
        Config(attitudes="yes")  # type: ignore[arg-type]


def test_attitudes_are_opt_in():
    from quotestance import extract_quotes

    text = "Senator Maria Lopez endorsed the new trade agreement on Monday."
    assert extract_quotes(text) == []
    wide = extract_quotes(text, config=Config(attitudes=True))
    assert [q.text for q in wide] == ["the new trade agreement"] and wide[0].speaker == "Maria Lopez"


def test_import_is_cheap():
    import subprocess
    import sys

    code = "import sys, quotestance; print(sorted(m for m in ('torch', 'spacy', 'transformers', 'pandas', 'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
