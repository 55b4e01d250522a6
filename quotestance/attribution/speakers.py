"""Marked quote -> cue -> speaker head, and which marked spans are speech.

For each quoted span the cue is looked for in its frame (the sentences that
hold it and the words around it), preferring a cue whose clause governs the
quote in the parse, then a cue with a subject, then the nearest. Without a
cue in the frame: a dash attribution (``“...” — X``), a colon lead-in closing
the previous paragraph (``X said:``), or a quote that goes on from the last
attributed one (opening its paragraph, or later in the same paragraph), with its
speaker and cue. A marked span with no cue, fewer than four words, no
letters or only capitalised words (a title) is not speech. A marked fragment
inside a relative or appositive clause about a source (``Ann Lee, who lost her
job “and half my savings” last spring, says ...``) is that source's, and leaves
the main clause's cue to its own reported speech.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Sequence

from .adjacent import dash_speaker, manner_cue, next_to_quote
from .coreference import inside_any
from .cues import Cue
from .mentions import is_source
from .nlp import CharIndex, text_of
from .quotes import MarkedSpan
from .reported import clause_of
from .text import MARKS_AND_SPACE, has_letters, word_count
from .tree import MAX_CLAUSE_TOKENS, MAX_CLIMB, Governed, Tree

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MIN_WORDS_WITHOUT_CUE = 4
MAX_NAME_TOKENS = 8  # a name with its title or role: "Tulsa police Chief Chuck Jordan"
CONTINUATION_CHARS = 1500
# A quote's frame reaches at most this far past either end of it: one run-on
# "sentence" must not make every cue in it a candidate for every quote in it.
# On PolNeAR the frame never reaches past 415 characters.
MAX_FRAME_CHARS = 1000
MAX_SCARE_REACH = 4  # tokens from a scare-quoted modifier to its noun: the mark, two nouns of a compound, the noun


@dataclass(frozen=True, slots=True)
class Attribution:
    """A marked span's attribution inside one chunk (chunk-relative)."""

    span: MarkedSpan
    kind: str
    cue: Cue | None
    speaker_head: int | None
    rule: str
    cue_start: int | None = None
    cue_end: int | None = None


def _continuation(doc: "Doc", span: MarkedSpan, para: tuple[int, int], before: Sequence[Attribution]) -> Attribution | None:
    """A quote with no speaker of its own that opens its paragraph, or follows
    an attributed quote in the same paragraph, goes on with that quote's
    speaker (and its cue, as one attribution in parts)."""
    previous = before[-1] if before else None
    if previous is None or previous.speaker_head is None or span.start - previous.span.end >= CONTINUATION_CHARS:
        return None
    starts_paragraph = not _last_char(text_of(doc), para[0], span.start)
    if not (starts_paragraph or previous.span.start >= para[0]):
        return None
    return Attribution(span, "direct", None, previous.speaker_head, "continuation", *_cue_span(previous))


def _in_sentences(doc: "Doc", cue: Cue, span: MarkedSpan) -> bool:
    """Whether the cue lies in a sentence the quote spans."""
    return _sentence_bounds(doc, span.start)[0] <= cue.start < _sentence_bounds(doc, max(span.start, span.end - 1))[1]


def _cue_span(attribution: Attribution) -> tuple[int | None, int | None]:
    """The words that report an attribution, cue or not (a dash, a lead-in)."""
    if attribution.cue is not None:
        return attribution.cue.start, attribution.cue.end
    return attribution.cue_start, attribution.cue_end


def _sentence_bounds(doc: "Doc", char: int) -> tuple[int, int]:
    return CharIndex.of(doc).sentence(char)


def _token_index(doc: "Doc", char: int) -> int:
    return CharIndex.of(doc).token(char)


def _frame(doc: "Doc", span: MarkedSpan, para: tuple[int, int]) -> tuple[int, int]:
    text = text_of(doc)
    before = span.start - 1
    while before > para[0] and text[before].isspace():
        before -= 1
    after = span.end
    while after < para[1] and text[after].isspace():
        after += 1
    start = _sentence_bounds(doc, max(before, para[0]))[0]
    end = _sentence_bounds(doc, min(after, para[1] - 1))[1] if after < para[1] else span.end
    start, end = max(start, para[0], span.start - MAX_FRAME_CHARS), min(max(end, span.end), para[1], span.end + MAX_FRAME_CHARS)
    return start, end


