"""Speaker mentions: the words that name or point to a speaker, and their kind.

A mention is cut from the parse around its head: titles and first names
(``President Donald Trump``), or determiners and modifiers for unnamed
sources (``one observer``, ``a senior official``); appositives, relative
clauses and the possessive ending stay out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .gender import first_name_gender
from .nlp import ends_line

if TYPE_CHECKING:
    from spacy.tokens import Token

MentionKind = Literal["name", "pronoun", "noun"]
PERSON_PRONOUNS = frozenset("he him she her i me".split())
GROUP_PRONOUNS = frozenset("they them we us".split())
# Pronouns that name no one: "someone close to the governor" is an unnamed source, not the last name before it.
INDEFINITE_PRONOUNS = frozenset("someone somebody anyone anybody everyone everybody nobody".split())
ORG_LABELS = frozenset(["ORG", "GPE", "NORP", "FAC"])
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})  # parts of speech that can name a source
# Common nouns that stand for unnamed sources; PolNeAR's unnamed Source heads.
SOURCE_NOUNS = frozenset("""
observer observers analyst analysts official officials source sources expert experts spokesman spokeswoman
spokesperson aide aides adviser advisers advisor advisors critic critics diplomat diplomats lawmaker lawmakers
senator senators representative representatives supporter supporters voter voters resident residents
witness witnesses insider insiders person people someone somebody man woman men women economist economists
strategist strategists researcher researchers scientist scientists officer officers leader leaders member
members minister ministers commentator commentators pundit pundits campaign administration government
ministry department agency committee spokespeople report poll polls survey study statement reporter
reporters journalist journalists editor editors president presidents candidate candidates activist
activists protester protesters lawyer lawyers attorney attorneys prosecutor prosecutors judge judges
police authorities authority organizers organisers employee employees staff staffer staffers democrat
democrats republican republicans group groups party parties company companies firm firms camp
proponent proponents opponent opponents advocate advocates backer backers ally allies rival rivals detractor
detractors skeptic skeptics donor donors delegate delegates demonstrator demonstrators regulator regulators
developer developers historian historians scholar scholars doctor doctors teacher teachers parent parents
student students worker workers farmer farmers citizen citizens volunteer volunteers organizer organiser
negotiator negotiators investigator investigators auditor auditors pollster pollsters consultant consultants
operative operatives executive executives director directors chairman chairwoman spokesmen spokeswomen
""".split())
# The source nouns that name a person rather than a body or a document: ``he`` or ``she`` can stand for them.
PERSON_SOURCE_NOUNS = SOURCE_NOUNS - frozenset("""
campaign administration government ministry department agency committee report poll polls survey study statement
police authorities authority staff group groups party parties company companies firm firms camp people
""".split())
_LEFT_DEPS = frozenset(["compound", "det", "nummod", "amod", "nmod", "quantmod", "predet", "npadvmod"])
_RIGHT_DEPS = frozenset(["compound", "flat"])


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention inside one parsed chunk (chunk-relative characters)."""

    head: int
    start: int
    end: int
    kind: MentionKind


def mention_kind(head: "Token") -> MentionKind:
    acronym = head.text.isupper() and len(head.text) > 1 and bool(head.ent_type_)  # "the US" spells "us"
    if not acronym and (head.pos_ == "PRON" or head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS):
        return "pronoun"
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", *ORG_LABELS):
        return "name"
    if mistagged_name(head):
        return "name"
    return "noun"


def mistagged_name(token: "Token") -> bool:
    """A capitalised word inside a sentence that the tagger read as an
    adverb, adjective or verb, and that names no date, number or place: a
    surname (``“...,” said Skelly,`` with Skelly tagged an adverb)."""
    return (token.is_title and token.is_alpha and not token.is_sent_start and token.pos_ in ("ADV", "ADJ", "VERB", "X")
            and token.ent_type_ in ("", "PERSON"))


def untagged_person_name(token: "Token") -> bool:
    """A capitalised name of two words or more, whose first word is a known
    first name, that the tagger left untagged: ``The mayor, Ana Ruiz, said``."""
    words = [t for t in token.subtree if not t.is_punct]
    return (token.pos_ == "PROPN" and len(words) >= 2 and all(t.text[:1].isupper() for t in words)
            and first_name_gender(words[0].text) is not None)


HONORIFICS = frozenset("mr mrs ms miss dr sir dame".split())


def mention_at(head: "Token") -> Mention:
    """The contiguous mention around ``head``."""
    kind = mention_kind(head)
    first = last = head.i
    if kind != "pronoun":
        for child in reversed(list(head.lefts)):
            if child.dep_ in _LEFT_DEPS and child.i == first - 1 and not child.is_punct:
                if kind == "name" and (child.dep_ == "det" or head.doc[first].lower_.rstrip(".") in HONORIFICS):
                    break  # a name starts at its honorific: not "Foreign Policy Centre Mr Straw"
                # a modifier's own modifiers come too: New York businessman, State Department official
                first = child.left_edge.i if child.right_edge.i == child.i else child.i
        for child in head.rights:
            if child.dep_ in _RIGHT_DEPS and child.i == last + 1:
                last = child.i
    doc = head.doc
    for k in range(head.i - 1, first - 1, -1):  # a mention never runs over a line break (a headline above it)
        if doc[k].is_space or ends_line(doc[k]):
            first = k + 1
            break
    return Mention(head.i, doc[first].idx, doc[last].idx + len(doc[last]), kind)


# Verbs that only people and institutions do: any subject but a demonstrative is a source.
STRONG_SPEECH_VERBS = frozenset("""
say tell claim insist argue write report announce add state declare warn tweet assert contend acknowledge
admit explain confirm deny reply respond testify
""".split())
_DEMONSTRATIVES = frozenset("this that these those which what there".split())


def is_source(head: "Token", verb: "Token | None" = None) -> bool:
    """Whether a subject can be a speaker at all (not "This", "the decision");
    after a strong speech verb (``Another ranking says``) any noun can."""
    if verb is not None and verb.lemma_.lower() in STRONG_SPEECH_VERBS and head.lower_ not in _DEMONSTRATIVES:
        return head.pos_ in NOMINAL_POS or bool(head.ent_type_)
    kind = mention_kind(head)
    if kind == "pronoun":
        return head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS
    if kind == "name":
        return head.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY")
    return head.lemma_.lower() in SOURCE_NOUNS or head.lower_ in SOURCE_NOUNS
