"""Interchange: BBC citron's quote JSON and brat standoff.

Both formats carry character spans into the original text, so results open
in existing annotation tools and come back with the same offsets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..types import Quote, Span, Stance


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def to_citron(text: str, quotes: Sequence[Quote], stances: Sequence[Stance] | None = None) -> dict[str, Any]:
    """A citron document: ``{"text", "quotes": [{"cue", "sources", "contents", ...}]}``.

    quotestance adds ``kind``, ``speaker``, ``source_kind`` and ``evidence``
    (and ``stance`` when given); citron readers ignore keys they do not know.
    """
    out = []
    for index, quote in enumerate(quotes):
        item: dict[str, Any] = {
            "id": index,
            "cue": _span(quote.cue),
            "sources": [_span(quote.speaker_mention)] if quote.speaker_mention else [],
            "contents": [_span(quote.span)],
            "kind": quote.kind, "speaker": quote.speaker, "source_kind": quote.source_kind, "evidence": quote.evidence,
        }
        if stances is not None:
            item["stance"] = {"label": stances[index].label, "scores": dict(stances[index].scores)}
        out.append(item)
    return {"text": text, "quotes": out}


def from_citron(document: dict[str, Any]) -> list[Quote]:
    """Quotes back from a citron document; spans are re-sliced from its text."""
    text = document["text"]

    def span(item: dict[str, Any] | None) -> Span | None:
        return None if not item else Span.of(text, int(item["start"]), int(item["end"]))

    quotes = []
    for item in document.get("quotes", []):
        content = span(item["contents"][0])
        assert content is not None
        sources = item.get("sources") or [None]
        quotes.append(Quote(
            kind=item.get("kind", "direct"), start=content.start, end=content.end, text=content.text,
            cue=span(item.get("cue")), speaker_mention=span(sources[0]), speaker=item.get("speaker"),
            source_kind=item.get("source_kind", "unknown"), evidence=item.get("evidence", "citron"),
        ))
    return quotes


def to_brat(quotes: Sequence[Quote]) -> str:
    """brat standoff with PolNeAR's labels: Content, Cue, Source, linked by E lines."""
    lines: list[str] = []
    number = 0

    def entity(label: str, span: Span) -> str:
        nonlocal number
        number += 1
        safe = span.text.replace("\n", " ")
        lines.append(f"T{number}\t{label} {span.start} {span.end}\t{safe}")
        return f"T{number}"

    for index, quote in enumerate(quotes, start=1):
        parts = [f"Content:{entity('Content', quote.span)}"]
        if quote.cue is not None:
            parts.append(f"Cue:{entity('Cue', quote.cue)}")
        if quote.speaker_mention is not None:
            parts.append(f"Source:{entity('Source', quote.speaker_mention)}")
        anchor = entity("Attribution", quote.cue or quote.span)
        lines.append(f"E{index}\tAttribution:{anchor} " + " ".join(parts))
    return "\n".join(lines) + ("\n" if lines else "")


def write_brat(folder: Path, name: str, text: str, quotes: Sequence[Quote]) -> tuple[Path, Path]:
    """``name.txt`` and ``name.ann`` side by side, as brat expects."""
    folder.mkdir(parents=True, exist_ok=True)
    text_path, ann_path = folder / f"{name}.txt", folder / f"{name}.ann"
    text_path.write_text(text, encoding="utf-8", newline="")
    ann_path.write_text(to_brat(quotes), encoding="utf-8")
    return text_path, ann_path
