"""Lines that are no sentence's part: boilerplate ends its sentence.

Web news carries lines with no full stop between its paragraphs: an
advertisement marker, a ``Read more: <headline>`` link, a photo credit. The
parser glues such a line to the sentence after it, which then loses its
quote while a word of the boilerplate becomes its speaker. Before the parser
runs, a line of that shape is made a sentence of its own: short, ending in a
word (no sentence punctuation, no comma, dash or colon that carries on),
holding no verb of saying, and followed by a line that opens as a sentence
does (a capital, a digit or a quotation mark). A line broken inside a
sentence (``Trump regularly`` / ``incites``) goes on in lower case and stays
joined.

A blank line followed by a capital, a digit or a mark starts a sentence too,
whatever the line before it: a live blog's ``5:45 p.m.`` paragraph ends in a
full stop, so it is no boilerplate by shape, yet the parser glued it to the
next paragraph and made it that sentence's subject.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .cues import BELIEF_VERBS, SPEECH_VERBS
from .text import ALL_MARKS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MAX_LINE_WORDS = 15  # a headline's length; a paragraph's first line is longer or ends in punctuation
COMPONENT = "quotestance_line_breaks"
_SAYING = SPEECH_VERBS | BELIEF_VERBS
_IRREGULAR = {"said": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
              "felt": "feel", "spoke": "speak", "spoken": "speak"}


@lru_cache(maxsize=4096)
def is_saying(word: str) -> bool:
    """Whether ``word`` (lower case) is a form of a verb of saying or belief."""
    if word in _SAYING or _IRREGULAR.get(word) in _SAYING:
        return True
    for suffix, ending in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                           ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + ending in _SAYING:
            return True
    return False


def _opens_sentence(token: "Token") -> bool:
    first = token.text[:1]
    return first.isupper() or first.isdigit() or first in ALL_MARKS


def _is_boilerplate(line: list["Token"]) -> bool:
    words = [t for t in line if not t.is_punct and not t.is_space]
    last = line[-1].text[-1:]
    return 0 < len(words) <= MAX_LINE_WORDS and last.isalnum() and not any(is_saying(t.lower_) for t in words)


def _paragraph_break(space: str) -> bool:
    """A blank line: two line breaks in one run of white space."""
    return space.count("\n") >= 2 or space.count("\r") >= 2


def break_boilerplate_lines(doc: "Doc") -> "Doc":
    """Mark a sentence start at each boilerplate line and at the line after
    it (the parser then keeps them apart); every other boundary is the parser's."""
    line: list["Token"] = []
    for token in doc:
        if token.is_space and ("\n" in token.text or "\r" in token.text):
            after = token.i + 1
            if after < len(doc) and _opens_sentence(doc[after]):
                if line and _is_boilerplate(line):
                    line[0].is_sent_start = True
                    doc[after].is_sent_start = True
                elif _paragraph_break(token.text):
                    doc[after].is_sent_start = True
            line = []
        elif not token.is_space:
            line.append(token)
    return doc


def register() -> None:
    """Make ``nlp.add_pipe("quotestance_line_breaks", before="parser")`` work."""
    from spacy.language import Language

    if COMPONENT not in Language.factories:
        Language.component(COMPONENT)(break_boilerplate_lines)


def add_to(nlp: "Language") -> None:
    """Put the line breaker before the parser (once)."""
    register()
    if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
