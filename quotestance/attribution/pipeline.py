"""The quote pipeline, stage by stage:

0. ``parsed.parse_text``          the text as parsed (line breaks, accents in one form)
1. ``quotes.find_marked_spans``   pair quotation marks (per paragraph)
   ``prefilter``                  a text with no mark, colon or cue word is not parsed
2. ``chunks.parsed``              parse, in chunks of whole paragraphs, a bounded batch at a time
3. ``cues.find_cues``             speech verbs, ``according to``, and their subjects
4. ``speakers.attribute_marked``  marked span -> cue -> speaker head; drop non-speech
   ``labels.find_labelled``       lines opening with ``Name:`` (transcripts, headlines)
5. ``reported.find_reported``     indirect quotes; the clause around mixed quotes
   ``learned.proposals``          the learned tagger's attributions where no rule quote lies
6. ``coreference.antecedent``     pronouns -> an earlier named mention
7. ``aliases.canonical_names``    mention -> canonical speaker (roster first)
8. ``parsed.to_original``         offsets back into the caller's text
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Sequence

from .aliases import Roster, acronym_expansions, canonical_for, canonical_names, expand_acronym
from .chunks import jobs, parsed
from ..config import DEFAULT, Config
from .coreference import Named, antecedent, named_mentions
from .cues import find_cues, relative_antecedent
from .labels import Labelled, find_labelled
from .mentions import HONORIFICS, INDEFINITE_PRONOUNS, ORG_LABELS, SOURCE_NOUNS, mention_at, mention_kind, untagged_person_name
from .nlp import load_spacy, text_of
from .parsed import to_original
from .prefilter import can_hold_attribution
from .quotes import MarkedSpan, find_marked_spans
from .reported import clause_of, find_reported, phrase_after
from .speakers import Attribution, attribute_marked
from .text import MARKS_AND_SPACE, paragraphs, without_the
from ..types import Quote, SourceKind, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

RosterLike = Roster | Mapping[str, Sequence[str]] | str | Path | None  # a path: a JSON roster file


@dataclass(frozen=True, slots=True)
class _Draft:
    """A quote before its speaker is named: chunk-relative, with its parse."""

    kind: str
    start: int
    end: int
    cue: tuple[int, int] | None
    head: int | None
    rule: str
    clause: tuple[int, int] | None
    label_start: int | None = None  # a speaker label's mention starts here (labels.py)


def _local_paragraphs(text: str) -> list[tuple[int, int]]:
    return list(paragraphs(text)) or [(0, len(text))]


def _drafts(doc: "Doc", marked: Sequence[MarkedSpan], config: Config) -> list[_Draft]:
    """Stages 3-5 over one parsed chunk."""
    cues = find_cues(doc, config.beliefs, config.attitudes)
    paragraph_spans = _local_paragraphs(text_of(doc))
    attributions = attribute_marked(doc, marked, cues, paragraph_spans, config.keep_unattributed)
    labelled = _labelled_lines(doc, paragraph_spans, attributions)
    attributions, inside = _split_by_line(attributions, labelled)
    used = {a.cue.verb for a in attributions if a.cue is not None}
    drafts = [_from_attribution(doc, a) for a in attributions]
    drafts += [draft for line in labelled for draft in _label_drafts(line, inside.get(line, []))]
    # a clause holding only a title or scare quote ("a class, “Perceptions 301,” because") can still be reported speech;
    # one inside a labelled line is that line's speaker's
    speech = sorted([a.span for a in attributions] + [MarkedSpan(line.start, line.end, True, True) for line in labelled],
                    key=lambda span: span.start)
    for reported in find_reported(doc, cues, speech, used, config.attitudes):
        drafts.append(_Draft("indirect", reported.start, reported.end, (reported.cue.start, reported.cue_end),
                             reported.cue.subject, f"{reported.rule}:{reported.cue.rule}", None))
    if config.learned_reported:
        drafts = _with_learned(doc, drafts, marked, config)
    return sorted(drafts, key=lambda d: d.start)


def _with_learned(doc: "Doc", drafts: Sequence[_Draft], marked: Sequence[MarkedSpan], config: Config) -> list[_Draft]:
    """The rules' drafts and the learned tagger's attributions that overlap
    no rule quote and are not mostly a marked span (marks are the rules':
    they drop titles and scare quotes on purpose), each with a source for
    the rules to name. A rule quote with no speaker that a learned
    attribution overlaps takes that attribution's source (``"...," said
    Flynn, a top Trump surrogate``, where the rules find no subject)."""
    from .learned import proposals

    taken = [(d.start, d.end) for d in drafts] + [d.clause for d in drafts if d.clause is not None]
    out = list(drafts)
    for start, end, cue, head in proposals(doc, config.learned_model):
        overlapping = [i for i, d in enumerate(out[: len(drafts)]) if d.start < end and start < d.end]  # rule drafts only
        if len(overlapping) == 1 and out[overlapping[0]].head is None:
            draft = out[overlapping[0]]
            out[overlapping[0]] = replace(draft, head=head, cue=draft.cue or cue, rule=f"{draft.rule}+learned-source")
            continue
        in_marks = sum(max(0, min(end, m.end) - max(start, m.start)) for m in marked)
        if not any(a < end and start < b for a, b in taken) and 2 * in_marks < end - start:
            out.append(_Draft("indirect", start, end, cue, head, "learned", None))
    return out


def _line_holding(lines: Sequence[Labelled], starts: Sequence[int], span: MarkedSpan) -> Labelled | None:
    """The labelled line (sorted by start, disjoint) that holds ``span``, if any."""
    index = bisect_right(starts, span.start) - 1
    if index < 0:
        return None
    line = lines[index]
    # marks opening a transcript's turn (`"WALLACE: ...`) are the turn's, however far they run
    return line if span.end <= line.end or span.start == line.opening else None


def _split_by_line(attributions: Sequence[Attribution], lines: Sequence[Labelled]) -> tuple[list[Attribution], dict[Labelled, list[MarkedSpan]]]:
    """(attributions outside the labelled lines, the marked spans inside each):
    marked speech in a labelled line is its speaker's."""
    starts = [line.begin for line in lines]
    outside: list[Attribution] = []
    inside: dict[Labelled, list[MarkedSpan]] = {}
    for attribution in attributions:
        line = _line_holding(lines, starts, attribution.span)
        if line is None:
            outside.append(attribution)
        else:
            inside.setdefault(line, []).append(attribution.span)
    return outside, inside


