"""The learned reported-speech tagger: it loads offline, its spans keep their
offsets, it only adds to the rules, and switched off it changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from quotestance import Config, InvalidInputError, extract_quotes
from quotestance.attribution import learned
from quotestance.attribution.learned_train import gold_tags, roles

from conftest import shared_or_skip

if TYPE_CHECKING:
    from spacy.tokens import Doc

TEXT = (
    "The senator's claim that the budget would collapse by March drew a sharp reply.\n\n"
    "According to the governor's office, the state will cut taxes next year.\n\n"
    "Officials believe the bridge is unsafe, Maria Lopez told reporters on Tuesday.\n\n"
    "Her aide insisted the plan was never costed. “It is a fantasy,” he said."
)


@pytest.fixture(scope="module")
def both() -> tuple[list, list]:
    return extract_quotes(TEXT, config=Config(learned_reported=True)), extract_quotes(TEXT, config=Config(learned_reported=False))


def test_the_shipped_tagger_loads_and_is_small():
    size = sum(p.stat().st_size for p in learned.MODEL_DIR.iterdir())
    assert size < 20e6
    assert (learned.MODEL_DIR / "MODEL_CARD.md").exists()
    tagger = learned.load_tagger()
    assert tagger.settings["sizes"]["width"] == 96


def test_learned_spans_are_valid_and_named_by_the_rules(both):
    on, _ = both
    found = [q for q in on if q.evidence.startswith("learned")]
    assert found, "the tagger found nothing in a text written to hold unmarked reported speech"
    for quote in on:
        assert TEXT[quote.start : quote.end] == quote.text
        for span in (quote.cue, quote.speaker_mention, quote.clause):
            assert span is None or TEXT[span.start : span.end] == span.text
    for quote in found:
        assert quote.kind == "indirect" and quote.cue is not None and quote.speaker_mention is not None
        rules = [q for q in on if not q.evidence.startswith("learned")]
        assert not any(q.start < quote.end and quote.start < q.end for q in rules)


def test_learned_only_adds_to_the_rules(both):
    # the rules' quotes keep their spans and kinds; one changes only where the rules found no speaker for it
    on, off = both
    kept = [q for q in on if not q.evidence.startswith("learned")]
    assert [(q.kind, q.start, q.end) for q in kept] == [(q.kind, q.start, q.end) for q in off]
    assert all(mine == rule or (rule.speaker_mention is None and "learned-source" in mine.evidence)
               for mine, rule in zip(kept, off))
    assert not any(q.evidence.startswith("learned") for q in off)


def test_the_switch_must_be_a_bool():
    with pytest.raises(InvalidInputError, match="learned_reported"):
        Config(learned_reported="yes")  # type: ignore[arg-type]


def test_decoding_joins_content_cue_and_source():
    import spacy

    doc = spacy.blank("en")("Lopez said the plan fails .")
    tags = [learned.TAGS.index(t) for t in ("B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "O")]
    assert learned.decode(doc, tags, [(0, len(doc))]) == [learned.LearnedSpan((2, 6), (1, 2), (0, 1))]
    no_cue = [learned.TAGS.index(t) for t in ("B-SOURCE", "O", "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "O")]
    assert learned.decode(doc, no_cue, [(0, len(doc))]) == []


def test_the_source_that_is_the_cues_subject_beats_a_nearer_one():
    # "Allies of Smith fear , Jones said , the plan fails", with "fear" as the cue and all three names
    # tagged SOURCE: "Smith" touches the cue, but the cue's subject is "Allies"
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Allies", "of", "Smith", "fear", ",", "Jones", "said", ",", "the", "plan", "fails"]
    heads = [3, 0, 1, 3, 3, 6, 3, 3, 9, 10, 3]
    deps = ["nsubj", "prep", "pobj", "ROOT", "punct", "nsubj", "parataxis", "punct", "det", "nsubj", "ccomp"]
    pos = ["NOUN", "ADP", "PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PUNCT", "DET", "NOUN", "VERB"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)
    tags = [learned.TAGS.index(t) for t in ("B-SOURCE", "O", "B-SOURCE", "B-CUE", "O", "B-SOURCE", "O", "O",
                                            "B-CONTENT", "I-CONTENT", "I-CONTENT")]
    assert learned.decode(doc, tags, [(0, len(doc))])[0].source == (0, 1)
    unparsed = Doc(Vocab(), words=words)  # no parse: the nearest source, as before
    assert learned.decode(unparsed, tags, [(0, len(doc))])[0].source == (2, 3)


def test_a_source_of_function_words_alone_is_no_source():
    # the tagger now and then marks a lone preposition, article or comma as a source; nobody speaks through "in"
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Lopez", "said", "in", "a", "memo", "the", "plan", "fails", "."]
    pos = ["PROPN", "VERB", "ADP", "DET", "NOUN", "DET", "NOUN", "VERB", "PUNCT"]
    doc = Doc(Vocab(), words=words, pos=pos)
    tags = _tags("B-SOURCE", "B-CUE", "B-SOURCE", "O", "O", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O")
    assert learned.decode(doc, tags, [(0, len(doc))])[0].source == (0, 1)  # "in" is nearer, but it is no speaker
    alone = _tags("O", "B-CUE", "B-SOURCE", "O", "O", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O")
    assert learned.decode(doc, alone, [(0, len(doc))])[0].source is None


def test_a_source_spans_head_is_its_noun_not_a_stray_preposition():
    # "It was declared by President Nixon in 1970 ." with the source "President Nixon in": the parse's root of
    # that span is "in"; "a New York Times report said ..." tagged only as far as "a New": the report
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["It", "was", "declared", "by", "President", "Nixon", "in", "1970", "."]
    heads = [2, 2, 2, 2, 5, 3, 2, 6, 2]
    deps = ["nsubjpass", "auxpass", "ROOT", "agent", "compound", "pobj", "prep", "pobj", "punct"]
    pos = ["PRON", "AUX", "VERB", "ADP", "PROPN", "PROPN", "ADP", "NUM", "PUNCT"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)
    assert doc[4:7].root.text == "in" and learned.source_head(doc, (4, 7)) == 5
    words = ["a", "New", "York", "Times", "report", "said", "taxes", "rose", "."]
    heads = [4, 2, 3, 4, 5, 5, 7, 5, 5]
    deps = ["det", "compound", "compound", "compound", "nsubj", "ROOT", "nsubj", "ccomp", "punct"]
    pos = ["DET", "PROPN", "PROPN", "PROPN", "NOUN", "VERB", "NOUN", "VERB", "PUNCT"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)
    assert learned.source_head(doc, (0, 2)) == 4
    assert learned.source_head(doc, (0, 5)) == 4


def _tags(*names: str) -> list[int]:
    return [learned.TAGS.index(t) for t in names]


def test_a_participle_cue_takes_its_clauses_subject_over_a_nearer_source():
    # "Trump openly admires the Russian leader , comparing him to Obama . Trump avoids it": "comparing" has
    # no subject of its own; the second "Trump" is nearer, but the participle's source is the first
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Trump", "openly", "admires", "the", "Russian", "leader", ",", "comparing", "him", "to", "Obama", ".",
             "Trump", "avoids", "it"]
    heads = [2, 2, 2, 5, 5, 2, 2, 2, 7, 7, 9, 2, 13, 13, 13]
    deps = ["nsubj", "advmod", "ROOT", "det", "amod", "dobj", "punct", "advcl", "dobj", "prep", "pobj", "punct",
            "nsubj", "ROOT", "dobj"]
    pos = ["PROPN", "ADV", "VERB", "DET", "ADJ", "NOUN", "PUNCT", "VERB", "PRON", "ADP", "PROPN", "PUNCT", "PROPN",
           "VERB", "PRON"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)
    tags = _tags("B-SOURCE", "O", "O", "O", "O", "O", "O", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O",
                 "B-SOURCE", "O", "O")
    assert learned.decode(doc, tags, [(0, len(doc))]) == [learned.LearnedSpan((8, 11), (7, 8), (0, 1))]


def _claim_doc(owner: str, owner_pos: str) -> "Doc":
    # "Politifact seized on <owner> 's claim that shootings rose ."
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Politifact", "seized", "on", owner, "'s", "claim", "that", "shootings", "rose", "."]
    heads = [1, 1, 1, 5, 3, 2, 8, 8, 5, 1]
    deps = ["nsubj", "ROOT", "prep", "poss", "case", "pobj", "mark", "nsubj", "acl", "punct"]
    pos = ["PROPN", "VERB", "ADP", owner_pos, "PART", "NOUN", "SCONJ", "NOUN", "VERB", "PUNCT"]
    lemmas = ["Politifact", "seize", "on", owner, "'s", "claim", "that", "shooting", "rise", "."]
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_a_content_holding_someones_claim_that_reports_that_claim():
    # tagged as Politifact's [Trump 's claim that shootings rose]; the speech reported is Trump's
    tags = _tags("B-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT",
                 "I-CONTENT", "O")
    doc = _claim_doc("Trump", "PROPN")
    assert learned.decode(doc, tags, [(0, len(doc))]) == [learned.LearnedSpan((6, 9), (5, 6), (3, 4))]
    his = _claim_doc("his", "PRON")  # "his claim": most often the outer source's own, which stays
    assert learned.decode(his, tags, [(0, len(his))]) == [learned.LearnedSpan((3, 9), (1, 3), (0, 1))]


def test_the_shipped_card_is_what_its_metrics_generate():
    # never edited by hand: the training command (or its --rescore) writes both
    import json

    from quotestance.attribution.learned_card import card

    run = json.loads((learned.MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))
    assert (learned.MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8") == card(run)
    rescored = card({**run, "rescored": "2026-12-03"})
    assert "scored again on 2026-12-03" in rescored and "--rescore" in rescored
    assert "scored again" not in card({k: v for k, v in run.items() if k != "rescored"})


def test_gold_tags_from_brat():
    import spacy

    text = "Lopez said the plan fails."
    ann = "T1\tSource 0 5\tLopez\nT2\tCue 6 10\tsaid\nT3\tContent 11 25\tthe plan fails\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    doc = spacy.blank("en")(text)
    tags = gold_tags([(t.idx, t.idx + len(t)) for t in doc], roles(ann))
    assert [learned.TAGS[i] for i in tags] == ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O"]


def test_gold_tags_cover_polnear_contents():
    folder = shared_or_skip("research", "data", "polnear", "data", "train", "attributions")
    import spacy

    ann_path = sorted(folder.glob("*.ann"))[0]
    text = (folder.parent / "text" / (ann_path.stem.rsplit("_", 1)[0] + ".txt")).read_text(encoding="utf-8")
    doc = spacy.blank("en")(text)
    tags = gold_tags([(t.idx, t.idx + len(t)) for t in doc], roles(ann_path.read_text(encoding="utf-8")))
    assert sum(learned.TAGS[i] == "B-CONTENT" for i in tags) >= sum(1 for r, _ in roles(ann_path.read_text(encoding="utf-8")) if r == "CONTENT")


def test_a_relative_pronoun_source_is_the_noun_its_clause_hangs_on():
    # the tagger may mark "who" as a source: its speaker is the name the clause hangs on, not the last name before it
    from quotestance.attribution.coreference import named_mentions
    from quotestance.attribution.nlp import load_spacy
    from quotestance.attribution.pipeline import _speaker

    doc = load_spacy()("The Tax Foundation published its numbers. Hillary Clinton, who has been lambasting the plan, "
                       "argued that it would fail.")
    names = named_mentions(doc, [])
    who = next(token for token in doc if token.text == "who")
    mention, name, kind, _ = _speaker(doc, who.i, names, [n.start for n in names])
    assert mention == (who.idx, who.idx + 3) and name == "Hillary Clinton" and kind == "person"


def test_a_rule_quote_with_no_speaker_takes_the_learned_source():
    # the rules keep the marked words but find no cue for them; the tagger reads "A review ... found that" as
    # their source, and only fills what the rules left empty
    text = ("A review released last year found that the ministry could not be sure that the money was not "
            "coming from \"fraud, smuggling or other crimes.\"")
    alone = extract_quotes(text, config=Config(learned_reported=False))
    assert [(q.kind, q.speaker_mention) for q in alone] == [("direct", None)]
    quote, = extract_quotes(text, config=Config(learned_reported=True))
    assert (quote.start, quote.end) == (alone[0].start, alone[0].end)
    assert quote.speaker_mention is not None and quote.speaker_mention.text == "A review"
    assert quote.cue is not None and quote.cue.text == "found" and quote.source_kind == "unnamed"
    assert "learned-source" in quote.evidence