def _governed(doc: "Doc", span: MarkedSpan) -> Governed:
    """Which verbs govern the quote: a verb is an ancestor of one of its tokens."""
    return Governed(Tree.of(doc), _token_index(doc, span.start), _token_index(doc, span.end - 1))


def _distance(cue: Cue, span: MarkedSpan) -> int:
    return span.start - cue.end if cue.end <= span.start else cue.start - span.end


class Lookups(NamedTuple):
    """Sorted starts of a chunk's cues and quotes, built once per chunk."""

    cues: Sequence[Cue]
    cue_starts: list[int]
    quoted: list[tuple[int, int]]
    quote_starts: list[int]

    @classmethod
    def build(cls, cues: Sequence[Cue], spans: Sequence[MarkedSpan]) -> "Lookups":
        quoted = [(s.start, s.end) for s in spans]
        return cls(cues, [c.start for c in cues], quoted, [q[0] for q in quoted])


def choose_cue(doc: "Doc", span: MarkedSpan, lookups: Lookups, frame: tuple[int, int]) -> Cue | None:
    window = lookups.cues[bisect_left(lookups.cue_starts, frame[0]) : bisect_right(lookups.cue_starts, frame[1])]
    candidates = [
        c for c in window
        if c.end <= frame[1] and c.kind in ("speech", "evaluation") and (c.end <= span.start or c.start >= span.end)
        and not inside_any(lookups.quoted, lookups.quote_starts, c.start)
    ]
    if not candidates:
        return None
    governed = _governed(doc, span)
    candidates = [c for c in candidates if c.kind == "speech" or governed.by(c.verb)]  # judging verbs: only what they govern
    if word_count(text_of(doc)[span.start : span.end]) < MIN_WORDS_WITHOUT_CUE:
        candidates = [c for c in candidates if c.subject is not None]  # scare quotes near a bare verb
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (not governed.by(c.verb), c.subject is None or not is_source(doc[c.subject], doc[c.verb]), _distance(c, span)))
    if best.start >= span.end and not governed.by(best.verb):
        # "“...,” Quinn sings to the senator before asking her, “...”": the verb right after the quote reports it
        manner = manner_cue(doc, (span.start, span.end))
        if manner is not None and manner.start < best.start:
            return manner
    return best


def _set_off(doc: "Doc", owner: int) -> tuple[int, int] | None:
    """(opening comma, closing comma) of a relative or appositive clause set
    off after ``owner`` (``Reyes, who lost ... “...” ..., says``), by position,
    since the parser often hangs a fragment in it on the owner; or None."""
    tree = Tree.of(doc)
    kids = tree.children_between(owner, owner + 1, owner + MAX_CLAUSE_TOKENS)
    clause = next((k for k in kids if k > owner and doc[k].dep_ in ("relcl", "appos", "acl")), None)
    if clause is None:
        return None
    commas = [k for k in kids if doc[k].text == ","]
    opening = max((k for k in commas if k < tree.first[clause]), default=None)
    closing = min((k for k in commas if k > clause), default=tree.last[clause] + 1)
    return (opening, closing) if opening is not None else None


def _between_commas(doc: "Doc", owner: int, first: int, last: int, cue: Cue | None = None) -> bool:
    """Whether tokens ``first..last`` lie in a clause set off after ``owner``
    that does not hold ``cue`` (``X, who said the price had ''cratered''`` is
    reported by its own cue)."""
    region = _set_off(doc, owner)
    if region is None or not region[0] < first <= last < region[1]:
        return False
    return cue is None or not region[0] < cue.verb < region[1]


def _owned(doc: "Doc", span: MarkedSpan, cue: Cue | None) -> int | None:
    """The source a marked fragment in a relative or appositive clause
    belongs to, leaving the main clause's cue to its own reported speech: the
    cue's subject when the fragment lies in a clause set off after it
    (``Reyes, who lost “...”, says``), or, with no cue at all, the noun the
    clause holding it describes. A name inside reported speech (``Lee said
    Trump, who has “zero experience”, is unfit``) is no cue's subject: Lee's."""
    first, last = _token_index(doc, span.start), _token_index(doc, span.end - 1)
    if cue is not None:
        subject = cue.subject
        if cue.rule == "according-to":
            return None  # the sentence around "according to X," is X's, whatever the parse hangs on X
        return subject if subject is not None and _between_commas(doc, subject, first, last, cue) else None
    tree = Tree.of(doc)
    node = _token_index(doc, span.start + 1) if span.end - span.start > 1 else first
    for _ in range(MAX_CLIMB):  # up from the fragment to a name it is set off after
        if (doc[node].pos_ == "PROPN" or doc[node].ent_type_ == "PERSON") and _between_commas(doc, node, first, last):
            return node
        if tree.heads[node] == node:
            break
        node = tree.heads[node]
    return None