def _labelled_lines(doc: "Doc", paragraph_spans: Sequence[tuple[int, int]], attributions: Sequence[Attribution]) -> list[Labelled]:
    """Speaker-labelled lines, less those quoting someone through a speech verb
    of their own (``Trump: Clinton said “...”`` keeps Clinton's quote)."""
    lines = find_labelled(doc, paragraph_spans)
    starts = [line.begin for line in lines]
    by_verb = set()
    for attribution in attributions:
        line = _line_holding(lines, starts, attribution.span)
        cue = attribution.cue
        if line is not None and cue is not None and attribution.rule.startswith("cue:") and line.start <= cue.start < line.end:
            by_verb.add(line)
    return [line for line in lines if line not in by_verb]


def _label_drafts(line: Labelled, inner: Sequence[MarkedSpan]) -> list[_Draft]:
    """A labelled line's quotes, its kind following the marked speech inside
    it (``inner``: titles and scare quotes already left out): wholly in marks
    (or opened by a mark before its label), direct; marked words inside it, mixed quotes with the line as their
    clause; none (a transcript's turn, a headline's claim), indirect."""
    cue = (line.colon, line.colon + 1)
    if line.opening is not None or (len(inner) == 1 and (inner[0].start, inner[0].end) == (line.start, line.end)):
        return [_Draft("direct", line.start, line.end, cue, line.head, "speaker-label", None, line.speaker_start)]
    if inner:
        return [_Draft("mixed", m.start, m.end, cue, line.head, "speaker-label", (line.start, line.end), line.speaker_start)
                for m in inner]
    return [_Draft("indirect", line.start, line.end, cue, line.head, "speaker-label", None, line.speaker_start)]


