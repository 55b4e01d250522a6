"""Documents that cannot hold an attribution, told without parsing them.

Every quote the pipeline gives starts from a quotation mark (a marked span),
a ``Name:`` label (a colon) or a cue: a token whose lemma is a verb of the
lexicons in ``cues.py`` or ``according``. A text with none of these gets no
quote, so its parse can be skipped. The test is exact, not a guess: the cue
words are every form that spaCy's own lemmatizer tables (its rules, its
exceptions, the attribute ruler's lemmas, the tokenizer's special cases) can
turn into a lexicon lemma, and a text is skipped only when none of them
occurs.

Why whole documents, and not paragraphs: the pipeline reads names from every
paragraph, not only those with quotes. A lede's ``Donald Trump`` is what a
later ``Trump said`` is canonicalised to; genders come from every mention of
a surname, and a pronoun from the names before it. Skipping the parse of a
quote-free paragraph inside a quoted article would change those answers, and
on news most characters sit in paragraphs that can hold a quote anyway (84%
on PolNeAR dev; ``docs/scaling.md``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from ..config import Config
from .cues import ATTITUDE_VERBS, BELIEF_VERBS, PHRASAL_CUES, SPEECH_VERBS
from .mentions import STRONG_SPEECH_VERBS
from .quotes import MarkedSpan

if TYPE_CHECKING:
    from spacy.language import Language

_WORDS = re.compile(r"[^\W\d_]+")


def cue_lemmas(config: Config) -> frozenset[str]:
    """Lemmas that can make a cue under ``config``."""
    lemmas = set(SPEECH_VERBS) | set(STRONG_SPEECH_VERBS) | {verb for verb, _ in PHRASAL_CUES} | {"put", "quote", "according"}
    if config.beliefs:
        lemmas |= BELIEF_VERBS
    if config.attitudes:
        lemmas |= ATTITUDE_VERBS
    return frozenset(lemmas)


def _inflections(lemma: str, rules: Iterable[Sequence[str]]) -> set[str]:
    """Strings the rule lemmatizer maps to ``lemma``: it strips ``old`` and adds ``new``."""
    forms = {lemma}
    for old, new in rules:
        if lemma.endswith(new):
            forms.add(lemma[: len(lemma) - len(new)] + old)
    return forms


@lru_cache(maxsize=8)
def cue_forms(nlp: "Language", lemmas: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(lower-case words, substrings): a text holds a cue only if one of its
    words is among the first or it contains one of the second (a tokenizer
    special case such as ``gonna`` that splits out a cue's form)."""
    forms = set(lemmas)
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        rules, exceptions = lookups.get_table("lemma_rules", {}), lookups.get_table("lemma_exc", {})
        for pos in rules:
            for lemma in lemmas:
                forms |= _inflections(lemma, rules[pos])
        for pos in exceptions:
            forms |= {word for word, found in exceptions[pos].items() if lemmas.intersection(found)}
    if "attribute_ruler" in nlp.pipe_names:
        for pattern in nlp.get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
            if str(pattern["attrs"].get("LEMMA", "")).lower() in lemmas:
                for tokens in pattern["patterns"]:
                    forms |= {str(t.get("LOWER", t.get("ORTH", ""))).lower() for t in tokens if isinstance(t, dict)}
    forms = {f.lower() for f in forms if f}
    specials = tuple(sorted({key.lower() for key, pieces in nlp.tokenizer.rules.items()  # type: ignore[union-attr]
                            if any(str(p.get(65, "")).lower() in forms for p in pieces)}))  # 65: spacy.attrs.ORTH
    return frozenset(forms), specials


def can_hold_attribution(text: str, marked: Sequence[MarkedSpan], nlp: "Language", config: Config) -> bool:
    """Whether the pipeline could find any quote in ``text``; False only when it cannot."""
    if marked or ":" in text:
        return True
    words, specials = cue_forms(nlp, cue_lemmas(config))
    lower = text.lower()
    return any(word in words for word in _WORDS.findall(lower)) or any(s in lower for s in specials)
