"""Indirect speech with no marks, and the reported clause around mixed quotes.

The content of a cue is its clausal complement (``suggesting that <clause>``),
the clause it interrupts (``<clause>, Smith said.``), or the rest of the
sentence around ``according to X``. Only cues whose subject can be a source
count: ``This suggests that...`` is the writer's inference, not speech; any
noun cited by ``according to`` (``the city``, ``the school board``) is one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .cues import ATTITUDE_VERBS, Cue
from .mentions import is_source
from .nlp import CharIndex, ends_line
from .quotes import MarkedSpan
from .tree import MAX_CLAUSE_TOKENS, Tree

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


def _span_of(doc: "Doc", indices: Sequence[int]) -> tuple[int, int] | None:
    """The characters from the first to the last of the (sorted) tokens, less
    a dateline, a leading ``that`` and punctuation at either end."""
    head = [doc[i] for i in indices[: MAX_DATELINE_TOKENS + 1]]
    first, last = len(head) - len(_after_dateline(head)), len(indices) - 1
    while first <= last and (doc[indices[first]].is_punct
                             or doc[indices[first]].lower_ in _LEADING_MARKS and doc[indices[first]].dep_ == "mark"):
        first += 1
    while last >= first and (doc[indices[last]].is_punct or doc[indices[last]].is_space):
        last -= 1
    if last - first + 1 < MIN_CONTENT_TOKENS:
        return None
    end = doc[indices[last]]
    return doc[indices[first]].idx, end.idx + len(end)


def _line_of(verb: "Token") -> tuple[int, int]:
    """First and last token index of the cue's line within its sentence, and
    within ``MAX_CLAUSE_TOKENS`` of it: a headline above a dateline is not
    what the sentence under it reports. The content stays inside these bounds."""
    first, last = CharIndex.of(verb.doc).line_of_token(verb.i)
    return max(first, verb.i - MAX_CLAUSE_TOKENS), min(last, verb.i + MAX_CLAUSE_TOKENS)


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
    tree = Tree.of(verb.doc)
    lefts = [left for left in verb.lefts]
    subjects = [left.i for left in lefts if left.dep_ in ("nsubj", "nsubjpass")]
    own = {left.i for left in lefts}
    if sum(tree.size(s) for s in subjects) <= MAX_SUBJECT_TOKENS:
        own.update(i for s in subjects for i in tree.subtree(s, tree.first[s], tree.last[s]))
    begin = clause.right_edge.i + 1
    if verb.i - begin > MAX_CLAUSE_TOKENS:
        return False
    return all(t.is_punct or t.is_quote or t.i in own for t in verb.doc[begin : verb.i])


def _object_roots(verb: "Token", obj: "Token") -> list[int]:
    """An object with what hangs after it: ``accused Clinton of dragging her feet``."""
    roots = [obj.i]
    for child in verb.rights:
        if child.i > obj.i and child.dep_ in ("prep", "advcl", "xcomp", "oprd"):
            if any(t.ent_type_ in ("DATE", "TIME") for t in child.children):
                continue  # "on Monday" says when, not what
            roots.append(child.i)
    return roots


def _cue_end(verb: "Token", cue: Cue) -> int:
    """The cue, extended over a following ``that`` (``suggesting that``)."""
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.lower_ == "that" and nxt.dep_ == "mark":
        return nxt.idx + len(nxt)
    return cue.end


def clause_of(doc: "Doc", cue: Cue, attitudes: bool = False) -> tuple[int, int, str] | None:
    """The reported content of a cue: (start, end, rule), or None. Computed
    once per cue and chunk: several mixed quotes may share a cue."""
    memo = CharIndex.of(doc).memo
    key = ("clause", cue, attitudes)
    if key not in memo:
        memo[key] = _clause_of(doc, cue, attitudes)
    return memo[key]  # type: ignore[return-value]


def _clause_of(doc: "Doc", cue: Cue, attitudes: bool) -> tuple[int, int, str] | None:
    verb = doc[cue.verb]
    if cue.rule == "according-to":
        return _around_according(doc, cue)
    tree = Tree.of(doc)
    complement = _complement(verb, attitudes)
    if complement is not None:
        roots = _object_roots(verb, complement) if complement.dep_ == "dobj" else [complement.i]
        # on the complement's side of the cue only: in "an article that Carson said was written about it"
        # the relative "that" belongs to the clause but lies before the cue, and the content must not hold its cue
        first, last = _line_of(verb)
        low, high = (verb.i + 1, last) if complement.i > verb.i else (first, verb.i - 1)
        indices = sorted({i for root in roots for i in tree.subtree(root, low, high)})
        span = _span_of(doc, indices)
        return (*span, "complement") if span else None
    # "The plan, she said, ''is a mistake''": a cue set off by commas interrupts the clause, which goes on after it
    set_off = verb.dep_ in ("parataxis", "ccomp") and _between_own_commas(verb)
    if verb.dep_ in ("parataxis", "ccomp") and (verb.head.i < verb.i or set_off) and _set_off_before(verb) \
            and not _has_own_content(verb):
        first, last = _line_of(verb)
        last = last if set_off else verb.i - 1
        indices = [i for i in tree.subtree(verb.head.i, first, last) if not tree.contains(verb.i, i)]
        span = _span_of(doc, indices)
        return (*span, "interrupted-clause") if span else None
    return None


def _set_off_before(verb: "Token") -> bool:
    """Whether punctuation ends the clause before the cue's own words (``The
    plan will fail, she said``), as it does where a cue interrupts a clause;
    ``Ramos said Trump has not replied`` has none, and ``replied`` is what
    was said, not a cue reporting ``Ramos said``."""
    left = verb.left_edge  # the comma before the cue's subject is often the cue's own child
    return any(token.is_punct or token.pos_ == "PUNCT" for token in verb.doc[max(left.i - 1, 0) : left.i + 1])


def _has_own_content(verb: "Token") -> bool:
    """A verb opened by ``that`` or with an object of its own is the clause,
    not a cue interrupting it: in ``Clinton argued that it would add trillions
    to the debt`` the ``add`` is what was argued, not ``, he added``."""
    return any(child.dep_ in ("mark", "dobj") for child in verb.children)


def _between_own_commas(verb: "Token") -> bool:
    """Whether the cue stands between commas of its own (``, she said,``)."""
    commas = [child.i for child in verb.children if child.text == ","]
    return any(i < verb.i for i in commas) and any(i > verb.i for i in commas)


def phrase_after(doc: "Doc", cue: Cue, start: int, end: int) -> tuple[int, int] | None:
    """The cue's right-hand phrase holding ``start:end`` (a mixed quote):
    ``called Wall Street bankers “fat cats”``, ``warned that ... “undermine peace”``.
    Coordinated verbs after it (``and proposed ...``) stay out."""
    verb = doc[cue.verb]
    if cue.rule == "according-to" or start < cue.end:
        return None
    tree = Tree.of(doc)
    high = verb.i + MAX_CLAUSE_TOKENS
    excluded: set[int] = set()
    for child in (doc[i] for i in tree.children_between(verb.i, verb.i + 1, high)):
        if child.dep_ in ("conj", "cc") and not (child.idx <= start < child.right_edge.idx + len(child.right_edge)):
            excluded.update(tree.subtree(child.i, verb.i + 1, high))
    found = _span_of(doc, [i for i in tree.subtree(verb.i, verb.i + 1, high) if i not in excluded])
    if found is None:
        return None
    begin, finish = found
    sentence_end = CharIndex.of(doc).sentence(cue.start)[1]
    if finish < end <= sentence_end + 2:
        finish = end  # the parse left the quote's tail outside the verb's phrase
    return (begin, finish) if begin <= start and end <= finish else None


def _around_according(doc: "Doc", cue: Cue) -> tuple[int, int, str] | None:
    according = doc[cue.verb]
    start, end = CharIndex.of(doc).sentence_of_token(according.i)
    phrase_end = _cited_end(doc, according)
    before = list(range(max(start, according.i - MAX_CLAUSE_TOKENS), according.i))
    after = list(range(phrase_end + 1, min(end, according.i + MAX_CLAUSE_TOKENS + 1)))
    words = lambda indices: sum(not doc[i].is_punct for i in indices)  # noqa: E731
    span = _span_of(doc, before if words(before) >= words(after) else after)
    return (*span, "according-to") if span else None


def _cited_end(doc: "Doc", according: "Token") -> int:
    """The last token of the source after ``according to``. What the parse
    hung on the source as an appositive running to the sentence's end
    (``According to Rush Limbaugh, the move reeks of ...``) is the content:
    an appositive of the source is closed by a comma before the content."""
    if according.i + 1 >= len(doc):
        return according.i
    end = Tree.of(doc).last[according.i + 1]
    sentence_end = according.sent.end
    for token in doc[according.i + 2 : end + 1]:
        if token.dep_ != "appos":
            continue
        opening, closing = token.left_edge.i, token.right_edge.i + 1
        if opening > according.i + 2 and doc[opening - 1].text == "," \
                and all(t.is_punct or t.is_space for t in doc[closing:sentence_end]):
            return opening - 2
    return end


def find_reported(doc: "Doc", cues: Sequence[Cue], marked: Sequence[MarkedSpan], used: set[int], attitudes: bool = False) -> list[Reported]:
    """Indirect quotes: cues with a source subject and an unmarked content clause."""
    out: list[Reported] = []
    marked_starts = [m.start for m in marked]  # sorted and disjoint
    taken: list[tuple[int, int]] = []  # the spans in ``out``, sorted and disjoint: overlap checks are a bisect
    for cue in cues:
        if cue.verb in used or cue.subject is None:
            continue
        if cue.kind == "evaluation" and not (attitudes and doc[cue.verb].lemma_.lower() in ATTITUDE_VERBS):
            continue  # a verb of judging reports only the marked fragment it governs
        cited = cue.rule == "according-to" and doc[cue.subject].pos_ in ("NOUN", "PROPN")
        if not cited and not is_source(doc[cue.subject], doc[cue.verb]):
            continue  # a noun after "according to" is cited as a source whatever it is: the city, the board
        clause = clause_of(doc, cue, attitudes)
        if clause is None:
            continue
        start, end, rule = clause
        last_before = bisect_left(marked_starts, end) - 1
        if last_before >= 0 and marked[last_before].end > start:
            continue  # holds a marked quote: that quote is mixed, reported there
        around = bisect_right(marked_starts, cue.start) - 1
        if around >= 0 and marked[around].end > cue.start and not (marked[around].start <= start and end <= marked[around].end):
            continue  # a cue inside a quote (``Jones said, "I agree"``) reports only words inside it
        place = bisect_left(taken, (start, end))
        if (place > 0 and taken[place - 1][1] > start) or (place < len(taken) and taken[place][0] < end):
            continue
        taken.insert(place, (start, end))
        out.append(Reported(start, end, cue, _cue_end(doc[cue.verb], cue) if rule != "according-to" else cue.end, rule))
    return out
