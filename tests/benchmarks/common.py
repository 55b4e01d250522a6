"""Helpers shared by the benchmark scripts (not tests: they print figures)."""

from __future__ import annotations

import resource
from pathlib import Path

POLNEAR = Path(__file__).resolve().parents[3] / "shared" / "research" / "data" / "polnear" / "data"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def polnear_texts(split: str = "train", limit: int | None = None) -> list[str]:
    folder = POLNEAR / split / "text"
    if not folder.exists():
        raise SystemExit(f"{folder} is absent: the benchmark reads PolNeAR from shared/ beside the project")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:limit]]
