"""Pairing quotation marks, without a parse."""

from __future__ import annotations

from quotestance.attribution.quotes import find_marked_spans

L, R = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"
LS, RS = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"


def spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_marked_spans(text)]


def test_straight_and_curly_pairs():
    assert spans(f'He said "yes" and {L}no{R}.') == ['"yes"', f"{L}no{R}"]


def test_apostrophes_are_not_quotes():
    assert spans(f"Putin{RS}s plan from the {RS}90s: I{RS}ve read it.") == []


def test_single_marks_quote_at_word_boundaries():
    assert spans(f"Biden says {LS}we will win{RS} today") == [f"{LS}we will win{RS}"]


def test_nested_single_inside_double_belongs_to_outer():
    text = f"{L}She said {LS}no{RS} twice,{R} he said."
    assert spans(text) == [f"{L}She said {LS}no{RS} twice,{R}"]


def test_multi_paragraph_quote_spans_paragraphs():
    text = f"{L}First part.\n{L}Second part.{R}\nAfter."
    assert spans(text) == [f"{L}First part.\n{L}Second part.{R}"]


def test_unclosed_quote_stops_at_its_paragraph():
    text = f"A {L}stray mark here.\nNext paragraph with {L}a real quote{R}."
    found = find_marked_spans(text)
    assert [text[s.start : s.end] for s in found] == [f"{L}stray mark here.", f"{L}a real quote{R}"]
    assert found[0].closed is False


def test_stray_closing_mark_is_ignored():
    assert spans(f"Odd{R} text with {L}a quote{R}.") == [f"{L}a quote{R}"]


def test_empty_text():
    assert find_marked_spans("") == []


def test_a_reopening_mark_after_a_sentence_continues_the_open_quote():
    """Paragraphs run together (``write on. "We print``, the break lost): the
    open quote goes on, as it would across the break, rather than being dropped."""
    text = 'explains Hansen. "You need paper to write on. "We print maps, it\'s protected."\n\nAfter.'
    assert spans(text) == ['"You need paper to write on. "We print maps, it\'s protected."']
    other = 'He called it "a mess and "a disgrace" to the city.'  # no sentence end before the second mark
    assert spans(other) == ['"a disgrace"']
