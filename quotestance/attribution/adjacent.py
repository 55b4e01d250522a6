"""The speaker named right after a quote: after a dash, or where the parse loses it.

``“...,” Omar Haddad, a grocer, said.`` puts the speaker between the quote
and its cue; ``“...,” said the cashier, who ...`` right after the cue. The
parser often hangs the name elsewhere, leaving the cue with no subject, or
picks a word inside the quote as its subject (``“Bread, milk, fuel,” Haddad
said`` -> ``fuel``). Words inside a quote are the quoted speaker's, never the
one who says them, so in both cases the speaker is read by position: the
first nominal in the words between the quote and its cue, or, with nothing
but punctuation between them, right after the cue.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from .coreference import inside_any
from .cues import NON_SOURCES, Cue
from .mentions import is_source
from .nlp import CharIndex, text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_DASH_AFTER = re.compile(r"[^\S\n]*[\N{EM DASH}\N{EN DASH}\N{HORIZONTAL BAR}]+[^\S\n]*|[^\S\n]+-{1,2}[^\S\n]+")
MAX_BETWEEN_TOKENS = 25  # a name and its apposition: "Bret Stephens, the paper's deputy editorial page editor,"
MAX_AFTER_TOKENS = 4  # "said the woman", "added Sen. Jane Roe"
_NOMINALS = ("PROPN", "PRON", "NOUN")


def _phrase_head(token: "Token", last: int) -> "Token":
    """Up from a word of a name or noun phrase to its head (``Obama's former
    strategist`` -> ``strategist``), no further than token ``last``."""
    while token.dep_ in ("compound", "flat", "amod", "det", "nmod", "poss") and token.i < token.head.i <= last:
        token = token.head
    return token


def _first_nominal(tokens: Sequence["Token"], verb: "Token") -> "Token | None":
    for token in tokens:
        if token.is_punct or token.is_space or token.pos_ in ("DET", "ADJ", "NUM"):
            continue
        if token.pos_ not in _NOMINALS:
            return None  # "“...,” and then he said": not a name before the cue
        head = _phrase_head(token, tokens[-1].i)
        return head if is_source(head, verb) else None
    return None


def next_to_quote(doc: "Doc", span: tuple[int, int], cue: Cue, quoted: Sequence[tuple[int, int]],
                  quote_starts: Sequence[int]) -> int | None:
    """The speaker of a cue right after the quote ``span`` when its parsed
    subject is missing or lies inside a quote; None when it has a subject
    outside quotes, or when anything but a noun phrase lies between."""
    if cue.start < span[1]:
        return None
    if cue.subject is not None and not inside_any(quoted, quote_starts, doc[cue.subject].idx):
        return None
    index = CharIndex.of(doc)
    first, verb = index.token(span[1] - 1) + 1, doc[cue.verb]
    between = list(doc[first : verb.i])
    if len(between) > MAX_BETWEEN_TOKENS or any(t.is_quote or t.text in (".", "!", "?", ";", ":") or "\n" in t.text for t in between):
        return None
    words = [t for t in between if not (t.is_punct or t.is_space)]
    if words:
        found = _first_nominal(between, verb)
    else:
        found = _first_nominal(list(doc[verb.i + 1 : min(len(doc), verb.i + 1 + MAX_AFTER_TOKENS)]), verb)
    return found.i if found is not None else None


def dash_speaker(doc: "Doc", end: int, para_end: int) -> tuple[int, int, int] | None:
    """``“...” — Jane Roe``: the name after a dash that closes a quote ending
    at ``end``; (its head token, the dash's start and end) or None."""
    match = _DASH_AFTER.match(text_of(doc), end)
    if not match or match.end() >= para_end:
        return None
    token = doc[CharIndex.of(doc).token(match.end())]
    for candidate in doc[token.i : min(len(doc), token.i + 6)]:
        if candidate.idx >= para_end:
            break
        if candidate.pos_ == "PROPN" or candidate.ent_type_ in ("PERSON", "ORG"):
            head = candidate
            while head.dep_ in ("compound", "flat") and head.head.i > head.i:
                head = head.head
            return head.i, match.start(), match.end()
    return None


_FINITE = ("VBD", "VBZ", "VBP")
_NOT_A_NOUN_PHRASE = ("CCONJ", "SCONJ", "VERB", "AUX")


def _names_source(token: "Token") -> bool:
    return token.pos_ in _NOMINALS and token.lower_ not in NON_SOURCES


def _verb_after(doc: "Doc", span: tuple[int, int]) -> Cue | None:
    """``“...,” Abedin answered`` / ``“...,” scoffed Gil`` / ``“...,” the letter read``."""
    text, index = CharIndex.of(doc).text, CharIndex.of(doc)
    inner_end = span[1] - 1
    while inner_end > span[0] and not text[inner_end - 1].isalnum() and text[inner_end - 1] not in ",?!":
        inner_end -= 1
    if text[inner_end - 1 : inner_end] not in (",", "?", "!"):
        return None
    first = index.token(span[1] - 1) + 1
    verb = next((t for t in doc[first : first + 1 + MAX_BETWEEN_TOKENS] if t.tag_ in _FINITE and t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.dep_ == "relcl" or any(
            t.is_quote or t.pos_ in _NOT_A_NOUN_PHRASE or t.tag_ in ("WP", "WDT") or t.text in (".", "!", "?", ";", ":") or "\n" in t.text
            for t in doc[first : verb.i]):
        return None
    subject = next((c.i for c in verb.children if c.dep_ == "nsubj" and c.idx >= span[1]), None)
    cue = Cue(verb.i, verb.idx, verb.idx + len(verb), subject, "manner-verb")
    head = subject if subject is not None else next_to_quote(doc, span, cue, [], [])
    return Cue(verb.i, cue.start, cue.end, head, "manner-verb") if head is not None and _names_source(doc[head]) else None


def _verb_before(doc: "Doc", span: tuple[int, int]) -> Cue | None:
    """``He answered, “...”`` / ``Her neighbour interjected, “...”``."""
    first = CharIndex.of(doc).token(span[0])
    if first < 2 or doc[first - 1].text != "," or doc[first - 2].tag_ not in _FINITE or doc[first - 2].pos_ != "VERB":
        return None
    verb = doc[first - 2]
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    return Cue(verb.i, verb.idx, verb.idx + len(verb), subject.i, "manner-verb") if subject is not None and _names_source(subject) else None


def manner_cue(doc: "Doc", span: tuple[int, int]) -> Cue | None:
    """A verb that reports a quote by its place alone, whatever the verb
    (``“...,” Abedin answered``, ``“...,” scoffed Gil``, ``He interjected,
    “...”``): news sets speech off that way only. After the quote, its words
    end in a comma, ``?`` or ``!`` and a finite verb comes within a noun
    phrase of it; before it, a finite verb with a subject and a comma. The
    speaker is read as for any cue next to its quote."""
    return _verb_after(doc, span) or _verb_before(doc, span)
