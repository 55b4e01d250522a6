"""quotestance: who said what in the news, and with which stance toward a target.

    >>> import quotestance
    >>> quotes = quotestance.extract_quotes(article_text)   # doctest: +SKIP

Heavy libraries (spaCy, torch, transformers, pandas, matplotlib) load on
first use, never at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .aliases import Roster
from .config import Config
from .errors import InvalidInputError, ModelNotFoundError, QuotestanceError
from .pipeline import extract_many, extract_quotes
from .types import Quote, Span, Stance

if TYPE_CHECKING:
    from .stance import StanceClassifier, TransformerStance, ZeroShotStance

__version__ = "0.1.0"
_LAZY = {
    "TransformerStance": "stance", "ZeroShotStance": "stance", "StanceClassifier": "stance",
    "to_dataframe": "frames", "track": "tracking",
    "stance_over_time": "summary", "speaker_summary": "summary", "plot_timeline": "plots", "plot_speakers": "plots",
    "to_citron": "io", "from_citron": "io", "to_brat": "io",
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