def _name_between(doc: "Doc", span: MarkedSpan, cue: Cue) -> int | None:
    """The last word of the first name standing between a quote and the cue
    after it (``“...,” Tulsa police Chief Chuck Jordan said``), or right after
    that cue (``“...,” said Grimm, a supporter``), when nothing but a name and
    its role lies there."""
    after_quote, verb = _token_index(doc, span.end - 1) + 1, cue.verb
    if after_quote > verb:
        return None
    before_cue = [t for t in doc[after_quote:verb] if not t.is_punct and not t.is_space]
    if before_cue:
        return _first_name(before_cue)
    after_cue = []
    for token in doc[verb + 1 : verb + 1 + MAX_NAME_TOKENS]:
        if token.is_punct or token.is_space:
            break
        after_cue.append(token)
    return _first_name(after_cue)


def _first_name(words: Sequence["Token"]) -> int | None:
    if not words or len(words) > MAX_NAME_TOKENS or any(t.pos_ in ("VERB", "AUX", "PRON") and not t.ent_type_ for t in words):
        return None
    for is_name in (lambda t: t.ent_type_ == "PERSON", lambda t: t.pos_ == "PROPN"):  # a person's name before a title
        last = None
        for token in words:
            if is_name(token):
                last = token.i
            elif last is not None:
                break
        if last is not None:
            return last
    return None


def _colon_subject(doc: "Doc", span: MarkedSpan, para_start: int, previous: tuple[int, int] | None = None) -> Cue | None:
    """``He also played up his strength: “Who gives us...”``, or a quote-only
    paragraph after ``X issued the following statement:``: the speaker is the
    subject of the clause the colon closes, its verb the cue."""
    text = text_of(doc)
    i = span.start - 1
    while i > para_start and text[i] in " \t":
        i -= 1
    lead_in = i <= para_start and previous is not None
    if lead_in and previous is not None:
        i = previous[1] - 1
        while i > previous[0] and text[i].isspace():
            i -= 1
    elif i <= para_start:
        return None
    if text[i] != ":":
        return None
    colon = _token_index(doc, i)
    # the parser may join the words before the colon to the quote after it: climb no further than the colon
    root = doc[max(colon - 1, 0)]
    while root.head.i < colon and root.head.i != root.i:
        root = root.head
    for child in root.children:
        if child.dep_ == "nsubj" and child.i < root.i and is_source(child):
            return Cue(root.i, root.idx, root.idx + len(root), child.i, "colon-subject")
    return None


def quote_kind(text: str, span: MarkedSpan, para_start: int) -> str:
    """'mixed' when the quote is embedded in the reporter's sentence."""
    i = span.start - 1
    while i >= para_start and text[i] in " \t":
        i -= 1
    return "mixed" if i >= para_start and (text[i].isalnum() or text[i] in ",;") and _embedded(text, span) else "direct"


def _embedded(text: str, span: MarkedSpan) -> bool:
    inner = text[span.start : span.end].lstrip(MARKS_AND_SPACE)  # a doubled apostrophe (''she is) is one mark
    before = text[max(0, span.start - 2) : span.start].rstrip()
    if before.endswith((",", ";")):
        if re.search(r"\bthat\s*,\s*$", text[max(0, span.start - 8) : span.start]):
            return True  # "said via email that, “Of course ...” against ...": the complementiser embeds it
        return bool(inner[:1].islower())  # "stating, “My whole life" is direct
    return True


_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "with", "at", "by"})
_TITLE_WORDS = re.compile(r"[A-Za-z0-9][\w'\N{RIGHT SINGLE QUOTATION MARK}]*")
# What names a title right before it: a possessive (CNN's, Fox News Channel's, Trump's), or on / in / called /
# titled / known as / the / his (on ABC's "This Week,"; starred in "Parks and Recreation"; the "Avatar" star);
# a show one hosts, leads or talks to (hosts "Last Week Tonight", told "Fox and Friends", an interview with
# "Meet the Press"); a kind of work or slogan named right before it (her book "A Road Less Taken", the rock
# classic "All Right Now", the Super PAC "Keep the Promise").
_TITLE_VERBS = (r"host(?:s|ed|ing)?|anchor(?:s|ed|ing)?|leads|promot(?:e|es|ed|ing)|star(?:s|red|ring)|watch(?:es|ed|ing)?"
                r"|read(?:s|ing)?|publish(?:es|ed|ing)?|told|tells|with|to|from|for")
