"""Cues: the words that introduce speech, and the subject each one points to.

A cue is a speech verb in any tense or position (``said``, ``says X``,
``X, a former official, said``, ``As X noted,``), a phrasal verb (``pointed
out``) or ``according to X``. The lexicon was drawn from the cue words of
PolNeAR's train split. Each cue records the token that heads its speaker,
found through the dependency parse: the verb's subject, else the subject of
the clause it hangs from (``X expressed doubts, suggesting that``), else the
owner of a speech noun (``Trump’s comments ... stating``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator, cast

from .mentions import HONORIFICS, SOURCE_NOUNS, mistagged_name
from .nlp import CharIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs that report speech: they may attribute a marked quote or an indirect clause.
# (The last line: verbs of saying that cue two or more marked attributions in PolNeAR train.)
SPEECH_VERBS = frozenset("""
say tell add ask write note report announce suggest argue describe tweet explain declare acknowledge
claim state warn insist reply respond recall concede admit assert comment confirm deny emphasize emphasise
stress predict promise vow pledge reveal remark observe contend maintain caution complain boast joke
quip muse mention repeat reiterate testify tout urge charge accuse allege advise speculate wonder
counter retort shout yell whisper exclaim post blog email inform assure remind lament recount
characterize characterise call criticize criticise praise dismiss propose threaten demand agree
conclude estimate question challenge continue concur affirm announce posit opine proclaim recommend
answer interject bark exhort quote
""".split())
# Verbs of belief and wish: attributions in PolNeAR, used for indirect clauses only.
BELIEF_VERBS = frozenset("think believe feel fear hope worry doubt expect reckon guess suspect".split())
# Verbs of stance and intent: attributions in PolNeAR whose content is the object
# or infinitive ("endorsed gay marriage", "wants to build a wall"); indirect only.
ATTITUDE_VERBS = frozenset("""
endorse support oppose back reject blame want seek plan refuse decline defend welcome condemn slam attack
applaud favor favour hail push intend aim vow pledge promise urge accuse criticize criticise praise dismiss
call demand propose deny question challenge
""".split())
# Verbs of judging, citing and chanting that report someone's words only
# through a quoted fragment in their complement ("blasted Clinton as a
# “disgrace”", "referred to them as “lone wolves”"): cues for the marked
# quotes they govern, never for unmarked clauses. Each cues at least two
# marked attributions in PolNeAR's train split.
EVALUATION_VERBS = frozenset("""
blast slam mock denounce condemn decry chide compare label dub portray pronounce credit cite reference refer chant
blame thank attack
""".split())
# Phrasal cues whose particle carries the meaning: "pointed out", "went on".
PHRASAL_CUES = {("point", "out"), ("go", "on"), ("spell", "out"), ("lay", "out")}
# Nouns of speech whose owner is the speaker: "Trump’s comments ... stating".
SPEECH_NOUNS = frozenset("""
comment comments statement remark remarks word words tweet post speech letter message response
communication communications interview testimony announcement reply answer claim argument
""".split())
# Subjects that are not sources: "This suggests that...", "It said" stays (organisations).
NON_SOURCES = frozenset("this that these those which what there".split())


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue in one parsed chunk: token indices and chunk-relative characters."""

    verb: int
    start: int
    end: int
    subject: int | None
    rule: str
    kind: str = "speech"  # "speech", "belief" or "attitude"


def _phrasal_particle(token: "Token") -> "Token | None":
    for child in token.children:
        if child.dep_ == "prt" and (token.lemma_.lower(), child.lower_) in PHRASAL_CUES:
            return child
    return None


def cue_kind(token: "Token", beliefs: bool = False, attitudes: bool = False) -> str | None:
    """'speech', 'belief', 'evaluation', 'attitude', or None when the token is no cue."""
    if token.pos_ not in ("VERB", "AUX") and not (token.tag_.startswith("VB")):
        return None
    lemma = token.lemma_.lower()
    if token.i >= 2 and token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].lower_ == "so":
        return None  # "so-called" marks a scare quote, not speech
    if any(child.dep_ in ("nsubjpass", "auxpass") for child in token.children) and lemma != "quote":
        return None  # "was asked", "is expected": the subject is not the speaker
    if _addressed(token, lemma):
        return None  # "Asked whether ..., Lopez said": the question is not hers
    if _asks_anonymity(token):
        return None  # "who asked not to be named": why the source is unnamed, not what it said
    if lemma == "continue" and any(child.dep_ in ("xcomp", "dobj") for child in token.children):
        return None  # "Boeing continues to enjoy", "continued the talks": going on doing, not saying
    if lemma in SPEECH_VERBS or _phrasal_particle(token) is not None:
        return "speech"
    if lemma == "put" and any(c.lower_ == "it" and c.dep_ == "dobj" for c in token.children):
        return "speech"  # "as X put it"
    if beliefs and lemma in BELIEF_VERBS:
        return "belief"
    if lemma in EVALUATION_VERBS:
        return "evaluation"
    return "attitude" if attitudes and lemma in ATTITUDE_VERBS else None


