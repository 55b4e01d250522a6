"""The learned reported-speech tagger: attributions the rules miss.

A small BiLSTM reads, paragraph by paragraph, the vectors that the spaCy
pipeline's own ``tok2vec`` already computed (``Doc.tensor``), with the
part of speech, dependency, lower-cased lemma and quote-mark flags of each
token, and tags each token ``B``/``I`` of a ``CONTENT``, ``CUE`` or
``SOURCE`` (PolNeAR's roles), or ``O``. It reuses the parse instead of
encoding the text again, so it costs a few milliseconds per article.

Decoding keeps a content span only with a cue in its paragraph (the nearest)
and a source near that cue; the pipeline drops learned spans that overlap a
rule's quote, and names the speaker from the source with the rules' own
machinery (mentions, coreference, aliases). Trained by
``python -m quotestance.attribution.learned_train``; see the model card.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import ModelNotFoundError
from .mentions import NOMINAL_POS

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_DIR = Path(__file__).resolve().parent / "models" / "reported-speech"
TAGS = ("O", "B-CONTENT", "I-CONTENT", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE")
ROLES = ("CONTENT", "CUE", "SOURCE")
MAX_SEQUENCE = 200  # tokens; a longer paragraph is cut between sentences
QUOTE_CHARS = frozenset('"\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}\'\N{LEFT SINGLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}`')
N_FLAGS = 5


@dataclass(frozen=True, slots=True)
class LearnedSpan:
    """One proposed attribution, token indices into the chunk's Doc (end exclusive)."""

    content: tuple[int, int]
    cue: tuple[int, int]
    source: tuple[int, int] | None


def _token_texts(doc: "Doc") -> list[str]:
    """Every token's text, sliced from the text once (iterating a Doc builds a
    Token object per token, which costs more than the tagger's own work)."""
    from spacy.attrs import IDX, LENGTH

    from .nlp import cached_on, text_of

    def build(doc: "Doc") -> list[str]:
        text = text_of(doc)
        return [text[i : i + n] for i, n in doc.to_array([IDX, LENGTH]).tolist()] if len(doc) else []

    return cached_on(doc, "quotestance_token_texts", build)


