"""Invariants over arbitrary text: never raises, offsets always slice the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adversarial import GENERATORS

from quotestance import extract_quotes
from quotestance.attribution.nlp import MAX_PARSE_CHARS
from quotestance.attribution.chunks import chunks
from quotestance.attribution.quotes import MAX_QUOTE_PARAGRAPHS, find_marked_spans

MARKS = '"\'\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}'
WORDS = ["said", "He", "Trump", "according to", "that", "the", "officials", "noted", ",", ".", ":", "\N{EM DASH}", "\n", " "]
newsy = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(list(MARKS)), st.text(max_size=6)), max_size=60).map(" ".join)


def _check(text: str) -> None:
    for quote in extract_quotes(text):
        assert text[quote.start : quote.end] == quote.text
        for span in (quote.cue, quote.speaker_mention, quote.clause):
            if span is not None:
                assert text[span.start : span.end] == span.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(newsy)
def test_news_like_text_never_breaks_offsets(text):
    _check(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_unicode_never_raises(text):
    _check(text)


# Hostile text as it comes in practice: run-on speech verbs, unclosed marks, no line breaks, no sentence
# ends, deep nesting; cut anywhere, joined with another, in any line-break convention.
LINE_BREAKS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
hostile = st.builds(
    lambda first, second, sizes, cut, breaks: (first(sizes[0]) + "\n" + second(sizes[1]))[cut:].replace("\n", breaks),
    st.sampled_from(list(GENERATORS.values())), st.sampled_from(list(GENERATORS.values())),
    st.tuples(st.integers(0, 1500), st.integers(0, 600)), st.integers(0, 40), st.sampled_from(list(LINE_BREAKS.values())),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_hostile_text_keeps_offsets_exact(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(MARKS) + list("ab \n.")), max_size=400))
def test_marked_spans_are_ordered_and_disjoint(text):
    spans = find_marked_spans(text)
    for left, right in zip(spans, spans[1:]):
        assert left.end <= right.start
    for span in spans:
        assert text[span.start] in MARKS and 0 <= span.start < span.end <= len(text)


def test_five_megabytes_of_marks_pair_in_one_pass():
    text = ("\N{LEFT DOUBLE QUOTATION MARK}no close here and ' stray marks \"\n" * 90_000)[: 5_000_000]
    spans = find_marked_spans(text)
    assert all(text[s.start : s.end].count("\n") <= MAX_QUOTE_PARAGRAPHS for s in spans)
    pieces = chunks(text, spans)
    assert pieces[0][0] >= 0 and pieces[-1][1] <= len(text)
    assert all(end - start <= MAX_PARSE_CHARS for start, end in pieces)


def test_long_article_is_parsed_in_chunks_with_true_offsets(monkeypatch):
    monkeypatch.setattr("quotestance.attribution.chunks.MAX_PARSE_CHARS", 1000)  # many chunks from a small text
    paragraph = "\N{LEFT DOUBLE QUOTATION MARK}We will keep building,\N{RIGHT DOUBLE QUOTATION MARK} said Maria Lopez. Prices rose.\n"
    text = paragraph * 60
    quotes = extract_quotes(text)
    assert len(quotes) == text.count("Maria Lopez")
    assert {q.speaker for q in quotes} == {"Maria Lopez"}
    _check(text)


def test_bad_inputs_get_clear_errors_or_sane_results():
    import pytest

    from quotestance import InvalidInputError

    assert extract_quotes("") == []
    assert extract_quotes("   \n\n ") == []
    with pytest.raises(InvalidInputError, match="decode"):
        extract_quotes(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        extract_quotes(None)  # type: ignore[arg-type]
    _check("\x00\x01\ufffd binary \x7f junk \"\"\" '' \u201c")



def test_lone_surrogates_are_a_clear_error_not_a_crash_downstream():
    """``bytes.decode('utf-8', 'surrogateescape')`` and JSON's ``"\\udcff"`` give
    strings that spaCy, pandas and Parquet cannot encode: refuse them at the door."""
    import pytest

    from quotestance import InvalidInputError

    text = 'Smith said, "It is a bad deal for us."\n\n"We will fight it \udcff," Jones said.'
    with pytest.raises(InvalidInputError, match=r"lone surrogate, U\+DCFF, at offset 58.*errors='replace'"):
        extract_quotes(text)
    mended = text.encode("utf-8", "replace").decode("utf-8")
    assert [q.speaker for q in extract_quotes(mended)] == ["Smith", "Jones"]