_WORK_NOUNS = (r"show|program|programme|podcast|segment|episode|series|book|memoir|novel|film|movie|documentary|song|album"
               r"|classic|hit|column|magazine|newspaper|ad|advert|commercial|slogan|hashtag|motto|sign|banner|PAC|group"
               r"|course|class|speech|essay|op-ed|headline|article|play|musical")
_TITLE_LEAD = re.compile(
    r"(?:\b(?!(?:it|that|there|here|what|who|he|she|this|where)['\N{RIGHT SINGLE QUOTATION MARK}]s\b)\w+['\N{RIGHT SINGLE QUOTATION MARK}]s"
    r"|s['\N{RIGHT SINGLE QUOTATION MARK}]|\b(?:on|in|called|titled|entitled|named|dubbed|known\s+as|the|his|her|their|its"
    rf"|{_TITLE_VERBS}|{_WORK_NOUNS}))\s*$",
    re.IGNORECASE)  # it's / that's ... are "it is", not possessives
MAX_TITLE_WORDS = 6
_WORK_LEAD = re.compile(rf"\b(?:{_WORK_NOUNS}),?\s*$", re.IGNORECASE)  # a kind of work right before: "book ''Title''"
MAX_WORK_TITLE_WORDS = 10  # a book's title and subtitle


def in_title_case(inner: str) -> bool:
    """Every word capitalised (small words and numbers aside): how a title or
    a name reads."""
    return all(w[0].isupper() or w[0].isdigit() or w in _SMALL_WORDS for w in _TITLE_WORDS.findall(inner))


def reads_as_title(doc: "Doc", span: MarkedSpan) -> bool:
    """A short quoted name that the words before it introduce as a title, not
    speech: ABC's "This Week," (even with "Carson admitted" right after it),
    a class called "Perception", a noun's apposition (a Yale psychology
    class, "Perceptions 301,")."""
    text = text_of(doc)
    inner = text[span.start : span.end].strip(MARKS_AND_SPACE).rstrip(",")
    before = text[max(0, span.start - 40) : span.start]
    if _WORK_LEAD.search(before) and 0 < word_count(inner) <= MAX_WORK_TITLE_WORDS and in_title_case(inner.rstrip(".")):
        return True  # his 2012 book, ''An American Son.'': a work named as such, its full stop the sentence's
    if not 0 < word_count(inner) <= MAX_TITLE_WORDS or re.search(r"[.!?]\W*$", inner) or not in_title_case(inner):
        return False  # "Quiet," he demanded; "Absolutely." is a sentence
    if _TITLE_LEAD.search(before):
        return True
    stripped = before.rstrip()
    if not stripped.endswith(","):
        return False
    comma = _token_index(doc, span.start - (len(before) - len(stripped)) - 1)
    return comma > 0 and doc[comma - 1].pos_ == "NOUN"  # shouted, "Cruz," is speech


def is_scare_modifier(doc: "Doc", span: MarkedSpan) -> bool:
    """A single word in marks modifying the noun right after it (the
    “affordable” housing plan, ''activist'' investors): the writer's scare
    quote unless a cue reports it (``Sanders vowed to fix the nation's
    “broken” system`` is his word, as PolNeAR reads it). A word standing as a
    predicate or object (was “unworkable”, called it “flawed”) is no modifier."""
    text = text_of(doc)
    if word_count(text[span.start : span.end]) != 1:
        return False
    words = [t for t in doc[_token_index(doc, span.start) : _token_index(doc, span.end - 1) + 1] if t.is_alpha]
    if len(words) != 1 or words[0].dep_ not in ("amod", "compound", "nmod"):
        return False
    head = words[0].head  # the noun it modifies, in the same phrase right after it (“affordable” housing plan)
    return head.pos_ in ("NOUN", "PROPN") and head.idx >= span.end and head.i - words[0].i <= MAX_SCARE_REACH \
        and not any(t.is_punct for t in doc[words[0].i + 1 : head.i] if t.idx >= span.end)


def _reports(doc: "Doc", cue: Cue | None, span: MarkedSpan) -> bool:
    """Whether ``cue`` reports the words at ``span``: it governs them in the
    parse, or they lie in its reported clause (``According to X, ... curb
    ''activist'' investors``)."""
    if cue is None:
        return False
    if _governed(doc, span).by(cue.verb):
        return True
    clause = clause_of(doc, cue)
    return clause is not None and clause[0] <= span.start and span.end <= clause[1]