def sequences(doc: "Doc") -> list[tuple[int, int]]:
    """(start, end) token runs the tagger reads: paragraphs (lines), a long
    one cut at sentence ends into pieces of at most ``MAX_SEQUENCE`` tokens."""
    from spacy.attrs import SENT_START

    texts = _token_texts(doc)
    starts = doc.to_array([SENT_START]).reshape(-1).tolist() if len(doc) else []
    runs: list[tuple[int, int]] = []
    start = 0
    for i, text in enumerate(texts):
        if "\n" in text or i == len(texts) - 1:
            runs.append((start, i + 1))
            start = i + 1
    out: list[tuple[int, int]] = []
    for begin, end in runs:
        if all(text.isspace() for text in texts[begin:end]):
            continue
        while end - begin > MAX_SEQUENCE:
            cut = next((i for i in range(begin + MAX_SEQUENCE // 2 + 1, begin + MAX_SEQUENCE) if starts[i] == 1),
                       begin + MAX_SEQUENCE)
            out.append((begin, cut))
            begin = cut
        out.append((begin, end))
    return out


def flags(doc: "Doc") -> list[list[float]]:
    """Per token: a quote mark; inside straight/curly double marks (counted
    per paragraph); a sentence start; a line start; title case."""
    from spacy.attrs import SENT_START

    starts = doc.to_array([SENT_START]).reshape(-1).tolist() if len(doc) else []
    out = []
    inside = False
    line_start = True
    for text, sent_start in zip(_token_texts(doc), starts):
        is_mark = any(c in QUOTE_CHARS for c in text) and not text.isalpha()
        if '"' in text or "\N{LEFT DOUBLE QUOTATION MARK}" in text:
            inside = not inside if '"' in text else True
        out.append([float(is_mark), float(inside), float(sent_start == 1), float(line_start), float(text.istitle())])
        if "\N{RIGHT DOUBLE QUOTATION MARK}" in text:
            inside = False
        line_start = "\n" in text
        if line_start:
            inside = False
    return out


def features(doc: "Doc", vocab: dict[str, dict[str, int]], width: int = 96) -> dict[str, Any]:
    """The tagger's inputs for one Doc, as numpy arrays (token-aligned)."""
    import numpy as np

    tensor = doc.tensor
    if tensor is None or len(tensor) != len(doc) or (len(doc) and tensor.shape[1] != width):
        raise ModelNotFoundError("the learned reported-speech tagger reads the vectors of en_core_web_sm's tok2vec "
                                 "(Doc.tensor); this Doc has none: parse it with en_core_web_sm, or set "
                                 "Config(learned_reported=False)")

    from spacy.attrs import DEP, LEMMA, POS

    strings = doc.vocab.strings
    columns = doc.to_array([POS, DEP, LEMMA]) if len(doc) else np.zeros((0, 3), dtype=np.uint64)
    out = {"tensor": np.asarray(tensor, dtype=np.float32)}
    for column, name, key in ((0, "pos", str), (1, "dep", str), (2, "lemma", str.lower)):
        table = vocab[name]
        by_hash = {h: table.get(key(strings[h]), 1) for h in set(columns[:, column].tolist())}  # one lookup per distinct value
        out[name] = np.array([by_hash[h] for h in columns[:, column].tolist()], dtype=np.int64)
    out["flags"] = np.array(flags(doc), dtype=np.float32).reshape(len(doc), N_FLAGS)
    return out


def build_model(sizes: dict[str, int]) -> Any:
    """The BiLSTM tagger (torch), sized by ``sizes`` (saved with the weights)."""
    import torch
    from torch import nn

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.pos = nn.Embedding(sizes["pos"], 16)
            self.dep = nn.Embedding(sizes["dep"], 16)
            self.lemma = nn.Embedding(sizes["lemma"], sizes["lemma_dim"])
            width = sizes["width"] + 32 + sizes["lemma_dim"] + N_FLAGS
            self.project = nn.Linear(width, sizes["hidden"])
            self.dropout = nn.Dropout(sizes.get("dropout", 0) / 100)
            self.lstm = nn.LSTM(sizes["hidden"], sizes["hidden"], num_layers=sizes["layers"], bidirectional=True,
                                batch_first=True, dropout=sizes.get("dropout", 0) / 100)
            self.out = nn.Linear(2 * sizes["hidden"], len(TAGS))

        def forward(self, tensor: Any, pos: Any, dep: Any, lemma: Any, flag: Any) -> Any:
            x = torch.cat([tensor, self.pos(pos), self.dep(dep), self.lemma(lemma), flag], dim=-1)
            x = self.dropout(torch.relu(self.project(x)))
            return self.out(self.dropout(self.lstm(x)[0]))

    return Tagger()


class ReportedSpeechTagger:
    """The shipped tagger, loaded once (torch is imported here, not before)."""

    def __init__(self, folder: Path = MODEL_DIR):
        import torch

        if not (folder / "model.pt").exists():
            raise ModelNotFoundError(f"no learned reported-speech model at {folder}: reinstall quotestance, "
                                     "or set Config(learned_reported=False)")
        self.vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        self.settings = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.model = build_model(self.settings["sizes"])
        self.model.load_state_dict(torch.load(folder / "model.pt", map_location="cpu", weights_only=True))
        self.model.eval()

    def tag(self, doc: "Doc", runs: Sequence[tuple[int, int]] | None = None) -> list[int]:
        """One tag index (into ``TAGS``) per token; ``runs``: ``sequences(doc)``, if known."""
        import torch

        if not len(doc):
            return []
        feats = features(doc, self.vocab, self.settings["sizes"]["width"])
        runs = sequences(doc) if runs is None else runs
        tags = [0] * len(doc)
        order = sorted(range(len(runs)), key=lambda i: runs[i][1] - runs[i][0])
        threads = torch.get_num_threads()
        torch.set_num_threads(1)  # matrices this small run slower split over threads, and far slower on busy cores
        try:
            self._run(feats, runs, order, tags)
        finally:
            torch.set_num_threads(threads)
        return tags

    def _run(self, feats: dict[str, Any], runs: Sequence[tuple[int, int]], order: Sequence[int], tags: list[int]) -> None:
        import torch

        with torch.inference_mode():
            for first in range(0, len(order), 64):
                batch = [runs[i] for i in order[first : first + 64]]
                longest = max(end - start for start, end in batch)
                inputs = [_padded(feats, name, batch, longest) for name in ("tensor", "pos", "dep", "lemma", "flags")]
                best = self.model(*inputs).argmax(-1).tolist()
                for (start, end), row in zip(batch, best):
                    tags[start:end] = row[: end - start]

    def propose(self, doc: "Doc") -> list[LearnedSpan]:
        runs = sequences(doc)
        return decode(doc, self.tag(doc, runs), runs, self.settings.get("max_cue_distance", 40),
                      self.settings.get("max_source_distance", MAX_SEQUENCE))


def _padded(feats: dict[str, Any], name: str, batch: Sequence[tuple[int, int]], longest: int) -> Any:
    import numpy as np
    import torch

    array = feats[name]
    shape = (len(batch), longest) + array.shape[1:]
    out = np.zeros(shape, dtype=array.dtype)
    for row, (start, end) in enumerate(batch):
        out[row, : end - start] = array[start:end]
    return torch.from_numpy(out)


def spans_of(tags: Sequence[int]) -> dict[str, list[tuple[int, int]]]:
    """Runs of each role: ``B`` starts a run, ``I`` continues one of its role
    (an ``I`` after anything else starts one too)."""
    found: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
    current: str | None = None
    for i, index in enumerate(tags):
        tag = TAGS[index]
        role = tag[2:] if tag != "O" else None
        if role is None:
            current = None
        elif tag.startswith("B-") or role != current:
            found[role].append((i, i + 1))
            current = role
        else:
            found[role][-1] = (found[role][-1][0], i + 1)
    return found


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def decode(doc: "Doc", tags: Sequence[int], runs: Sequence[tuple[int, int]], max_distance: int = 40,
           max_source_distance: int = MAX_SEQUENCE) -> list[LearnedSpan]:
    """Content spans with the nearest cue in their paragraph (within
    ``max_distance`` tokens) and the source nearest that cue (within
    ``max_source_distance`` tokens; a farther one is no source). A source
    span holding the cue's grammatical source beats a nearer one (``Allies
    of the senator, the aide said, ...``: the aide, not the senator; a
    participle's is its clause's subject); a span of function words alone is
    no source. A content that is someone's ``claim that P`` reports that
    claim (``_inner_claim``)."""
    found = spans_of(tags)
    out = []
    for start, end in runs:
        inside = {role: [s for s in found[role] if start <= s[0] < end] for role in ROLES}
        for content in inside["CONTENT"]:
            if all(t.is_punct or t.is_space for t in doc[content[0] : content[1]]):
                continue
            cue = min(inside["CUE"], key=lambda c: _distance(content, c), default=None)
            if cue is None or _distance(content, cue) > max_distance:
                continue
            subjects = _grammatical_sources(doc, cue)
            speakers = [s for s in inside["SOURCE"] if not _function_words_only(doc, s)]
            sources = [s for s in speakers if any(s[0] <= i < s[1] for i in subjects)] or speakers
            source = min(sources, key=lambda s: _distance(cue, s), default=None)
            if source is not None and _distance(cue, source) > max_source_distance:
                source = None
            out.append(_inner_claim(doc, content) or LearnedSpan(_trim(doc, content), cue, source))
    return out


def _inner_claim(doc: "Doc", content: tuple[int, int]) -> LearnedSpan | None:
    """``[Trump's claim that P]``, a content that opens with a speech noun, its
    owner and its clause, reports the owner's speech: P, cued by the noun,
    with the owner as source (``Politifact seized on Trump's claim that P``
    quotes Trump, not Politifact). A pronoun owner (``Trump highlighted his
    message that P``) is most often the outer source itself, which stays.
    None for any other content, or without a parse."""
    from .cues import owner_of_speech_noun

    if not doc.has_annotation("DEP"):
        return None
    for noun in doc[content[0] : min(content[1], content[0] + 6)]:
        owner = owner_of_speech_noun(noun) if noun.pos_ == "NOUN" else noun
        if owner.i == noun.i:
            continue
        clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp") and noun.i < c.i < content[1]
                   and any(m.dep_ == "mark" and m.text.lower() == "that" for m in c.children)]
        if content[0] <= owner.i < noun.i and owner.pos_ != "PRON" and clauses:
            words = [t.i for t in owner.subtree if t.dep_ != "case"]
            clause_start = min(t.i for t in clauses[0].subtree)
            return LearnedSpan(_trim(doc, (clause_start, content[1])), (noun.i, noun.i + 1), (min(words), max(words) + 1))
        return None
    return None


FUNCTION_POS = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "PUNCT", "SPACE", "SYM", "AUX"})


