"""Shared fixtures: the spaCy model and the seed, loaded once per run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (ROOT / "seeds" / "trump_putin_budapest_summit.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((ROOT / "seeds" / "seed_summit.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_quotes(seed_text, seed_gold):
    from quotestance import extract_quotes

    return extract_quotes(seed_text, roster=seed_gold["speakers"])


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora sit beside the project root only in the team's checkout")
    return path
