"""One frozen configuration for the quote pipeline, every default documented."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class Config:
    """Settings of :func:`quotestance.extract_quotes`.

    beliefs:   attribute belief verbs with a clause (``X believes that ...``) as
               indirect quotes. On by default: news reports beliefs as speech.
    attitudes: also attribute verbs of stance and intent with their object
               (``X endorsed gay marriage``, ``X wants to build a wall``), as
               PolNeAR annotates them. Off by default: they are not speech.
    keep_unattributed: keep marked quotes that read as speech but have no cue
               and no speaker (a quote-only paragraph with nobody before it),
               with ``speaker=None`` and ``source_kind="unknown"``. On by default.
    spacy_model: a spaCy model name; None picks en_core_web_sm.
    learned_reported: add the attributions that the learned reported-speech
               tagger finds and no rule does (reported speech without marks,
               noun cues, ``according to``, attitudes), speakers named by the
               rules; it reads en_core_web_sm's own vectors. Off by default:
               it learned PolNeAR's wide attribution, so beside speech it
               adds attitudes and inferences (``This suggests ...``), as on
               the seed article (README, "The learned reported-speech tagger").
    learned_model: a folder of a tagger trained by
               ``python -m quotestance.attribution.learned_train``; None is the
               one shipped in the package.
    """

    beliefs: bool = True
    attitudes: bool = False
    keep_unattributed: bool = True
    spacy_model: str | None = None
    learned_reported: bool = False
    learned_model: str | None = None

    def __post_init__(self) -> None:
        for name in ("beliefs", "attitudes", "keep_unattributed", "learned_reported"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidInputError(f"Config.{name} must be True or False")


DEFAULT = Config()
