"""Pronoun speakers resolved to an earlier named mention, by rules on the parse.

No offline coreference model exists for spaCy 3.8, so ``he``/``she`` take a
person named before them, outside quotes and within a window of recent
sentences, the way a reader would: the subject of the last sentence or two
before the most recent name in passing, and never a name that shows the other
gender (``gender.py``); ``they`` takes an organisation the same way, but
only one named as a subject. A pronoun after an unnamed source it can stand
for (``Critics argue ... they counter``, ``a spokeswoman said. She added``)
stays unnamed, as ``we`` and ``you`` always do: an unnamed source is never
forced onto the last name in the text. A name
the tagger calls a person but the sentence uses as a place (``drove to Moose
Jaw``, ``sang in Saskatoon``) or an institution (``the Louis Riel School
Division``) is no antecedent for ``he``/``she`` unless it shows a person
(a gender, ``who``), nor is a name the tagger calls a person once but an
organisation or a place more often in the same text (``Labour``).
A person's surname alone (``Orban’s``) counts as naming them once the full
name is known, even where the tagger missed the entity, and shares the gender
its full name and titles show (``Mr. Trump``; none where two people share it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

from .gender import PRONOUN_GENDER, Gender, agreed, first_name_gender, title_gender
from .mentions import GROUP_PRONOUNS, ORG_LABELS, PERSON_PRONOUNS, PERSON_SOURCE_NOUNS
from .nlp import CharIndex, ends_line
from .text import name_key, strip_title
from .tree import MAX_CLIMB

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

WINDOW_CHARS = 1200
WE_AND_YOU = frozenset("we us you".split())
FIRST_PERSON = frozenset("i me my".split())  # outside quotes: the author
NOUN_GENDER: dict[str, Gender] = {"man": "male", "woman": "female"}  # beyond the gendered titles (spokeswoman)
# Prepositions whose object is a place: "in Moose Jaw", "drove to Saskatoon".
PLACE_PREPOSITIONS = frozenset("in at near into onto across around outside inside throughout toward towards to from".split())


@dataclass(frozen=True, slots=True)
class Named:
    """A named mention in a chunk (chunk-relative characters)."""

    start: int
    end: int
    text: str
    label: str  # "PERSON" or "ORG"
    head: int
    gender: Gender | None = None
    full_name: str | None = None  # the full name a lone surname stands for, where gender settles it


def inside_any(spans: Sequence[tuple[int, int]], starts: Sequence[int], char: int) -> bool:
    """Whether ``char`` falls in one of the sorted, disjoint ``spans``."""
    index = bisect_right(starts, char) - 1
    return index >= 0 and spans[index][0] <= char < spans[index][1]


def named_mentions(doc: "Doc", inside_quotes: Sequence[tuple[int, int]]) -> list[Named]:
    """PERSON and organisation names outside quotes, plus surnames of known people."""
    starts = [a for a, _ in inside_quotes]

    def quoted(char: int) -> bool:
        return inside_any(inside_quotes, starts, char)

    found: dict[int, Named] = {}
    first_token: dict[int, int] = {}
    surnames: set[str] = set()
    organisations = _mostly_organisations(doc)
    for ent in (piece for whole in doc.ents for piece in _lines_of(whole)):
        if quoted(ent.start_char):
            continue
        if ent.label_ == "PERSON":
            label = "ORG" if name_key(ent.text) in organisations else "PERSON"
        elif ent.label_ in ORG_LABELS:
            label = "ORG"
        else:
            continue
        text = ent.text[:-2] if ent.text.endswith(("'s", "\N{RIGHT SINGLE QUOTATION MARK}s")) else ent.text
        found[ent.start_char] = Named(ent.start_char, ent.start_char + len(text), text, label, ent.root.i)
        first_token[ent.start_char] = ent.start
        if label == "PERSON":
            surnames.add(name_key(text).split(" ")[-1])
    for start, named in list(found.items()):
        if named.label == "ORG" and name_key(named.text) in surnames:  # "Trump’s" tagged ORG
            found[start] = Named(named.start, named.end, named.text, "PERSON", named.head)
    for token in doc:
        if token.pos_ == "PROPN" and token.idx not in found and not quoted(token.idx):
            if name_key(token.text) in surnames and not token.ent_type_:
                found[token.idx] = Named(token.idx, token.idx + len(token), token.text, "PERSON", token.i)
                first_token[token.idx] = token.i
    return sorted((_with_gender(doc, found.values(), first_token)), key=lambda n: n.start)


def _mostly_organisations(doc: "Doc") -> frozenset[str]:
    """The name keys the tagger calls a person somewhere but, across the
    document, more often an organisation or a place (``Labour``: a person
    twice, an organisation five times): the tagger's slips on one mention are
    outvoted by its other readings. A surname of a full name in the text
    (``Trump`` of ``Donald Trump``) is always a person's."""
    votes: Counter[tuple[str, bool]] = Counter()
    full_surnames = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" or ent.label_ in ORG_LABELS:
            key = name_key(ent.text)
            votes[(key, ent.label_ == "PERSON")] += 1
            if ent.label_ == "PERSON" and " " in key:
                full_surnames.add(key.split(" ")[-1])
    return frozenset(key for key, person in votes if person and key not in full_surnames
                     and votes[(key, False)] > votes[(key, True)])