def _from_attribution(doc: "Doc", attribution: Attribution) -> _Draft:
    span, cue = attribution.span, attribution.cue
    clause = None
    if cue is not None and attribution.kind == "mixed":
        found = clause_of(doc, cue)
        words_start = span.end - len(text_of(doc)[span.start : span.end].lstrip(MARKS_AND_SPACE))
        if found and found[0] <= words_start < found[1]:
            # the clause may start after the opening mark ("that “race still ...") or end before the closing one
            clause = (min(found[0], span.start), max(found[1], span.end))
        else:
            clause = phrase_after(doc, cue, span.start, span.end)
    cue_span = (cue.start, cue.end) if cue is not None else (
        (attribution.cue_start, attribution.cue_end) if attribution.cue_start is not None and attribution.cue_end is not None else None)
    return _Draft(attribution.kind, span.start, span.end, cue_span, attribution.speaker_head, attribution.rule, clause)


def _speaker(doc: "Doc", head: int | None, names: Sequence[Named], starts: Sequence[int],
             marked: bool = False, quoted: Sequence[tuple[int, int]] = ()) -> tuple[tuple[int, int] | None, str | None, SourceKind, str]:
    """(mention span, name text or None, source kind, evidence suffix). A
    marked quote under a pronoun takes the name that governs it (``marked``)."""
    if head is None:
        return None, None, "unknown", ""
    token = doc[head]
    mention = mention_at(token)
    if mention.kind == "pronoun":
        if token.lower_ in INDEFINITE_PRONOUNS:
            return (mention.start, mention.end), None, "unnamed", ""
        standing_for = relative_antecedent(token)
        if standing_for is not None:  # a learned source "who": the noun its clause hangs on, not the last name before it
            found = _speaker(doc, standing_for.i, names, starts, quoted=quoted)
            return (mention.start, mention.end), found[1], found[2], found[3] + "+relative"
        named = antecedent(token, names, starts, quoted)
        if named is None:
            return (mention.start, mention.end), None, "unknown", "+unresolved-pronoun"
        kind: SourceKind = "person" if named.label == "PERSON" else "organization"
        outer = _naming_subject(token, named, names, starts) if marked else None
        if outer is not None:  # "Clinton says she believes ...": the name that says it, not the pronoun under it
            return outer, named.full_name or named.text, kind, f"+pronoun->{named.text}+outer-subject"
        return (mention.start, mention.end), named.full_name or named.text, kind, f"+pronoun->{named.text}"
    if mention.kind == "noun":
        apposition = next((c for c in token.rights if c.dep_ == "appos" and (c.ent_type_ in ("PERSON", "ORG") or untagged_person_name(c))), None)
        if apposition is not None:  # "her son John Schlafly said", "the campaign's chairman, Paul Manafort, said"
            found = _speaker(doc, apposition.i, names, starts, quoted=quoted)
            return found[0], found[1], found[2], found[3] + "+apposition"
        return (mention.start, mention.end), None, "unnamed", ""
    text = text_of(doc)[mention.start : mention.end]
    covering = _covering_name(token, names, starts)
    is_person = covering is not None and covering.label == "PERSON"
    is_org = token.ent_type_ in ORG_LABELS or (covering is not None and covering.label == "ORG")
    if covering is not None and is_person and covering.full_name:
        text = covering.full_name  # "Mrs. Schlafly" -> the one woman of that surname named here
    elif covering is not None and mention.start < covering.start:
        text = text_of(doc)[covering.start : mention.end]  # Former New York Mayor Rudy Giuliani -> Rudy Giuliani
    else:  # no name found around it: lower-case role words before the head (host, economist) are not the name
        lead = next((t for t in doc.char_span(mention.start, mention.end) or [token]
                     if t.i <= token.i and not (t.is_lower and t.pos_ != "PROPN")), token)
        if lead.i < token.i and lead.lower_.rstrip(".") in HONORIFICS:
            lead = doc[lead.i + 1]  # "Mr Straw" -> "Straw", as the tagger's names lose their titles
        text = text_of(doc)[lead.idx : mention.end]
    return (mention.start, mention.end), text, "organization" if is_org and not is_person else "person", ""


def _covering_name(token: "Token", names: Sequence[Named], starts: Sequence[int]) -> Named | None:
    """The name found in the text (``names``, sorted by ``starts``) that holds the token, if any."""
    index = bisect_right(starts, token.idx) - 1
    return names[index] if index >= 0 and token.idx < names[index].end else None


