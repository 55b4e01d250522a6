"""Test doubles shared by the corpus tests, in a module of their own so that
Ray workers can load them (the tests register it to travel by value)."""

from __future__ import annotations

import json
from pathlib import Path

from quotestance import Stance

L, R = "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}"


class KeywordStance:
    """favor for 'great', against for 'disaster', else neutral; raises on 'explode'."""

    def predict(self, quotes, target, contexts=None):
        out = []
        for quote in quotes:
            text = getattr(quote, "text", quote)
            if "explode" in text:
                raise ValueError("this quote breaks the model")
            label = "favor" if "great" in text else "against" if "disaster" in text else "neutral"
            out.append(Stance(label, {k: (0.8 if k == label else 0.1) for k in ("favor", "against", "neutral")}))
        return out


class Interrupted(BaseException):
    """Stands for a Ctrl-C or a killed worker: nothing in quotestance catches it."""


class InterruptOnce(KeywordStance):
    """Interrupts the first time it sees a quote with 'interrupt', while ``marker`` does not exist yet."""

    def __init__(self, marker: str):
        self.marker = marker

    def predict(self, quotes, target, contexts=None):
        if any("interrupt" in getattr(q, "text", q) for q in quotes) and not Path(self.marker).exists():
            Path(self.marker).write_text("interrupted once")
            raise Interrupted()
        return super().predict(quotes, target, contexts)


def corpus(n: int = 12) -> list[dict]:
    """Small articles with dates, speakers named differently across articles, and quotes of each stance."""
    speakers = ["Barack Obama", "Obama", "Maria Lopez", "Tom Reed"]
    words = ["a disaster for workers", "great news for the state", "fine", "about to interrupt the count"]
    docs = []
    for i in range(n):
        speaker, said = speakers[i % 4], words[i % 4]
        text = (f"The council met on day {i}.\n{L}This plan is {said},{R} {speaker} said.\n"
                f"Nothing else happened.\n{L}We will see,{R} said Anna Berg, a councillor.")
        docs.append({"id": f"doc{i:02d}", "date": f"2016-03-{1 + i % 28:02d}", "text": text})
    return docs


def write_jsonl(path: Path, docs: list[dict], extra: bytes = b"") -> Path:
    path.write_bytes(b"".join(json.dumps(d).encode("utf-8") + b"\n" for d in docs) + extra)
    return path
