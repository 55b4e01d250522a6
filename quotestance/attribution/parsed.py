"""The text spaCy reads, and the way back to the caller's characters.

The caller's text is never rewritten: quotes are found in a parse text and
every offset is mapped back, so ``text[q.start:q.end] == q.text`` holds for
the text as given. The parse text differs only where the same words come in
another form:

- line breaks: ``\\r\\n`` is read as a space and ``\\n``, a lone ``\\r`` as
  ``\\n`` (files from Windows and old Macs), so paragraphs and the parse are
  those of the same text with ``\\n``;
- a byte-order mark opening the text is read as a space (it stays in the
  text, at offset 0, as Python's ``utf-8`` codec decodes it);
- letters followed by combining accents (NFD, ``e`` + U+0301) are read
  composed (NFC, ``é``), so ``Zoé Müller`` parses as one name whichever form
  it was typed in.

Text that needs none of this (nearly all news) is parsed as it is.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import replace
from typing import Sequence

from ..types import Quote, Span

_SAME_LENGTH = str.maketrans({"\r": "\n"})
_NOT_SPACE = re.compile(r"\S+")


class Alignment:
    """Parse-text offsets -> the caller's offsets, for a text whose composed
    accents made it shorter. ``changes`` holds (parse start, parse end,
    original start, original end) of each composed letter, in order."""

    __slots__ = ("changes", "starts")

    def __init__(self, changes: Sequence[tuple[int, int, int, int]]):
        self.changes = tuple(changes)
        self.starts = [change[0] for change in self.changes]

    def original(self, offset: int, end: bool = False) -> int:
        """The caller's offset for a parse-text offset: a start inside a
        composed letter maps to the letter's start, an end to its end."""
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return offset
        start, stop, original_start, original_stop = self.changes[index]
        if offset >= stop:
            return offset + original_stop - stop
        if offset == start:
            return original_start
        return original_stop if end else original_start


def parse_text(text: str) -> tuple[str, Alignment | None]:
    """(the text spaCy reads, its alignment to ``text`` or None when offsets agree)."""
    key = text
    if "\r" in key:
        key = key.replace("\r\n", " \n").translate(_SAME_LENGTH)
    if key.startswith("\N{ZERO WIDTH NO-BREAK SPACE}"):
        key = " " + key[1:]
    if unicodedata.is_normalized("NFC", key):
        return key, None
    return _composed(key)


def _composed(text: str) -> tuple[str, Alignment | None]:
    """Compose each letter with the accents after it (NFC, letter by letter),
    recording where lengths change."""
    pieces: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    done = shift = 0  # original characters copied so far; parse minus original length so far
    for word in _NOT_SPACE.finditer(text):
        if unicodedata.is_normalized("NFC", word.group()):
            continue
        for start, cluster in _clusters(word.group(), word.start()):
            composed = unicodedata.normalize("NFC", cluster)
            if composed == cluster:
                continue
            pieces.append(text[done:start])
            pieces.append(composed)
            done = start + len(cluster)
            changes.append((start + shift, start + shift + len(composed), start, done))
            shift += len(composed) - len(cluster)
    pieces.append(text[done:])
    return "".join(pieces), Alignment(changes) if changes else None


def _clusters(word: str, offset: int) -> list[tuple[int, str]]:
    """(offset, letter with the combining marks that follow it) of a word."""
    found: list[tuple[int, str]] = []
    for i, char in enumerate(word):
        if found and unicodedata.combining(char):
            start, cluster = found[-1]
            found[-1] = (start, cluster + char)
        else:
            found.append((offset + i, char))
    return found


def to_original(quote: Quote, text: str, alignment: Alignment | None) -> Quote:
    """A quote found in the parse text, with its offsets and texts in ``text``."""

    def span(found: Span | None) -> Span | None:
        if found is None:
            return None
        if alignment is None:
            return Span.of(text, found.start, found.end)
        return Span.of(text, alignment.original(found.start), alignment.original(found.end, end=True))

    whole = span(quote.span)
    assert whole is not None
    return replace(quote, start=whole.start, end=whole.end, text=whole.text, cue=span(quote.cue),
                   speaker_mention=span(quote.speaker_mention), clause=span(quote.clause))