# The links from a clause (or a phrase inside it) up to the word that governs it.
_GOVERNED = ("ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "pobj", "prep")


def _naming_subject(pronoun: "Token", named: Named, names: Sequence[Named], starts: Sequence[int]) -> tuple[int, int] | None:
    """The mention of the subject of a verb that governs the pronoun's own verb
    in the same sentence (``Lynch said she recalled``, ``Ban condemned what he
    called``) when it names the person the pronoun resolved to: the
    attribution is that person's, and the name is its mention."""
    node = pronoun.head
    for _ in range(4):
        if node.dep_ not in _GOVERNED or node.head is node:
            return None
        node = node.head
        subject = next((child for child in node.children if child.dep_ == "nsubj"), None)
        if subject is None:
            continue
        if subject.i > pronoun.i or mention_kind(subject) != "name":
            return None
        covering = _covering_name(subject, names, starts)
        if covering is None or (covering is not named and (covering.full_name or covering.text) != (named.full_name or named.text)):
            return None
        mention = mention_at(subject)  # with the whole name the subject is part of ("Ban Ki-moon", split at its hyphen)
        return min(mention.start, covering.start), max(mention.end, covering.end)
    return None


def _label_speaker(doc: "Doc", head: int, mention_start: int) -> tuple[tuple[int, int] | None, str | None, SourceKind, str]:
    """A speaker label names its source by itself, from ``mention_start`` to
    its head: a source noun last (Poll, Clinton camp) is an unnamed source, a
    body's name an organization, anything else a person (the tagger reads
    TAPPER, or a lone Trump at a line's start, as a common noun)."""
    token = doc[head]
    end = token.idx + len(token)
    if token.lower_ in SOURCE_NOUNS:
        return (mention_start, end), None, "unnamed", ""
    kind: SourceKind = "organization" if token.ent_type_ in ORG_LABELS else "person"
    return (mention_start, end), text_of(doc)[mention_start:end], kind, ""


def _finish(text: str, offset: int, doc: "Doc", drafts: Sequence[_Draft], names: Sequence[Named],
            quoted: Sequence[tuple[int, int]] = ()) -> list[tuple[Quote, str | None]]:
    out = []
    starts = [n.start for n in names]
    speakers: dict[tuple[int | None, bool], tuple[tuple[int, int] | None, str | None, SourceKind, str]] = {}  # one lookup per head
    for draft in drafts:
        if draft.label_start is not None and draft.head is not None:
            mention, name, kind, note = _label_speaker(doc, draft.head, draft.label_start)
        else:
            key = (draft.head, draft.kind != "indirect")
            if key not in speakers:
                speakers[key] = _speaker(doc, draft.head, names, starts, marked=key[1], quoted=quoted)
            mention, name, kind, note = speakers[key]
        if mention and name is not None and draft.cue and draft.rule.endswith("relative-subject"):
            mention = _relative_pronoun(doc, draft.cue[0]) or mention  # an unnamed source keeps its noun: it says who
        if mention and draft.cue and mention[0] < draft.cue[1] <= mention[1]:
            # "Said Ellis:" parsed as one name: the cue is not part of the speaker
            trimmed = draft.cue[1] + len(text_of(doc)[draft.cue[1] : mention[1]]) - len(text_of(doc)[draft.cue[1] : mention[1]].lstrip())
            mention = (trimmed, mention[1]) if trimmed < mention[1] else mention
            name = text_of(doc)[mention[0] : mention[1]] if name is not None and kind == "person" else name

        def span(pair: tuple[int, int] | None) -> Span | None:
            return Span.of(text, pair[0] + offset, pair[1] + offset) if pair else None

        quote = Quote(
            kind=draft.kind,  # type: ignore[arg-type]
            start=draft.start + offset, end=draft.end + offset, text=text[draft.start + offset : draft.end + offset],
            cue=span(draft.cue), speaker_mention=span(mention), speaker=None, source_kind=kind,
            evidence=draft.rule + note, clause=span(draft.clause),
        )
        out.append((quote, name))
    return out


def _relative_pronoun(doc: "Doc", cue_start: int) -> tuple[int, int] | None:
    """The relative pronoun that is the cue's subject (``Mr. Kamin, who
    emphasized``): the named speaker's mention in the text, as a personal
    pronoun is, while the speaker is the name it stands for."""
    cue = doc.char_span(cue_start, cue_start + 1, alignment_mode="expand")
    if cue is None:
        return None
    subject = next((c for c in cue[0].children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT")), None)
    return (subject.idx, subject.idx + len(subject)) if subject is not None else None


def _canonicalise(found: list[tuple[Quote, str | None]], names: list[tuple[str, str]], roster: Roster) -> list[Quote]:
    """Canonical speakers from raw names; ``names``: the document's (text, label) names."""
    person_names = [text for text, label in names if label == "PERSON"]
    mapping = canonical_names(person_names + [n for q, n in found if n and q.source_kind == "person"], roster)
    expansions = acronym_expansions([text for text, label in names if label == "ORG"])
    quotes = []
    for quote, name in found:
        if name is None:
            quotes.append(quote)
            continue
        if quote.source_kind == "organization" and roster.lookup(name):
            quote = replace(quote, source_kind="person")  # the roster lists it: canonical_for names it
        if quote.source_kind == "person":
            speaker = canonical_for(name, mapping, roster)
        else:
            speaker = without_the(name)
        if not roster.lookup(speaker):
            speaker = expand_acronym(speaker, expansions)
        quotes.append(replace(quote, speaker=speaker))
    return quotes


def extract_quotes(text: str, roster: RosterLike = None, *, config: Config = DEFAULT, nlp: "Language | None" = None,
                   n_process: int | None = None) -> list[Quote]:
    """Every direct, mixed and indirect quote in ``text``, in document order.

    A text of a million characters or more is parsed by several processes
    (``n_process=None``: the usable cores, at most four, where processes
    fork); ``n_process=1`` keeps it in this one. The output is the same.

    >>> [q.speaker for q in extract_quotes('“We will win,” Maria Lopez said.')]
    ['Maria Lopez']
    """
    return next(iter(extract_many([text], roster, config=config, nlp=nlp, n_process=n_process)))


def extract_many(texts: Iterable[str], roster: RosterLike = None, *, config: Config = DEFAULT,
                 nlp: "Language | None" = None, batch_size: int = 16, n_process: int | None = None) -> Iterator[list[Quote]]:
    """``extract_quotes`` over many texts, parsing them in batches (streamed).

    A long text is parsed in chunks of whole paragraphs, and no more than
    ``PARSE_BATCH_CHARS`` characters (or one chunk) are parsed at once, so
    memory grows with the chunk, not with the text or the batch.
    ``n_process``: spaCy's processes; ``None`` lets ``chunks.processes_for``
    choose (several only for a text of a million characters or more)."""
    language = nlp or load_spacy(config.spacy_model)
    roster_obj = Roster.coerce(roster)
    found: list[tuple[Quote, str | None]] = []
    names: list[tuple[str, str]] = []

    def can_hold(key: str, marked: list[MarkedSpan]) -> bool:  # no mark, colon or cue: nothing to parse
        return can_hold_attribution(key, marked, language, config)

    for doc, job in parsed(language, jobs(texts, can_hold), batch_size, n_process):
        chunk_found, chunk_names = _chunk_quotes(job.key, job.offset, doc, job.marked, config)
        del doc  # the parse goes as soon as its quotes are out
        found.extend(chunk_found)
        names.extend(chunk_names)
        if job.remaining == 0:
            quotes = _canonicalise(found, names, roster_obj)
            if job.key is not job.text:
                quotes = [to_original(quote, job.text, job.alignment) for quote in quotes]
            yield quotes
            found, names = [], []


def _chunk_quotes(text: str, offset: int, doc: "Doc", local: Sequence[MarkedSpan], config: Config) -> tuple[list[tuple[Quote, str | None]], list[tuple[str, str]]]:
    """Stages 3-6 over one parsed chunk: quotes with their raw speaker names,
    and the chunk's names (text, ``PERSON`` or ``ORG``) for stage 7."""
    quoted = [(m.start, m.end) for m in local]
    names = named_mentions(doc, quoted)
    found = _finish(text, offset, doc, _drafts(doc, local, config), names, quoted)
    return found, [(n.text, n.label) for n in names]


def quotes_from_doc(doc: "Doc", roster: RosterLike = None, config: Config = DEFAULT) -> list[Quote]:
    """The pipeline over a Doc someone already parsed (the spaCy component)."""
    text = doc.text
    found, names = _chunk_quotes(text, 0, doc, find_marked_spans(text), config)
    return _canonicalise(found, names, Roster.coerce(roster))
