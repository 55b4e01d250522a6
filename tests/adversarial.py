"""Hostile texts of any length, for the property tests and the benchmark.

Each generator takes a length in characters and returns exactly that many.
They are built the way run-on and broken input is built (repeated speech
verbs with and without marks, unclosed marks, no line breaks, no sentence
ends, deep nesting), which the random text of the property tests never is.
"""

from __future__ import annotations

from typing import Callable

L, R = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"
LS, RS = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"
NEWS = (
    f"{L}We will keep building,{R} said Maria Lopez, the mayor of the city. Prices rose on Monday, officials said. "
    f"According to the ministry, the talks failed. She added that the plan {L}could still work{R} if the council agreed. "
    f"{L}It is over,{R} he said. Critics warned that the deal would hurt workers, and Tom Reed said he doubted it. "
)


def _filled(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def speech_unclosed(size: int) -> str:
    """``He said “no He said “no ...``: a speech verb before every unclosed mark."""
    return _filled(f"He said {L}no ", size)


def speech_that(size: int) -> str:
    """``he said that he said that ...``: reported speech nested without end."""
    return _filled("he said that ", size)


def unclosed_marks(size: int) -> str:
    """Thousands of marks that never close, of every kind, a few to a line."""
    return _filled(f"{L}word {LS}word \"word 'word {L}word\n", size)


def one_paragraph(size: int) -> str:
    """News sentences, quotes and all, in one paragraph with no line break."""
    return _filled(NEWS, size)


def long_sentence(size: int) -> str:
    """One sentence without end: speech verbs, names and clauses, no full stop."""
    return _filled("officials said the talks with Maria Lopez and the council that he warned about and ", size)


def deep_nesting(size: int) -> str:
    """Quotes opened inside quotes, thousands deep, then all closed."""
    return _filled(f"{L}a {LS}b ", size // 2) + _filled(f"c{RS} d{R} ", size - size // 2)


GENERATORS: dict[str, Callable[[int], str]] = {
    "speech_unclosed": speech_unclosed, "speech_that": speech_that, "unclosed_marks": unclosed_marks,
    "one_paragraph": one_paragraph, "long_sentence": long_sentence, "deep_nesting": deep_nesting,
}
