"""Speaker labels: a line that opens with a name and a colon.

Transcripts (``TAPPER: Do you think ...``) and headlines (``John McCain:
Populist Anger Appeals to ‘Bad Angels’``) attribute the rest of the line to
the name before the colon, with no speech verb. Labels that are not sources
(``Related:``, ``UPDATE:``, ``10 a.m.:``, ``Iowa: Clinton 45, Trump 43``)
are left alone, and so are section headings in capitals (a market
round-up's ``OIL:``, ``BONDS:``): a label all in capitals speaks only where
the document shows it is someone (``capitals_speak``). A transcript quoted in
an article opens each turn with a mark before the label (``"WALLACE: ...``):
the turn is the label's direct quote, whatever the marks around it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .gender import first_name_gender
from .mentions import SOURCE_NOUNS
from .nlp import text_of
from .text import CLOSE_DOUBLE, OPEN_DOUBLE, STRAIGHT_DOUBLE, has_letters

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

OPENING_MARKS = frozenset(OPEN_DOUBLE | {STRAIGHT_DOUBLE})
CLOSING_MARKS = frozenset(CLOSE_DOUBLE | {STRAIGHT_DOUBLE})
MAX_LABEL_TOKENS = 6  # a name with its title or role: "McCain Challenger Kelli Ward"
MIN_CONTENT_TOKENS = 2
# Labels that introduce something other than a source's words.
NOT_SOURCES = frozenset("""
related update updated updates note editor editors photo photos video videos watch listen read more correction
clarification source sources tags tag share follow subscribe advertisement ad q a by posted filed published contact
email phone caption credit credits image images warning spoiler transcript summary background bottom line why what
next key points topics topic see also breaking live now today latest sponsored disclosure disclaimer analysis
opinion exclusive editorial review commentary interview profile explainer fact check perspective column letters
letter obituary recap preview timeline quiz translation result results answer question problem verdict
""".split())
_NAME_LABELS = frozenset(["PERSON", "ORG", "NORP"])
# Words that show a line is a turn of talk: the speaker's own first or second person.
_TALK = frozenset("i i'm i've i'd i'll me my we we're our us you you're your".split())


@dataclass(frozen=True, slots=True)
class Labelled:
    """A line's content after its speaker label (chunk-relative characters)."""

    start: int
    end: int
    colon: int  # character of the colon: the cue
    head: int  # token heading the speaker
    speaker_start: int  # character where the speaker's mention starts
    opening: int | None = None  # a quotation mark opening the line before its label (`"WALLACE: ...`)

    @property
    def begin(self) -> int:
        """Where the line's own words start: its opening mark, else its content."""
        return self.opening if self.opening is not None else self.start


def _is_label_word(token: "Token") -> bool:
    if token.is_punct:
        return token.text in (".", "-", "'", "\N{RIGHT SINGLE QUOTATION MARK}")  # Dr. / Fact-Check / O'Neill
    return token.text[:1].isupper() or token.lower_ in SOURCE_NOUNS or token.lower_ in ("camp", "of", "the", "de")


def _label_head(label: Sequence["Token"], known: Counter[str]) -> "Token | None":
    """The token heading the speaker, or None when the words cannot name one.

    Headlines are in title case, where the tagger sees names everywhere, so a
    label must show more: a person's name (which speaks even when a headline's
    verb follows it: ``Elizabeth Warren Hammers Wells Fargo CEO:``), a source
    noun last (``Poll:``, ``Clinton camp:``), or words that are all capitals
    (``TAPPER:``) or that the document names someone with outside this line
    (``Politifact:``). A subheading (``Veto Power Impedes Peace Efforts:``)
    shows none of these."""
    words = [t for t in label if not t.is_punct]
    if not words or len(words) > MAX_LABEL_TOKENS or not all(_is_label_word(t) for t in label):
        return None
    if any(t.lower_ in NOT_SOURCES or t.like_num or any(c.isdigit() for c in t.text) for t in words):
        return None
    if words[-1].lower_ in SOURCE_NOUNS:
        return words[-1]
    person = next((t for t in words if t.ent_type_ == "PERSON"), None)
    if person is not None:
        doc = person.doc
        while person.i < words[-1].i and doc[person.i + 1].ent_iob_ == "I":
            person = doc[person.i + 1]  # the name's last word
        if person.i < words[-1].i and first_name_gender(person.text) and doc[person.i + 1].is_title:
            person = doc[person.i + 1]  # the tagger stopped at a first name: Elizabeth | Warren Hammers ...
        return person
    here = Counter(t.text for t in words if t.ent_type_ in _NAME_LABELS)  # the label's own, not evidence for itself
    readable = lambda t: t.is_upper or known[t.text] > here[t.text] or t.lower_ in ("of", "the", "de")  # noqa: E731
    return words[-1] if all(readable(t) for t in words) and not words[-1].lower_ in ("of", "the", "de") else None