# Verbs whose passive subject is the one spoken to: "Asked about the plan," "Told that it failed,".
ADDRESSEE_VERBS = frozenset("ask tell inform remind question press".split())


def _addressed(token: "Token", lemma: str) -> bool:
    """A participle clause of asking or telling with no subject of its own
    (``Asked whether ...,``, ``When told of ...,``): its implied subject is
    the addressee, so the main clause's speaker did not say it."""
    if lemma not in ADDRESSEE_VERBS or token.dep_ not in ("advcl", "acl") or token.tag_ not in ("VBN", "VBD"):
        return False
    return not any(child.dep_ in ("nsubj", "aux", "dobj", "dative") for child in token.children)


_CLAUSE_LINKS = frozenset("ccomp xcomp advcl parataxis conj relcl".split())


def _asks_anonymity(token: "Token") -> bool:
    """``asked not to be named``, ``declined to be identified``, ``spoke on
    condition of anonymity``, ``requested anonymity``: within a few links of
    the verb and outside any clause of its own, and looking at no more than a
    few dozen words, so a run-on sentence costs what a short one does."""
    for child in token.children:
        if child.dep_ == "xcomp" and child.lemma_.lower() in ("name", "identify", "quote") \
                and any(c.dep_ == "auxpass" for c in child.children):
            return True
    frontier, seen = [token], 0
    for _ in range(4):
        below = [c for node in frontier for c in node.children if c.i > token.i and c.dep_ not in _CLAUSE_LINKS]
        if any(c.lower_ in ("anonymity", "anonymously") for c in below):
            return True
        seen += len(below)
        if seen > 40:
            return False
        frontier = below
    return False


def _subject_child(token: "Token") -> "Token | None":
    """The token's subject. Looked up once per token and chunk: many cues may
    climb to one head (a verb with a thousand coordinated verbs under it)."""
    memo = CharIndex.of(token.doc).memo
    key = ("subject", token.i)
    if key not in memo:
        # a dash or other mark parsed as a subject ("... public ― Trump boasted") is not one
        memo[key] = next((child.i for child in token.children if child.dep_ in ("nsubj", "csubj") and any(c.isalnum() for c in child.text)), None)
    found = memo[key]
    return token.doc[found] if isinstance(found, int) else None


def owner_of_speech_noun(token: "Token") -> "Token":
    """``Trump’s comments`` -> ``Trump``; any other token is its own speaker."""
    if token.lemma_.lower() in SPEECH_NOUNS or token.lower_ in SPEECH_NOUNS:
        memo = CharIndex.of(token.doc).memo
        key = ("owner", token.i)
        if key not in memo:
            memo[key] = next((child.i for child in token.children if child.dep_ == "poss"), token.i)
        owner = cast(int, memo[key])
        return token.doc[owner] if owner != token.i else token
    return token