def _function_words_only(doc: "Doc", span: tuple[int, int]) -> bool:
    """A span of prepositions, conjunctions, punctuation and articles (the
    tagger's rare stray ``in``, ``,`` or ``a``): no one speaks through it.
    False without part-of-speech tags."""
    if not doc.has_annotation("POS"):
        return False
    return all(t.pos_ in FUNCTION_POS or (t.pos_ == "DET" and t.dep_ in ("det", "")) for t in doc[span[0] : span[1]])


def source_head(doc: "Doc", source: tuple[int, int]) -> int:
    """The token that names a source span's speaker: its highest noun, not a
    preposition the tagger ran into (``President Nixon in``: Nixon, where the
    parse's root is ``in``). A span cut short, with an article whose noun lies
    past its end, stands for that noun (``a New York`` of ``a New York Times
    report``: report). The span's root when it holds no noun."""
    span = doc[source[0] : source[1]]
    cut_short = [t.head for t in span if t.dep_ == "det" and t.head.i >= source[1]]
    if cut_short:
        return cut_short[0].i
    nouns = [t for t in span if t.pos_ in NOMINAL_POS and not source[0] <= t.head.i < source[1]]
    if not nouns:
        return span.root.i
    return min(nouns, key=lambda t: (len(list(t.ancestors)), t.i)).i


