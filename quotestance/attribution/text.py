"""Quote-mark tables, paragraphs and folding keys. Nothing here rewrites the
caller's text: folding builds lookup keys only."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
OPEN_DOUBLE = {
    "\N{LEFT DOUBLE QUOTATION MARK}",
    "\N{DOUBLE LOW-9 QUOTATION MARK}",
    "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}",
}
CLOSE_DOUBLE = {
    "\N{RIGHT DOUBLE QUOTATION MARK}",
    "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}",
}
OPEN_SINGLE = {"\N{LEFT SINGLE QUOTATION MARK}", "\N{SINGLE LOW-9 QUOTATION MARK}"}
CLOSE_SINGLE = {"\N{RIGHT SINGLE QUOTATION MARK}"}
DOUBLE_MARKS = OPEN_DOUBLE | CLOSE_DOUBLE | {STRAIGHT_DOUBLE}
SINGLE_MARKS = OPEN_SINGLE | CLOSE_SINGLE | {STRAIGHT_SINGLE}
ALL_MARKS = DOUBLE_MARKS | SINGLE_MARKS
MARKS_AND_SPACE = "".join(sorted(ALL_MARKS)) + " "  # for str.strip: a quote's words without its marks

_PARAGRAPH_BREAK = re.compile(r"\r\n|\r|\n")
_TITLES = re.compile(
    r"^(?:(?:former|then|current|acting|late|u\.?s\.?|us|american|russian|ukrainian|"
    r"president|vice|prime|minister|foreign|secretary|sen\.?|senator|rep\.?|representative|"
    r"gov\.?|governor|mayor|gen\.?|general|dr\.?|mr\.?|mrs\.?|ms\.?|judge|justice|chancellor|"
    r"speaker|leader|chairman|chairwoman|chair|ceo|candidate|nominee|democratic|republican|"
    r"gop|state|attorney|press|spokesman|spokeswoman|ambassador|king|queen|prince|pope|"
    r"sir|lord|lady|rev\.?|col\.?|lt\.?|capt\.?|adm\.?|sgt\.?|the)\s+)+",
    re.IGNORECASE,
)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each non-empty line; news paragraphs are
    lines, ended by ``\n``, ``\r\n`` or ``\r``."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if text[start : match.start()].strip():
            yield start, match.start()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(value: str) -> str:
    """A lookup key: no accents, lower case, straight apostrophes, one space."""
    value = strip_accents(value).replace("\N{RIGHT SINGLE QUOTATION MARK}", "'").lower()
    return " ".join(value.split())


def name_key(value: str) -> str:
    """A key under which spellings of one name agree.

    ``Orbán`` = ``Orban``; ``Zelenskiy`` = ``Zelensky`` = ``Zelenskyy``;
    titles and possessives are dropped (``President Trump's`` -> ``trump``).
    """
    value = fold(value)
    value = re.sub(r"'s?$", "", value)
    value = _TITLES.sub("", value).strip()
    value = re.sub(r"[^a-z0-9 .\-]", "", value)
    value = re.sub(r"(?:iy|yy|ii|yi)\b", "y", value)
    return " ".join(value.split())


def strip_title(name: str) -> str:
    """The name without leading titles: ``Prime Minister Viktor Orban`` -> ``Viktor Orban``."""
    match = _TITLES.match(name)
    rest = name[match.end() :] if match else name
    return rest if rest.strip() else name


def without_the(name: str) -> str:
    """A name without its leading article (``the MDA`` -> ``MDA``), stripped."""
    name = name.strip()
    return name[4:] if name.lower().startswith("the ") else name


def has_letters(value: str) -> bool:
    return any(c.isalpha() for c in value)


def word_count(value: str) -> int:
    return len(re.findall(r"\w+(?:['\N{RIGHT SINGLE QUOTATION MARK}]\w+)*", value))


_SENTENCE_END = re.compile(r"[.!?][\N{RIGHT DOUBLE QUOTATION MARK}\"')\]]*\s+(?=[\N{LEFT DOUBLE QUOTATION MARK}\"'A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|No|Vol|Inc|Corp|Co|vs|etc|Jan|Feb|Aug|Sept|Oct|Nov|Dec)$")
MAX_CONTEXT_CHARS = 800


def _sentence_ends(text: str, begin: int, end: int) -> list[re.Match[str]]:
    return [m for m in _SENTENCE_END.finditer(text, begin, end) if not _ABBREVIATION.search(text, max(0, m.start() - 6), m.start())]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) holding ``text[start:end]``, inside its paragraph:
    the context a stance classifier needs for a short quoted fragment."""
    reach = MAX_CONTEXT_CHARS // 2  # line breaks are looked for this near only: one long paragraph is no slower
    para_start = max(text.rfind("\n", max(0, start - reach), start), text.rfind("\r", max(0, start - reach), start)) + 1
    breaks = [at for at in (text.find("\n", end, end + reach), text.find("\r", end, end + reach)) if at >= 0]
    para_end = min(breaks) if breaks else len(text)
    left = max(para_start, start - MAX_CONTEXT_CHARS // 2)
    before = [m for m in _sentence_ends(text, left, start) if m.end() <= start]
    begin = before[-1].end() if before else left
    right = min(para_end, end + MAX_CONTEXT_CHARS // 2)
    after = [m for m in _sentence_ends(text, max(start, end - 3), right) if m.end() > end]
    finish = after[0].start() + len(after[0].group().rstrip()) if after else right
    return begin, max(finish, end)