def _inverted_object(verb: "Token") -> "Token | None":
    """``“...,” added another Democrat`` / ``Stated Stone:``: the tagger often
    reads an inverted speaker as the object; take it when the verb opens its
    clause right after a quote or at the start of a sentence."""
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and not (before.is_quote or before.text in (".", "!", "?", ":") or verb.is_sent_start):
        return None
    for child in verb.rights:
        if child.dep_ in ("dobj", "npadvmod", "attr", "dative", "oprd") and (child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG") or child.lemma_.lower() in SOURCE_NOUNS):
            return child
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if after is not None and after.pos_ == "PROPN":  # "Said Ellis:", parsed any which way
        while after.dep_ in ("compound", "flat") and after.head.i > after.i and after.head.pos_ == "PROPN":
            after = after.head
        return after
    if after is not None and mistagged_name(after):  # "“...,” said Skelly," with Skelly tagged an adverb
        return after
    return None


def _noun_speaker(noun: "Token", verb: "Token") -> tuple["Token | None", str]:
    """The speaker of a present participle describing a noun (``a statement
    saying``, ``signs reading``): a speech noun's owner (``Trump’s tweet
    saying``); for an object, the subject of its verb, who issued or carried
    it (``she released a statement saying``, ``they carried signs saying``);
    else the noun itself, the participle's own subject (``a man shouting``).
    A past participle (``a plan called``, ``measures added by``) is passive:
    its noun is no speaker."""
    owner = owner_of_speech_noun(noun)
    if owner.i != noun.i:
        return owner, "speech-noun-owner"
    if verb.dep_ != "acl" or verb.tag_ != "VBG":
        return None, "none"
    if noun.dep_ == "dobj":
        issuer = _subject_child(noun.head)
        holder = owner_of_speech_noun(issuer) if issuer is not None else speaker_head(noun.head)[0]
        return (holder, "object-holder") if holder is not None else (None, "none")
    if noun.dep_ in ("nsubj", "ROOT", "appos", "conj"):
        return noun, "described-noun"
    return None, "none"


def _name_before_participle(verb: "Token") -> "Token | None":
    """``footage of Clinton asking``: a name right before a present participle
    is who does it, however the parser hung the participle (often on the main
    verb, whose subject, ``the ad``, said nothing)."""
    if verb.tag_ != "VBG" or verb.i == 0 or verb.dep_ not in ("xcomp", "advcl", "acl", "conj", "pcomp", "amod"):
        return None
    before = verb.doc[verb.i - 1]
    if before.ent_type_ == "PERSON" or (before.pos_ == "PROPN" and before.ent_type_ in ("", "ORG")):
        return before
    return None


_MODALS_THAT_ARE_NAMES = frozenset("may will".split())


def _name_before_bare_cue(verb: "Token") -> "Token | None":
    """A name right before a finite cue that the parser left without a
    subject: it hung the name elsewhere (``if he returned Owen said:``,
    ``a speech to the Centre Mr Straw said``) or read it as a modal (``May
    said``: a modal never comes before a past tense)."""
    if verb.tag_ not in ("VBD", "VBZ") or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.pos_ == "PROPN" and before.ent_type_ in ("PERSON", "", "ORG") and before.dep_ not in ("nsubj", "nsubjpass"):
        run = [t for t in before.lefts if t.dep_ == "compound"] + [before]
        if before.ent_type_ == "ORG" and len(run) > 1 and not any(t.lower_.rstrip(".") in HONORIFICS for t in run):
            return None  # "the Washington Post Trump": the tagger ran an outlet into a name; no way to cut it
        return before
    if before.lower_ in _MODALS_THAT_ARE_NAMES and before.text[:1].isupper() and verb.tag_ == "VBD":
        return before
    return None


_NOT_PEOPLE = frozenset(["GPE", "LOC", "FAC", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "DATE", "TIME"])


def _may_be_people(token: "Token") -> bool:
    return token.ent_type_ in ("PERSON", "NORP") or token.lemma_.lower() in SOURCE_NOUNS or token.tag_ in ("NNS", "NNPS")


def relative_antecedent(pronoun: "Token") -> "Token | None":
    """The speaker a relative pronoun subject stands for: ``the police, which
    reported``; or a relative clause hung elsewhere, ``turned to the police
    which reported``. None for any other token."""
    if pronoun.tag_ not in ("WDT", "WP"):
        return None
    verb = pronoun.head
    attached = verb.head if verb.dep_ == "relcl" else _noun_before(pronoun) if pronoun.i < verb.i else None
    return owner_of_speech_noun(_relative_antecedent(attached, pronoun)) if attached is not None else None


def _relative_antecedent(attached: "Token", pronoun: "Token") -> "Token":
    """``Democrats on Capitol Hill, who argued``: the parser hangs a relative
    clause on the nearest noun; ``who`` means people, so when that noun is a
    place, an institution or a thing inside a prepositional phrase, and the
    noun the phrase belongs to (or, where the phrase hangs on a verb, the noun
    right before it) can be people, that noun is the antecedent."""
    if pronoun.lower_ != "who" or attached.dep_ != "pobj" or _may_be_people(attached):
        return attached
    if not (attached.ent_type_ in _NOT_PEOPLE or (attached.pos_ == "NOUN" and attached.tag_ == "NN")):
        return attached
    preposition = attached.head
    holder = preposition.head if preposition.head.pos_ in ("NOUN", "PROPN") else _noun_before(preposition, over_comma=False)
    return holder if holder is not None and holder.i < preposition.i and _may_be_people(holder) else attached


def _noun_before(token: "Token", over_comma: bool = True) -> "Token | None":
    """The noun right before a token (a relative pronoun: over one comma), if any."""
    before = token.i - 1
    if over_comma and before >= 0 and token.doc[before].text == ",":
        before -= 1
    found = token.doc[before] if before >= 0 else None
    return found if found is not None and found.pos_ in ("NOUN", "PROPN") else None


def _noun_past_relative(verb: "Token") -> "Token | None":
    """The noun whose relative clause closes with a comma right before a
    subjectless cue: in ``"...," a spokesperson, who asked not to be named,
    said`` the parser may hang the noun on the quote and leave ``said`` bare."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != "," or verb.dep_ != "ROOT" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None  # a participle (", saying ...") takes its clause's subject, found by the climb below
    node = doc[verb.i - 2]
    for _ in range(8):
        if node.dep_ == "relcl":
            noun = node.head
            while noun.dep_ == "appos" and noun.head.i < noun.i:  # "Nate Silva, the analyst who founded it,"
                noun = noun.head
            return noun if noun.pos_ in ("NOUN", "PROPN") and noun.i < node.i else None
        if node.head is node or node.i == verb.i:
            return None
        node = node.head
    return None


# For a cue with no subject of its own, in order: who the parser hung elsewhere.
_SUBJECTLESS_RULES: tuple[tuple[str, Callable[["Token"], "Token | None"]], ...] = (
    ("inverted-object", _inverted_object), ("name-before-participle", _name_before_participle),
    ("name-before-cue", _name_before_bare_cue), ("subject-past-relative", _noun_past_relative),
)


def speaker_head(verb: "Token") -> tuple["Token | None", str]:
    """The token heading the speaker of a cue verb, and the rule that found it."""
    subject = _subject_child(verb)
    standing_for = relative_antecedent(subject) if subject is not None else None
    if standing_for is not None:
        return standing_for, "relative-subject"
    if subject is not None:
        return owner_of_speech_noun(subject), "subject" if subject.i < verb.i else "inverted-subject"
    for rule, find in _SUBJECTLESS_RULES:
        found = find(verb)
        if found is not None:
            return found, rule
    node = verb
    for _ in range(4):
        if node.dep_ not in ("advcl", "xcomp", "conj", "acl", "pcomp", "relcl", "prep", "advmod") or node.head is node:
            break
        head = node.head
        if head.pos_ in ("NOUN", "PROPN") and node.dep_ in ("acl", "relcl"):
            return _noun_speaker(head, node)
        subject = _subject_child(head)
        if subject is not None:
            return owner_of_speech_noun(subject), "clause-subject"
        inverted = _inverted_object(head) if node.dep_ in ("advcl", "xcomp", "conj") else None
        if inverted is not None:  # "“...,” said Skelly, explaining ...": Skelly explains
            return inverted, "clause-inverted-subject"
        node = head
    return None, "none"


def _according_to(doc: "Doc") -> Iterator[Cue]:
    for token in doc:
        if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
            continue
        to = doc[token.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if objects:
            yield Cue(token.i, token.idx, to.idx + len(to), owner_of_speech_noun(objects[0]).i, "according-to")


def find_cues(doc: "Doc", beliefs: bool = True, attitudes: bool = False) -> list[Cue]:
    """Every cue in a parsed chunk, in order, each with its kind."""
    cues = list(_according_to(doc))
    for token in doc:
        kind = cue_kind(token, beliefs, attitudes)
        if kind is None:
            continue
        particle = _phrasal_particle(token)
        end_token = particle if particle is not None and particle.i > token.i else token
        head, rule = speaker_head(token)
        if head is not None and head.lower_ in NON_SOURCES:
            head, rule = None, "none"
        cues.append(Cue(token.i, token.idx, end_token.idx + len(end_token), head.i if head is not None else None, rule, kind))
    return sorted(cues, key=lambda c: c.start)
