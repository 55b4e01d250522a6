"""Attribution: text in, :class:`~quotestance.types.Quote` objects out.

Takes an article as a ``str`` (and an optional roster of known speakers);
gives every direct, mixed and indirect quote with its cue, speaker mention and
canonical speaker, each carrying offsets into the caller's text.
``pipeline.py`` composes the stages and reads like a table of contents:

- ``parsed``: the text spaCy reads (line breaks, a byte-order mark, accents in one form) and the way back
- ``quotes``: pairing quotation marks, per paragraph
- ``chunks``: long texts in chunks of paragraphs, parsed a bounded batch at a time
- ``nlp``: loading spaCy and walking its parse by character offset
- ``tree``: the parse as arrays, so that walks over it are bounded
- ``cues``: speech verbs, ``according to`` and the subject each cue points to
- ``speakers``: marked span -> cue -> speaker; scare quotes and titles out
- ``labels``: lines opening with ``Name:`` (transcripts, headlines)
- ``reported``: indirect quotes and the clause around mixed quotes
- ``mentions``: speaker mentions and unnamed sources
- ``coreference``, ``gender``, ``first_names``: pronouns -> named people
- ``aliases``: canonical names, spelling variants, the roster
- ``text``: quote-mark tables, paragraphs and folding keys
"""

from .pipeline import extract_many, extract_quotes, quotes_from_doc

__all__ = ["extract_many", "extract_quotes", "quotes_from_doc"]