def _lines_of(ent: "Span") -> list["Span"]:
    """An entity cut at its line breaks: a name never runs from a caption's
    last words into the next paragraph (``Maria Santos`` / ``Santos said``)."""
    breaks = [t.i for t in ent if t.is_space and ends_line(t)]
    if not breaks:
        return [ent]
    from spacy.tokens import Span

    bounds = zip([ent.start] + [i + 1 for i in breaks], breaks + [ent.end])
    return [Span(ent.doc, a, b, label=ent.label) for a, b in bounds if b > a and not all(t.is_space for t in ent.doc[a:b])]


def _surname(name: str) -> str:
    return name_key(name).split(" ")[-1]


def _with_gender(doc: "Doc", found: Iterable[Named], first_token: dict[int, int]) -> list[Named]:
    """Each person's gender: what the mention itself shows (a gendered title
    just before or opening it, the first name of a full name or a first name
    used alone, ``Melanie``, that is no full name's surname here), else, for a
    lone surname, what all mentions of it agree on (``Trump`` after ``Mr.
    Trump``; none for ``Clinton`` when Bill and Hillary are both named). A
    full name whose first name shows nothing does not borrow one (``Rakeyia
    Scott`` is not male because ``Keith Scott`` is).

    A lone surname of known gender also gets the one full name of that gender
    it ends with, when every full name with that surname shows its gender
    (``Mrs. Schlafly`` is Phyllis Schlafly, not her son John; not Gary for a
    ``Jeh Johnson`` of unknown gender)."""
    people = [n for n in found if n.label == "PERSON"]
    surname = {n.start: _surname(n.text) for n in people}
    words = {n.start: strip_title(n.text).split() for n in people}
    lone = {n.start for n in people if len(words[n.start]) < 2}
    full_names_surnames = {surname[n.start] for n in people if n.start not in lone}
    own: dict[int, list[Gender]] = {}
    for named in people:
        first = first_token[named.start]
        has_first_name = named.start not in lone or surname[named.start] not in full_names_surnames  # "Melanie said"
        evidence = [title_gender(doc[first - 1].text) if first > 0 else None, title_gender(named.text.split()[0]),
                    first_name_gender(words[named.start][0]) if has_first_name else None]
        own[named.start] = [g for g in evidence if g]
    by_surname: dict[str, list[Gender]] = {}
    for named in people:
        by_surname.setdefault(surname[named.start], []).extend(own[named.start])
    gender = {n.start: agreed(own[n.start]) or (agreed(by_surname[surname[n.start]]) if n.start in lone else None)
              for n in people}
    full_names: dict[str, list[Named]] = {}
    for named in people:
        if named.start not in lone:
            full_names.setdefault(surname[named.start], []).append(named)

    joins: dict[tuple[str, Gender], str | None] = {}  # once per surname and gender, not per mention

    def joined(named: Named) -> str | None:
        own_gender = gender[named.start]
        if named.start not in lone or own_gender is None:
            return None
        key = (surname[named.start], own_gender)
        if key not in joins:
            full = full_names.get(key[0], [])
            fitting = {n.text for n in full if gender[n.start] == own_gender}
            joins[key] = fitting.pop() if len(fitting) == 1 and all(gender[n.start] is not None for n in full) else None
        return joins[key]

    return [replace(n, gender=gender[n.start], full_name=joined(n)) if n.label == "PERSON" else n for n in found]