def capitals_speak(words: Sequence["Token"], content: Sequence["Token"], named: Counter[str], labels: Counter[str]) -> bool:
    """Whether a label in capitals (``TAPPER``, ``JAKE TAPPER``, ``OIL``) is
    a speaker rather than a section heading: it begins with a first name,
    its last word names someone elsewhere in the document (``named``: folded
    name words outside labels) or labels another line too (``labels``: a
    transcript's turns come back), or the line talks in the first or second
    person or asks (a turn of talk, where a heading's line reports)."""
    last = words[-1].lower_
    if (len(words) > 1 and first_name_gender(words[0].text.title())) or named[last] or labels[last] > 1:
        return True
    return content[-1].text == "?" or any(t.lower_ in _TALK for t in content)


def _mention_start(words: Sequence["Token"], head: "Token") -> "Token":
    """Where the speaker's mention starts: the whole label (``Sen. Lindsey
    Graham``, ``JAKE TAPPER``), or the name alone when a headline's verb
    follows it (``Elizabeth Warren | Hammers Wells Fargo CEO``)."""
    if head.i == words[-1].i:
        return words[0]
    first = head
    while first.i > words[0].i:
        before = first.doc[first.i - 1]
        if before.ent_type_ != "PERSON" and not first_name_gender(before.text):
            break
        first = before
    return first


def find_labelled(doc: "Doc", paragraphs: Sequence[tuple[int, int]]) -> list[Labelled]:
    """Lines opening with ``Name:`` and what follows on the line. Its kind
    follows its marks, as everywhere else (the pipeline decides): a transcript's
    unmarked turn is indirect, a content wholly in marks direct, marked words
    inside a headline's claim mixed quotes."""
    out: list[Labelled] = []
    text = text_of(doc)
    known = Counter(t.text for t in doc if t.ent_type_ in _NAME_LABELS)
    lines = []
    for para_start, para_end in paragraphs:
        tokens = [t for t in doc.char_span(para_start, para_end, alignment_mode="expand") or [] if not t.is_space]
        opening = tokens[0] if tokens and tokens[0].text in OPENING_MARKS else None
        if opening is not None:  # a transcript quoted turn by turn: "WALLACE: ...
            tokens = tokens[1:]
        colon = next((i for i, t in enumerate(tokens[: MAX_LABEL_TOKENS + 4]) if t.text == ":"), None)
        if colon:
            lines.append((tokens[:colon], tokens[colon], tokens[colon + 1 :], opening))
    in_labels = {t.i for label, _, _, _ in lines for t in label}
    named = Counter(t.lower_ for t in doc if t.ent_type_ in _NAME_LABELS and t.i not in in_labels)
    labels = Counter(label[-1].lower_ for label, _, _, _ in lines if label)
    for label, colon_token, content, opening in lines:
        head = _label_head(label, known)
        if head is None or len(content) < MIN_CONTENT_TOKENS:
            continue
        words = [t for t in label if not t.is_punct]
        if all(t.is_upper for t in words) and not capitals_speak(words, content, named, labels):
            continue  # a section heading: OIL: Crude prices fell
        start, end = content[0].idx, content[-1].idx + len(content[-1])
        if not has_letters(text[start:end]) or sum(t.like_num for t in content) * 3 > len(content):
            continue  # "Iowa: Clinton 45, Trump 43"
        first = _mention_start([t for t in label if not t.is_punct], head)
        if opening is not None and content[-1].text in CLOSING_MARKS:
            end = content[-1].idx  # the turn's own closing mark is no part of it
        out.append(Labelled(start=start, end=end, colon=colon_token.idx, head=head.i, speaker_start=first.idx,
                            opening=opening.idx if opening is not None else None))
    return out