def is_speech_without_cue(text: str, span: MarkedSpan) -> bool:
    if not span.closed:
        return False  # a stray opening mark: no evidence of speech
    inner = text[span.start + 1 : span.end - 1]
    if not has_letters(inner) or word_count(inner) < MIN_WORDS_WITHOUT_CUE:
        return False
    return not in_title_case(inner)  # all capitalised: a title


def _lead_in_cue(doc: "Doc", lookups: Lookups, previous_para: tuple[int, int] | None) -> Cue | None:
    if previous_para is None or _last_char(text_of(doc), *previous_para) != ":":
        return None
    last_sentence = _sentence_bounds(doc, previous_para[1] - 1)
    window = lookups.cues[bisect_left(lookups.cue_starts, last_sentence[0]) : bisect_left(lookups.cue_starts, previous_para[1])]
    inside = [c for c in window if c.subject is not None and c.kind == "speech"]
    return inside[-1] if inside else None


def _last_char(text: str, start: int, end: int) -> str:
    """The last character of ``text[start:end]`` that is not a space, or ''."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end > start else ""


def attribute_marked(
    doc: "Doc", spans: Sequence[MarkedSpan], cues: Sequence[Cue], paragraphs: Sequence[tuple[int, int]],
    keep_unattributed: bool = True,
) -> list[Attribution]:
    """Attributions for the marked spans that are speech, in order."""
    out: list[Attribution] = []
    para_starts = [p[0] for p in paragraphs]
    lookups = Lookups.build(cues, spans)
    for span in spans:
        if reads_as_title(doc, span):
            continue
        index = max(0, bisect_right(para_starts, span.start) - 1)
        para = paragraphs[index]
        end_para = paragraphs[max(0, bisect_right(para_starts, span.end - 1) - 1)]
        frame = _frame(doc, span, (para[0], end_para[1]))
        kind = quote_kind(text_of(doc), span, para[0])
        cue = choose_cue(doc, span, lookups, frame)
        if is_scare_modifier(doc, span) and not _reports(doc, cue, span):
            continue  # a scare quote near a cue that does not report it
        owner = _owned(doc, span, cue) if cue is not None or is_speech_without_cue(text_of(doc), span) else None
        if owner is not None:
            # no Cue, so the main clause's cue keeps its own reported speech; its words still group the two
            where = (cue.start, cue.end) if cue is not None else (None, None)
            out.append(Attribution(span, kind, None, owner, "relative-clause", *where))
            continue
        if cue is not None:
            adjacent = next_to_quote(doc, (span.start, span.end), cue, lookups.quoted, lookups.quote_starts)
            head = cue.subject if adjacent is None else adjacent
            if head is not None and inside_any(lookups.quoted, lookups.quote_starts, doc[head].idx):
                head = _name_between(doc, span, cue)  # the parse found the subject inside a quote
            continued = _continuation(doc, span, para, out) if head is None and kind == "direct" \
                and is_speech_without_cue(text_of(doc), span) and not _in_sentences(doc, cue, span) else None
            if continued is not None:  # a speakerless cue in another sentence ("..., referring to ...") does not stop a quote going on
                out.append(continued)
                continue
            rule = f"cue:{cue.rule}" if adjacent is None else "cue:next-to-quote"
            out.append(Attribution(span, kind, cue, head, rule))
            continue
        if not is_speech_without_cue(text_of(doc), span):
            continue
        dash = dash_speaker(doc, span.end, end_para[1])
        if dash is not None:
            out.append(Attribution(span, "direct", None, dash[0], "dash", dash[1], dash[2]))
            continue
        manner = manner_cue(doc, (span.start, span.end))
        if manner is not None:
            out.append(Attribution(span, kind, manner, manner.subject, "cue:manner-verb"))
            continue
        previous_para = paragraphs[index - 1] if index > 0 else None
        lead = _lead_in_cue(doc, lookups, previous_para) or _colon_subject(doc, span, para[0], previous_para)
        if lead is not None:
            out.append(Attribution(span, "direct", lead, lead.subject, "colon-lead-in"))
            continue
        continued = _continuation(doc, span, para, out)
        if continued is not None:
            out.append(continued)
            continue
        if keep_unattributed:
            out.append(Attribution(span, "direct", None, None, "no-cue"))
    return out