def _subject_role(token: "Token", possessor: bool) -> "Token":
    climb = ("appos", "compound", "flat", "poss") if possessor else ("appos", "compound", "flat")
    for _ in range(MAX_CLIMB):
        if token.dep_ not in climb or token.head.i == token.i:
            break
        token = token.head
    return token


def is_subject(token: "Token", possessor: bool = False) -> bool:
    """Whether a name is a clause's subject or in apposition to it
    (``Mr. Trump's campaign chairman, Paul Manafort, dismissed``); with
    ``possessor``, also its possessor (``Trump's alignment is notable``)."""
    return _subject_role(token, possessor).dep_ in ("nsubj", "nsubjpass")


def is_main_subject(token: "Token", possessor: bool = False) -> bool:
    """``is_subject`` of the sentence's main verb: not ``Trump`` in
    ``Graham said Trump was wrong``."""
    role = _subject_role(token, possessor)
    verb = role.head
    return role.dep_ in ("nsubj", "nsubjpass") and (verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"))


def shows_a_person(doc: "Doc", named: Named) -> bool:
    """Whether a name shows it is someone: a known gender, or a ``who``
    clause or a role in apposition after it (``Kiran Okafor, who teaches``)."""
    if named.gender is not None:
        return True
    return any(child.dep_ == "appos" or (child.dep_ == "relcl" and any(t.lower_ in ("who", "whom", "whose") for t in child.lefts))
               for child in doc[named.head].rights)


def shows_no_person(doc: "Doc", named: Named) -> bool:
    """Whether a PERSON-tagged name reads as a place or an institution: it
    takes a determiner (``the Louis Riel School Division``), or, showing no
    person, it is the object of a preposition of place (``drove to Moose Jaw``)."""
    head = doc[named.head]
    if named.text.lower().startswith(("the ", "a ", "an ")) or any(child.dep_ == "det" for child in head.lefts):
        return True  # its own determiner: not the Clinton of "the Clinton campaign"
    return head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS and not shows_a_person(doc, named)


def antecedent(pronoun: "Token", names: Sequence[Named], starts: Sequence[int] | None = None,
               quoted: Sequence[tuple[int, int]] = (), depth: int = 0) -> Named | None:
    """The named mention a speaker pronoun points back to (``_named_antecedent``),
    or None where it stands for no one named: ``we`` and ``you``; ``I`` outside
    quotes (the article's author); a ``they``
    whose nearest name is no subject (``put Trump on the defensive in Maine
    ... as they answered``); and a ``they``, ``he`` or ``she`` after an unnamed
    source of its number (and gender) that is the subject of a clause between
    the name and the pronoun (``Critics argue ... Italy's problems. ... they
    counter``: the critics; ``a spokeswoman said. She added``: the spokeswoman)."""
    if pronoun.lower_ in WE_AND_YOU:
        return None  # the speaker's own side or the listener, never a third party named before
    index = CharIndex.of(pronoun.doc)
    place = _place_of(pronoun, index, quoted)
    if pronoun.lower_ in FIRST_PERSON and not inside_any(quoted, place.quote_starts, pronoun.idx):
        return None  # "I think" in the narration is the article's author, not the last person it named
    number, quote_starts, before = place
    found = _named_antecedent(pronoun, names, starts, quoted, depth, place)
    plural = pronoun.lower_ in GROUP_PRONOUNS
    if found is None or not (plural or pronoun.lower_ in PRONOUN_GENDER):
        return found
    if plural and not is_subject(pronoun.doc[found.head], possessor=True):
        return None  # a group named in passing (``the Senate``, ``Maine``) is not who "they" are
    since = max(found.end, index.sentences[before if before is not None else number][0])
    if _unnamed_subject_between(pronoun, since, quoted, quote_starts):
        return None
    return found


def _unnamed_subject_between(pronoun: "Token", since: int, quoted: Sequence[tuple[int, int]],
                             quote_starts: Sequence[int]) -> bool:
    """Whether an unnamed source that ``pronoun`` can stand for is a subject,
    outside quotes, between character ``since`` and the pronoun: for ``they``
    a plural or coordinated common noun, for ``he``/``she`` someone new
    (``_someone_new``) of no other gender, that no name stands beside (not
    ``a spokesman, John Smith,``)."""
    plural = pronoun.lower_ in GROUP_PRONOUNS
    gender = PRONOUN_GENDER.get(pronoun.lower_)
    doc = pronoun.doc
    first = CharIndex.of(doc).token(since)
    for token in doc[first:pronoun.i]:
        if token.idx < since or token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ != "NOUN" or token.ent_type_:
            continue
        if inside_any(quoted, quote_starts, token.idx):
            continue
        if plural:
            agrees = token.tag_ == "NNS" or any(child.dep_ == "conj" for child in token.children)
        else:
            agrees = _unnamed_person(token, gender)
        if agrees:
            return True
    return False


def _unnamed_person(noun: "Token", gender: Gender | None) -> bool:
    """Whether a singular noun is someone new (``_someone_new``) whom a
    ``he``/``she`` of ``gender`` can stand for, with no name beside it (not
    ``a spokesman, John Smith,``)."""
    if noun.tag_ != "NN" or noun.lemma_.lower() not in PERSON_SOURCE_NOUNS or not _someone_new(noun):
        return False
    if (title_gender(noun.lower_) or NOUN_GENDER.get(noun.lower_)) not in (None, gender):
        return False
    return not any(child.dep_ == "appos" or (child.dep_ == "compound" and child.pos_ == "PROPN" and child.ent_type_ == "PERSON")
                   for child in noun.children)


def _someone_new(noun: "Token") -> bool:
    """Whether a person noun brings in someone not named before: ``a
    spokeswoman``, ``Mr Blair's spokesman``; not ``the longtime senator``,
    which may well be the McCain just named."""
    return any((child.dep_ == "det" and child.lower_ in ("a", "an", "another", "one")) or child.dep_ == "poss"
               for child in noun.children)


class _Place(NamedTuple):
    """Where a pronoun stands: its sentence's number, the quotes' start
    offsets, and the sentence before it outside quotes (``_outside_before``)."""

    number: int
    quote_starts: list[int]
    before: int | None


def _place_of(pronoun: "Token", index: CharIndex, quoted: Sequence[tuple[int, int]]) -> _Place:
    number = index.sentence_number(pronoun.idx)
    quote_starts = [a for a, _ in quoted]
    return _Place(number, quote_starts, _outside_before(index, number, quoted, quote_starts))


def _named_antecedent(pronoun: "Token", names: Sequence[Named], starts: Sequence[int] | None,
                      quoted: Sequence[tuple[int, int]], depth: int, place: _Place) -> Named | None:
    """The named mention a speaker pronoun points back to, or None: in this
    sentence or the one before, the most recent subject of a main verb, else
    of any verb (in the pronoun's own sentence, a subject's possessor counts
    too); else the most recent name. ``Graham said Trump was wrong. He
    added`` is Graham; ``Trump's alignment is notable, as he described`` is Trump.
    ``starts``: the names' start offsets, when the caller has them already.
    ``quoted``: the chunk's quotes (sorted, disjoint); a sentence that starts
    inside one is the quote's, not the narration's, so "the sentence before"
    is the last one outside them (``Gatland singled out Hart. "They did well.
    The back row was great," he added.`` is Gatland). When no name is the
    main subject there but a pronoun of the same kind is, the pronoun stands
    for the same one (``Adeyemi spoke. She thanked Wills. "...," she said.``
    is Adeyemi); when it names people but none as its subject, the main
    subject of the sentence before it is taken (``Ortiz was pleased. The
    visitors led through a penalty from Reeve. "...," he said.`` is Ortiz)."""
    wanted = "PERSON" if pronoun.lower_ in PERSON_PRONOUNS else "ORG"
    gender = PRONOUN_GENDER.get(pronoun.lower_)
    position = bisect_left(starts if starts is not None else [n.start for n in names], pronoun.idx)
    doc, index = pronoun.doc, CharIndex.of(pronoun.doc)
    number, quote_starts, outside_before = place
    sentence_start = index.sentences[number][0]
    before = outside_before or 0
    horizon = index.sentences[before][0]  # the sentence before, outside quotes, begins here
    fitting = []
    for named in reversed(names[:position]):
        if pronoun.idx - named.end > WINDOW_CHARS:
            break
        if named.label == wanted and (gender is None or named.gender in (None, gender)):
            if wanted == "PERSON" and shows_no_person(doc, named):
                continue
            fitting.append(named)
    near = [(n, n.start >= sentence_start) for n in fitting if n.start >= horizon]  # (name, in this sentence)
    main = [n for n, here in near if is_main_subject(doc[n.head], possessor=here)]
    if main:
        return main[0]
    chained = _chained(pronoun, index, before, sentence_start, quoted, quote_starts)
    if chained is not None and depth < MAX_CHAIN:
        found = antecedent(chained, names, starts, quoted, depth + 1)
        if found is not None:
            return found
    earlier = _outside_before(index, before, quoted, quote_starts)
    if earlier is not None:  # a sentence that names no one as its subject defers to the one before it
        start = index.sentences[earlier][0]
        main = [n for n in fitting if start <= n.start < horizon and is_main_subject(doc[n.head])]
        if main and not any(is_subject(doc[n.head], possessor=here) for n, here in near):
            return main[0]
    ranked = [n for n, here in near if is_subject(doc[n.head], possessor=here)] + fitting
    return ranked[0] if ranked else None


def _outside_before(index: CharIndex, number: int, quoted: Sequence[tuple[int, int]], quote_starts: Sequence[int]) -> int | None:
    """The number of the last sentence before sentence ``number`` that starts outside quotes, if any."""
    before = number - 1
    while before >= 0 and inside_any(quoted, quote_starts, index.sentences[before][0]):
        before -= 1
    return before if before >= 0 else None


MAX_CHAIN = 3  # pronouns followed back through at most this many sentences


def _chained(pronoun: "Token", index: CharIndex, before: int, sentence_start: int,
             quoted: Sequence[tuple[int, int]], quote_starts: Sequence[int]) -> "Token | None":
    """The same-kind pronoun that is the main subject of the sentence before
    (outside quotes), if any: ``She thanked Wills.`` before ``she said``."""
    if index.sentences[before][0] >= sentence_start:
        return None
    doc = pronoun.doc
    first, end = index.sentence_of_token(index.token(index.sentences[before][0]))
    for token in doc[first:end]:
        same_kind = token.lower_ == pronoun.lower_ or PRONOUN_GENDER.get(token.lower_, "") == PRONOUN_GENDER.get(pronoun.lower_)
        if same_kind and token.dep_ == "nsubj" and token.head.dep_ == "ROOT" and not inside_any(quoted, quote_starts, token.idx):
            return token
    return None
