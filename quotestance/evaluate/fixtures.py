"""Labelled fixtures: gold quotes, speakers and stances for one article."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..corpus.inputs import read_text


def load_fixture(path: Path) -> dict[str, Any]:
    """A gold fixture (``seeds/seed_summit.json``) with its text loaded beside it."""
    fixture = json.loads(path.read_text(encoding="utf-8"))
    source = path.parent / Path(fixture["source"]).name
    fixture["text"] = read_text(source)  # the gold offsets index the file as it is
    return fixture
