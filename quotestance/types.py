"""Frozen result types. Every span is sliced from the caller's text, so its
text can never disagree with its offsets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

QuoteKind = Literal["direct", "mixed", "indirect"]
SourceKind = Literal["person", "organization", "unnamed", "unknown"]
StanceLabel = Literal["favor", "against", "neutral"]
STANCE_LABELS: tuple[StanceLabel, ...] = ("favor", "against", "neutral")
OFF_TOPIC = "unrelated"  # a model label for texts about something else; it counts as neutral unless on_topic


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the original text: ``text == original[start:end]``."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}:{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span text {self.text!r} does not fit {self.start}:{self.end}")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        """Slice ``text`` so the span's text and offsets always agree."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span {start}:{end} lies outside a text of {len(text)} characters")
        return cls(start, end, text[start:end])

    def overlap(self, other: "Span") -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed quote.

    ``start``/``end``/``text``: for direct and mixed quotes the marked span,
    marks included; for indirect quotes the reported clause. ``clause`` is the
    whole reported clause around a mixed quote (what annotators such as PolNeAR
    call the content), when the parse finds one. ``evidence`` names the rule
    that made the attribution, so error analysis is a ``groupby``.
    """

    kind: QuoteKind
    start: int
    end: int
    text: str
    cue: Span | None = None
    speaker_mention: Span | None = None
    speaker: str | None = None
    source_kind: SourceKind = "unknown"
    evidence: str = "none"
    clause: Span | None = None

    def __post_init__(self) -> None:
        if len(self.text) != self.end - self.start or self.start < 0:
            raise ValueError(f"quote text does not fit {self.start}:{self.end}")

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    @property
    def content(self) -> Span:
        """The reported content: the clause for mixed quotes, else the quote."""
        return self.clause if self.clause is not None else self.span


@dataclass(frozen=True, slots=True)
class Stance:
    """A stance toward a target, with a probability for each label."""

    label: StanceLabel
    scores: Mapping[StanceLabel, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.label not in STANCE_LABELS:
            raise ValueError(f"stance label must be one of {STANCE_LABELS}, not {self.label!r}")
        if set(self.scores) - set(STANCE_LABELS):
            raise ValueError(f"unknown stance labels in scores: {sorted(self.scores)}")
