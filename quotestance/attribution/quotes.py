"""Marked quotes: pairing quotation marks into spans.

Pairing is per paragraph, so a stray or missing mark damages one paragraph
at most. News style carries a quote over paragraphs by opening each one and
closing only the last; an unclosed paragraph followed by one that opens with
a mark continues the quote. Single marks count as quotation marks only at
word boundaries (``I’ve``, ``Putin’s`` and ``’90s`` are apostrophes), and a
quote nested inside another belongs to the outer one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable

from .text import (
    CLOSE_DOUBLE,
    CLOSE_SINGLE,
    OPEN_DOUBLE,
    OPEN_SINGLE,
    STRAIGHT_DOUBLE,
    STRAIGHT_SINGLE,
    paragraphs,
)

_OPENING_CONTEXT = set(" \t\n([{/\N{EM DASH}\N{EN DASH}-") | OPEN_DOUBLE | OPEN_SINGLE
MAX_SINGLE_QUOTE_CHARS = 600
# A quote carried over more paragraphs than this without closing is a stray mark.
MAX_QUOTE_PARAGRAPHS = 12


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """A span between quotation marks, marks included; ``closed`` is False when
    the paragraph ended before a closing mark."""

    start: int
    end: int
    closed: bool
    double: bool


def _opens(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in _OPENING_CONTEXT


DOUBLED_APOSTROPHE = STRAIGHT_SINGLE * 2  # a double mark in some archives (the NYT's among them)


def _double_width(text: str, i: int) -> int:
    """1 for a double mark at ``i``, 2 for a doubled apostrophe, else 0."""
    char = text[i]
    if char in OPEN_DOUBLE or char in CLOSE_DOUBLE or char == STRAIGHT_DOUBLE:
        return 1
    if text.startswith(DOUBLED_APOSTROPHE, i) and (i == 0 or text[i - 1] != STRAIGHT_SINGLE):
        return 0 if text.startswith(STRAIGHT_SINGLE * 3, i) else 2
    return 0


def _role_double(text: str, i: int, end: int, width: int) -> str | None:
    """'open', 'close' or None (not usable) for a double mark at ``i``."""
    char = text[i]
    after = text[i + width] if i + width < end else " "
    if char in OPEN_DOUBLE:
        # A left mark glued to the end of a word is a typesetting slip for a close.
        return "close" if not _opens(text, i) and after.isspace() else "open"
    if char in CLOSE_DOUBLE:
        return "open" if _opens(text, i) and not after.isspace() else "close"
    if _opens(text, i) and not after.isspace():
        return "open"
    if i > 0 and not text[i - 1].isspace():
        return "close"
    # Set off by spaces, it stands beside a nested single mark: `'outreach,' " he told`, `" 'Oh,' she said`
    if i > 1 and text[i - 1] == " " and (text[i - 2] in CLOSE_SINGLE or text[i - 2] == STRAIGHT_SINGLE):
        return "close"
    if i + 2 < end and after == " " and (text[i + 2] in OPEN_SINGLE or text[i + 2] == STRAIGHT_SINGLE):
        return "open"
    return None


def _after_sentence(text: str, i: int, floor: int) -> bool:
    """Whether a mark at ``i`` follows a sentence's end and a space (after ``floor``)."""
    k = i - 1
    while k > floor and text[k] == " ":
        k -= 1
    return k > floor and k < i - 1 and text[k] in ".?!"


def _pair_doubles(text: str, start: int, end: int, carried: int | None) -> tuple[list[MarkedSpan], int | None]:
    """Pair double marks in one paragraph; return spans and an unclosed opening."""
    spans: list[MarkedSpan] = []
    opening = carried
    lead = start + len(text[start:end]) - len(text[start:end].lstrip())
    skip_to = start
    for i in range(start, end):
        width = _double_width(text, i) if i >= skip_to else 0
        if not width:
            continue
        skip_to = i + width
        role = _role_double(text, i, end, width)
        if role is None:
            continue
        if role == "open":
            if opening is not None and carried is not None and i == lead:
                continue  # the mark that reopens a quote carried over paragraphs
            if opening is not None and _after_sentence(text, i, opening):
                continue  # the same, with the paragraph break lost: `write on. "We print`
            opening = i
            carried = None
        elif opening is not None:
            spans.append(MarkedSpan(opening, i + width, True, True))
            opening = None
            carried = None
    return spans, opening


