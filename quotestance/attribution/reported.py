"""Indirect speech with no marks, and the reported clause around mixed quotes.

The content of a cue is its clausal complement (``suggesting that <clause>``),
the clause it interrupts (``<clause>, Smith said.``), or the rest of the
sentence around ``according to X``. Only cues whose subject can be a source
count: ``This suggests that...`` is the writer's inference, not speech.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from .cues import ATTITUDE_VERBS, Cue
from .mentions import is_source
from .nlp import CharIndex, ends_line
from .quotes import MarkedSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MIN_CONTENT_TOKENS = 2
MAX_SUBJECT_TOKENS = 8  # a speaker's name with its title or role, not a clause
MAX_DATELINE_TOKENS = 6  # NEW YORK (AP) and the like
_DATELINE_PUNCT = frozenset(["(", ")", ",", "."])
_DASHES = frozenset(["\N{EM DASH}", "\N{EN DASH}", "\N{HORIZONTAL BAR}", "-", "--"])
_LEADING_MARKS = frozenset(["that"])
_TRIM = " \t\n,;:.\N{EM DASH}\N{EN DASH}-"


@dataclass(frozen=True, slots=True)
class Reported:
    """An indirect quote inside one chunk (chunk-relative characters)."""

    start: int
    end: int
    cue: Cue
    cue_end: int
    rule: str


def _after_dateline(tokens: list["Token"]) -> list["Token"]:
    """Tokens after a dateline opening a paragraph (``WASHINGTON (AP) —``):
    where a story was filed is not what its source said."""
    if not tokens or not _opens_paragraph(tokens[0]):
        return tokens
    for k, token in enumerate(tokens[: MAX_DATELINE_TOKENS + 1]):
        if token.text in _DASHES:
            return tokens[k + 1 :] if k > 0 else tokens
        if not (token.is_upper or token.text in _DATELINE_PUNCT):
            break
    return tokens


def _opens_paragraph(token: "Token") -> bool:
    return token.i == 0 or ends_line(token.doc[token.i - 1])


def _span_of(tokens: Iterable["Token"]) -> tuple[int, int] | None:
    tokens = _after_dateline(sorted(tokens, key=lambda t: t.i))
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in _LEADING_MARKS and tokens[0].dep_ == "mark"):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if len(tokens) < MIN_CONTENT_TOKENS:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _line_of(verb: "Token") -> tuple[int, int]:
    """First and last token index of the cue's line within its sentence: a
    headline above a dateline is not what the sentence under it reports.
    The walk stays inside the sentence, as the content does."""
    doc, sentence = verb.doc, verb.sent
    first = verb.i
    while first > sentence.start and not ends_line(doc[first - 1]):
        first -= 1
    last = verb.i
    while last < sentence.end - 1 and not ends_line(doc[last]):
        last += 1
    return first, last


def _complement(verb: "Token", attitudes: bool) -> "Token | None":
    for child in verb.children:
        if child.dep_ == "ccomp" and (child.i > verb.i or _closes_before(child, verb)):
            return child
    if attitudes and verb.lemma_.lower() in ATTITUDE_VERBS:
        for child in verb.children:
            if child.dep_ in ("xcomp", "dobj") and child.i > verb.i:
                return child
    return None


def _closes_before(clause: "Token", verb: "Token") -> bool:
    """``Prices will rise, he said.``: a complement ending just before the cue,
    with only the cue's own words between (``, Senator Maria Lopez said``)."""
    subject = [t.i for left in verb.lefts if left.dep_ in ("nsubj", "nsubjpass") for t in left.subtree]
    own = {t.i for t in verb.lefts} | (set(subject) if len(subject) <= MAX_SUBJECT_TOKENS else set())
    between = verb.doc[clause.right_edge.i + 1 : verb.i]
    return all(t.is_punct or t.is_quote or t.i in own for t in between)


def _object_phrase(verb: "Token", obj: "Token") -> list["Token"]:
    """An object with what hangs after it: ``accused Clinton of dragging her feet``."""
    tokens = list(obj.subtree)
    for child in verb.rights:
        if child.i > obj.i and child.dep_ in ("prep", "advcl", "xcomp", "oprd"):
            if any(t.ent_type_ in ("DATE", "TIME") for t in child.children):
                continue  # "on Monday" says when, not what
            tokens.extend(child.subtree)
    return tokens


