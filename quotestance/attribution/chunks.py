"""Long texts in bounded pieces: chunks of whole paragraphs under the parse
limits, parsed a bounded batch at a time, so that memory grows with the
chunk and the batch, never with the text.

A parse takes about 17 KB per token, so the limits count tokens as well as
characters: 100,000 characters of news are about 20,000 tokens, but 100,000
characters of nested marks (``“a ‘b “a ‘b``) are 67,000.

A chunk never cuts a quote; a paragraph longer than the limit is cut after a
full stop outside quotes where it can be. Each chunk's parse is dropped by
the pipeline as soon as its quotes are out.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from bisect import bisect_left
from itertools import islice
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple, Sequence

from ..errors import check_text
from .nlp import MAX_PARSE_CHARS
from .parsed import Alignment, parse_text
from .quotes import MarkedSpan, find_marked_spans
from .text import paragraphs

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Past this many tokens (estimated: words and punctuation marks) a run of
# paragraphs is parsed apart; PolNeAR's longest article has about 7,000.
MAX_PARSE_TOKENS = 25_000
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _tokens(text: str, start: int, end: int) -> int:
    """About how many tokens spaCy makes of ``text[start:end]``."""
    return sum(1 for _ in _TOKEN.finditer(text, start, end))


def _limit(text: str, start: int) -> int:
    """Where a chunk starting at ``start`` must end, at the latest."""
    for number, token in enumerate(_TOKEN.finditer(text, start, start + MAX_PARSE_CHARS), 1):
        if number > MAX_PARSE_TOKENS:
            return token.start()
    return start + MAX_PARSE_CHARS


def chunks(text: str, marked: Sequence[MarkedSpan]) -> list[tuple[int, int]]:
    """Runs of whole paragraphs under the parse limit, never cutting a quote
    (a paragraph over the limit is cut between sentences where it can be)."""
    found: list[tuple[int, int]] = []
    start = end = tokens = 0  # tokens: in text[start:end]
    starts = [m.start for m in marked]
    crossing = iter(m for m in marked if "\n" in text[m.start : m.end])
    current = next(crossing, None)
    for para_start, para_end in paragraphs(text):
        while current is not None and current.end <= para_start:
            current = next(crossing, None)
        inside_quote = current is not None and current.start < para_start < current.end
        more = _tokens(text, para_start, para_end)
        if end > start and (para_end - start > MAX_PARSE_CHARS or tokens + more > MAX_PARSE_TOKENS) and not inside_quote:
            found.append((start, end))
            start, tokens = para_start, 0
        if end == start:
            start, tokens = para_start, 0
        end, tokens = para_end, tokens + more
        while end - start > MAX_PARSE_CHARS or tokens > MAX_PARSE_TOKENS:  # one giant paragraph
            cut = _cut(text, start, marked, starts)
            found.append((start, cut))
            start, tokens = cut, tokens - _tokens(text, start, cut)
    if end > start:
        found.append((start, end))
    return found


def _cut(text: str, start: int, marked: Sequence[MarkedSpan], starts: Sequence[int]) -> int:
    """Where a chunk of one paragraph longer than the parse limits ends: after
    a sentence's full stop outside any quote, else at a space outside quotes,
    else at the last space, else at the limit."""
    limit = _limit(text, start)
    floor = start + (limit - start) // 2
    for needle in (". ", " "):
        at = text.rfind(needle, floor, limit)
        while at >= 0:
            cut = at + len(needle) - 1
            holder = bisect_left(starts, cut) - 1  # the last quote opening before the cut
            if holder < 0 or marked[holder].end <= cut:
                return cut
            at = text.rfind(needle, floor, marked[holder].start)
    cut = text.rfind(" ", start, limit)
    return cut if cut > start else limit


class Job(NamedTuple):
    """One chunk to parse, and where it belongs."""

    text: str  # the caller's text
    key: str  # the text as parsed (parsed.py); ``text`` itself when they agree
    alignment: Alignment | None
    offset: int  # where the chunk starts in ``key``
    remaining: int  # chunks of this text still to come
    marked: list[MarkedSpan]  # the chunk's marked quotes, chunk-relative


def jobs(texts: Iterable[str], can_hold: Callable[[str, list[MarkedSpan]], bool] | None = None) -> Iterator[tuple[str, Job]]:
    """(chunk text, job) for every chunk of every text, in order. A text that
    ``can_hold`` rules out becomes one empty chunk: nothing of it is parsed."""
    for raw in texts:
        text = check_text(raw)
        key, alignment = parse_text(text)
        marked = find_marked_spans(key)
        starts = [m.start for m in marked]
        skip = can_hold is not None and not can_hold(key, marked)
        pieces = [] if skip else chunks(key, marked)
        pieces = pieces or [(0, 0)]
        for number, (start, end) in enumerate(pieces):
            first = bisect_left(starts, start)
            local = [MarkedSpan(m.start - start, m.end - start, m.closed, m.double)
                     for m in marked[first : bisect_left(starts, end)] if m.end <= end]
            yield key[start:end], Job(text, key, alignment, start, len(pieces) - number - 1, local)


# At most this many characters and tokens are parsed at once (a longer chunk alone).
PARSE_BATCH_CHARS = MAX_PARSE_CHARS
PARSE_BATCH_TOKENS = MAX_PARSE_TOKENS


# Left to choose (``n_process=None``), a window holding a text of at least
# this many characters is parsed by several processes: below it, starting
# them costs more than they save, and most corpora never reach it.
PARALLEL_MIN_CHARS = 1_000_000
MAX_AUTO_PROCESSES = 4  # each holds its own parse: memory grows with them


def auto_processes() -> int:
    """Processes for a large text: the usable cores, at most four; one where
    workers would have to load the model afresh (no ``fork``) or this process
    may not start any (a daemon, such as a pool's worker)."""
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    if method != "fork" or multiprocessing.current_process().daemon:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_AUTO_PROCESSES))


def processes_for(n_process: int | None, longest_text: int) -> int:
    """The processes a window is parsed by: ``n_process`` when given; left to
    choose, ``auto_processes()`` for a text of ``PARALLEL_MIN_CHARS`` or more
    and one below."""
    if n_process is not None:
        return n_process
    return auto_processes() if longest_text >= PARALLEL_MIN_CHARS else 1


def parsed(language: "Language", work: Iterator[tuple[str, Job]], batch_size: int, n_process: int | None) -> Iterator[tuple["Doc", Job]]:
    """Each job's parse, in order, a window of jobs at a time: within a
    window, batches hold as many chunks as fit in ``PARSE_BATCH_CHARS`` and
    ``PARSE_BATCH_TOKENS``, parsed by ``processes_for`` processes."""
    workers = auto_processes() if n_process is None else n_process
    per_window = batch_size * (4 * workers if workers > 1 else 1)  # workers start once per window
    while window := list(islice(work, per_window)):
        longest = max(len(chunk) for chunk, _ in window)
        most = max(_tokens(chunk, 0, len(chunk)) for chunk, _ in window)
        size = max(1, min(batch_size, PARSE_BATCH_CHARS // max(1, longest), PARSE_BATCH_TOKENS // max(1, most)))
        wanted = processes_for(n_process, max(len(job.key) for _, job in window))
        processes = wanted if len(window) > size else 1
        # workers get the chunk and its number, never the job: a job holds the whole text
        numbered = ((chunk, number) for number, (chunk, _) in enumerate(window))
        for doc, number in language.pipe(numbered, as_tuples=True, batch_size=size, n_process=processes):
            yield doc, window[number][1]
