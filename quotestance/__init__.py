"""quotestance: who said what in the news, and with which stance toward a target.

    >>> import quotestance
    >>> quotes = quotestance.extract_quotes(article_text)   # doctest: +SKIP

Heavy libraries (spaCy, torch, transformers, pandas, matplotlib) load on
first use, never at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .attribution.aliases import Roster
from .attribution.pipeline import extract_many, extract_quotes
from .config import Config
from .errors import InvalidInputError, ModelNotFoundError, QuotestanceError
from .types import Quote, Span, Stance

if TYPE_CHECKING:
    from .corpus.frames import to_dataframe
    from .corpus.runs import RunSummary, read_results
    from .corpus.track import track
    from .stance.classifiers import StanceClassifier, TransformerStance, ZeroShotStance

__version__ = "0.1.0"
_LAZY = {
    "TransformerStance": "stance.classifiers", "ZeroShotStance": "stance.classifiers",
    "StanceClassifier": "stance.classifiers",
    "to_dataframe": "corpus.frames", "read_quotes": "corpus.frames", "track": "corpus.track",
    "stance_over_time": "corpus.summary", "speaker_summary": "corpus.summary",
    "plot_timeline": "corpus.plots", "plot_speakers": "corpus.plots",
    "to_citron": "corpus.exports", "from_citron": "corpus.exports", "to_brat": "corpus.exports",
    "read_results": "corpus.runs", "RunSummary": "corpus.runs",
}

__all__ = [
    "Config", "InvalidInputError", "ModelNotFoundError", "Quote", "QuotestanceError", "Roster", "Span", "Stance",
    "extract_many", "extract_quotes", *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'quotestance' has no attribute {name!r}")