def _cue_end(verb: "Token", cue: Cue) -> int:
    """The cue, extended over a following ``that`` (``suggesting that``)."""
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.lower_ == "that" and nxt.dep_ == "mark":
        return nxt.idx + len(nxt)
    return cue.end


def clause_of(doc: "Doc", cue: Cue, attitudes: bool = False) -> tuple[int, int, str] | None:
    """The reported content of a cue: (start, end, rule), or None."""
    verb = doc[cue.verb]
    if cue.rule == "according-to":
        return _around_according(doc, cue)
    complement = _complement(verb, attitudes)
    if complement is not None:
        tokens = _object_phrase(verb, complement) if complement.dep_ == "dobj" else complement.subtree
        # on the complement's side of the cue only: in "an article that Carson said was written about it"
        # the relative "that" belongs to the clause but lies before the cue, and the content must not hold its cue
        after = complement.i > verb.i
        first, last = _line_of(verb)
        span = _span_of(t for t in tokens if (t.i > verb.i) == after and first <= t.i <= last)
        return (*span, "complement") if span else None
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i:
        outside = set(verb.subtree)
        sentence = verb.sent
        tokens = [t for t in verb.head.subtree if t not in outside and t.i < verb.i and t.i >= sentence.start]
        span = _span_of(tokens)
        return (*span, "interrupted-clause") if span else None
    return None


def phrase_after(doc: "Doc", cue: Cue, start: int, end: int) -> tuple[int, int] | None:
    """The cue's right-hand phrase holding ``start:end`` (a mixed quote):
    ``called Wall Street bankers “fat cats”``, ``warned that ... “undermine peace”``.
    Coordinated verbs after it (``and proposed ...``) stay out."""
    verb = doc[cue.verb]
    if cue.rule == "according-to" or start < cue.end:
        return None
    excluded: set[int] = set()
    for child in verb.rights:
        if child.dep_ in ("conj", "cc") and not (child.idx <= start < child.right_edge.idx + len(child.right_edge)):
            excluded.update(t.i for t in child.subtree)
    tokens = [t for t in verb.subtree if t.i > verb.i and t.i not in excluded]
    found = _span_of(tokens)
    if found is None:
        return None
    begin, finish = found
    sentence_end = CharIndex.of(doc).sentence(cue.start)[1]
    if finish < end <= sentence_end + 2:
        finish = end  # the parse left the quote's tail outside the verb's phrase
    return (begin, finish) if begin <= start and end <= finish else None


def _around_according(doc: "Doc", cue: Cue) -> tuple[int, int, str] | None:
    according = doc[cue.verb]
    sentence = according.sent
    phrase_end = max(t.i for t in doc[according.i + 1].subtree) if according.i + 1 < len(doc) else according.i
    before = [t for t in sentence if t.i < according.i]
    after = [t for t in sentence if t.i > phrase_end]
    side = before if len([t for t in before if not t.is_punct]) >= len([t for t in after if not t.is_punct]) else after
    span = _span_of(side)
    return (*span, "according-to") if span else None


def find_reported(doc: "Doc", cues: Sequence[Cue], marked: Sequence[MarkedSpan], used: set[int], attitudes: bool = False) -> list[Reported]:
    """Indirect quotes: cues with a source subject and an unmarked content clause."""
    out: list[Reported] = []
    marked_starts = [m.start for m in marked]  # sorted and disjoint
    taken: list[tuple[int, int]] = []  # the spans in ``out``, sorted and disjoint: overlap checks are a bisect
    for cue in cues:
        if cue.verb in used or cue.subject is None or not is_source(doc[cue.subject], doc[cue.verb]):
            continue
        clause = clause_of(doc, cue, attitudes)
        if clause is None:
            continue
        start, end, rule = clause
        last_before = bisect_left(marked_starts, end) - 1
        if last_before >= 0 and marked[last_before].end > start:
            continue  # holds a marked quote: that quote is mixed, reported there
        place = bisect_left(taken, (start, end))
        if (place > 0 and taken[place - 1][1] > start) or (place < len(taken) and taken[place][0] < end):
            continue
        taken.insert(place, (start, end))
        out.append(Reported(start, end, cue, _cue_end(doc[cue.verb], cue) if rule != "according-to" else cue.end, rule))
    return out