def _single_role(text: str, i: int, end: int) -> str | None:
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    if before.isalnum() and after.isalnum():
        return None  # I’ve, Putin’s, rock’n’roll
    if char in OPEN_SINGLE or char == STRAIGHT_SINGLE or char in CLOSE_SINGLE:
        if _opens(text, i) and after.isalpha():
            return "open"
        if _opens(text, i) and after.isdigit():
            return None  # ’90s
        if not before.isspace() and not after.isalnum():
            return "close"
    return None


def _pair_singles(text: str, start: int, end: int) -> list[MarkedSpan]:
    spans: list[MarkedSpan] = []
    opening: int | None = None
    for i in range(start, end):
        char = text[i]
        if char not in OPEN_SINGLE and char not in CLOSE_SINGLE and char != STRAIGHT_SINGLE:
            continue
        if text.startswith(DOUBLED_APOSTROPHE, i) or (i > start and text.startswith(DOUBLED_APOSTROPHE, i - 1)):
            continue  # part of a doubled apostrophe: a double mark
        role = _single_role(text, i, end)
        if role == "open" and opening is None:
            opening = i
        elif role == "close" and opening is not None:
            if i + 1 - opening <= MAX_SINGLE_QUOTE_CHARS:
                spans.append(MarkedSpan(opening, i + 1, True, False))
            opening = None
    return spans


def _drop_nested(spans: Iterable[MarkedSpan]) -> list[MarkedSpan]:
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    kept: list[MarkedSpan] = []
    for span in ordered:
        if kept and span.start < kept[-1].end:
            continue  # inside (or tangled with) the previous outer quote
        kept.append(span)
    return kept


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every quoted span in document order, outermost only.

    >>> text = 'He said "no way" today.'
    >>> [text[s.start:s.end] for s in find_marked_spans(text)]
    ['"no way"']
    """
    spans: list[MarkedSpan] = []
    carried: int | None = None
    carried_over = 0
    paras = list(paragraphs(text))
    for index, (start, end) in enumerate(paras):
        doubles, unclosed = _pair_doubles(text, start, end, carried)
        spans.extend(doubles)
        carried_over = carried_over + 1 if carried is not None and unclosed == carried else 0
        carried = None
        if unclosed is not None:
            nxt = paras[index + 1] if index + 1 < len(paras) else None
            lead = nxt[0] + len(text[nxt[0] : nxt[1]]) - len(text[nxt[0] : nxt[1]].lstrip()) if nxt else -1
            reopens = nxt is not None and text[lead] not in CLOSE_DOUBLE and _double_width(text, lead) > 0
            if reopens and carried_over < MAX_QUOTE_PARAGRAPHS:
                carried = unclosed
            else:
                spans.append(MarkedSpan(unclosed, _trim_end(text, unclosed, end), False, True))
        double_starts = [d.start for d in doubles]
        spans.extend(s for s in _pair_singles(text, start, end) if not _tangles(s, doubles, double_starts))
    return _drop_nested(spans)


def _tangles(single: MarkedSpan, doubles: list[MarkedSpan], starts: list[int]) -> bool:
    """True when a single-mark span crosses a double one without nesting.
    ``doubles`` are one paragraph's, in order and disjoint (``starts``): only
    the one holding each end of ``single`` can cross it."""
    for end in (single.start, single.end - 1):
        index = bisect_right(starts, end) - 1
        if index < 0:
            continue
        double = doubles[index]
        inside = double.start <= single.start and single.end <= double.end
        around = single.start <= double.start and double.end <= single.end
        crosses = single.start < double.end and double.start < single.end
        if crosses and not inside and not around:
            return True
    return False