def _grammatical_sources(doc: "Doc", cue: tuple[int, int]) -> set[int]:
    """Tokens the parse makes the cue's source: a verb's subject, a noun
    cue's possessor (``his claim``), a passive's agent (``said by X``).
    Empty when the chunk has no parse."""
    if not doc.has_annotation("DEP"):
        return set()
    found = set()
    for token in doc[cue[0] : cue[1]]:
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") or (child.dep_ == "poss" and token.pos_ == "NOUN"):
                found.add(child.i)
            elif child.dep_ == "agent":
                found |= {g.i for g in child.children if g.dep_ == "pobj"}
    if not found:  # a participle with no subject of its own takes its clause's (``X admires Y, comparing him to Z``)
        verb = doc[cue[0] : cue[1]].root
        if verb.dep_ in ("advcl", "xcomp", "conj") and verb.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
            found = {c.i for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")}
    return found


def _trim(doc: "Doc", span: tuple[int, int]) -> tuple[int, int]:
    """Without leading or trailing whitespace tokens."""
    start, end = span
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


@lru_cache(maxsize=2)
def load_tagger(folder: str | None = None) -> ReportedSpeechTagger:
    """The tagger in ``folder`` (None: the shipped one), loaded once."""
    return ReportedSpeechTagger(Path(folder) if folder else MODEL_DIR)


def proposals(doc: "Doc", folder: str | None = None) -> list[tuple[int, int, tuple[int, int], int]]:
    """(content start, content end, cue span, source head token) in the
    chunk's characters, for each proposal with a source."""
    out = []
    for span in load_tagger(folder).propose(doc):
        if span.source is None or span.content[0] >= span.content[1]:
            continue
        first, last = doc[span.content[0]], doc[span.content[1] - 1]
        cue_first, cue_last = doc[span.cue[0]], doc[span.cue[1] - 1]
        head = source_head(doc, span.source)
        out.append((first.idx, last.idx + len(last), (cue_first.idx, cue_last.idx + len(cue_last)), head))
    return out
