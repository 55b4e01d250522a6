"""Cues and the token heading their speaker, on parses built by hand: the
parser's own choices vary with the words around, so each test fixes one."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

from quotestance.attribution.cues import speaker_head  # noqa: E402


def _doc(rows: list[tuple[str, int, str, str, str]], glued: tuple[int, ...] | None = None, ents: list[str] | None = None,
         lemmas: dict[str, str] | None = None) -> Doc:
    """(word, head index, dependency, tag, part of speech) per token; ``glued``:
    the tokens with no space after them (all spaced when None); ``lemmas``:
    a word's lemma where it is not the word in lower case."""
    words, heads, deps, tags, pos = (list(column) for column in zip(*rows))
    spaces = None if glued is None else [i not in glued for i in range(len(words))]
    return Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, pos=pos, ents=ents,
               lemmas=[(lemmas or {}).get(w, w.lower()) for w in words])


def test_a_relative_pronoun_hung_on_the_main_verb_still_means_the_noun_before_it():
    # "they turned to the Department which reported ...", parsed with "reported" as an adverbial clause of "turned"
    doc = _doc([("they", 1, "nsubj", "PRP", "PRON"), ("turned", 1, "ROOT", "VBD", "VERB"), ("to", 1, "prep", "IN", "ADP"),
                ("the", 4, "det", "DT", "DET"), ("Department", 2, "pobj", "NNP", "PROPN"),
                ("which", 6, "nsubj", "WDT", "PRON"), ("reported", 1, "advcl", "VBD", "VERB"),
                ("fires", 6, "dobj", "NNS", "NOUN")])
    head, rule = speaker_head(doc[6])
    assert head is not None and head.text == "Department" and rule == "relative-subject"


def test_a_relative_pronoun_with_no_noun_before_it_names_no_one():
    doc = _doc([("which", 1, "nsubj", "WDT", "PRON"), ("reported", 1, "ROOT", "VBD", "VERB"), ("fires", 1, "dobj", "NNS", "NOUN")])
    head, _ = speaker_head(doc[1])
    assert head is None or head.text == "which"  # find_cues drops "which" as a source


def test_a_cue_set_off_by_commas_leaves_the_clause_it_interrupts_whole():
    # "The industry, she said, is doing well": the content runs on after the cue, not only before it
    from quotestance.attribution.cues import Cue
    from quotestance.attribution.reported import clause_of

    doc = _doc([("The", 1, "det", "DT", "DET"), ("industry", 7, "nsubj", "NN", "NOUN"), (",", 4, "punct", ",", "PUNCT"),
                ("she", 4, "nsubj", "PRP", "PRON"), ("said", 7, "parataxis", "VBD", "VERB"), (",", 4, "punct", ",", "PUNCT"),
                ("is", 7, "aux", "VBZ", "AUX"), ("doing", 7, "ROOT", "VBG", "VERB"), ("well", 7, "advmod", "RB", "ADV")])
    said = doc[4]
    start, end, rule = clause_of(doc, Cue(said.i, said.idx, said.idx + 4, 3, "subject", "speech"))
    assert (doc.text[start:end], rule) == ("The industry , she said , is doing well", "interrupted-clause")


def test_a_dash_the_parser_made_a_subject_is_not_the_speaker():
    # "... made public ― Trump boasted", parsed with the dash as a first subject of "boasted"
    doc = _doc([("made", 0, "ROOT", "VBN", "VERB"), ("public", 0, "advmod", "JJ", "ADJ"), ("―", 4, "nsubj", "NN", "NOUN"),
                ("Trump", 4, "nsubj", "NNP", "PROPN"), ("boasted", 0, "ccomp", "VBD", "VERB")])
    head, rule = speaker_head(doc[4])
    assert head is not None and head.text == "Trump" and rule == "subject"


def test_a_cue_under_an_adverb_takes_the_subject_of_the_verb_it_modifies():
    # "The columnist went so far as to say: ...", with "say" hung on "far"
    doc = _doc([("The", 1, "det", "DT", "DET"), ("columnist", 2, "nsubj", "NN", "NOUN"), ("went", 2, "ROOT", "VBD", "VERB"),
                ("so", 4, "advmod", "RB", "ADV"), ("far", 2, "advmod", "RB", "ADV"), ("as", 7, "mark", "IN", "SCONJ"),
                ("to", 7, "aux", "TO", "PART"), ("say", 4, "advcl", "VB", "VERB")])
    head, rule = speaker_head(doc[7])
    assert head is not None and head.text == "columnist" and rule == "clause-subject"


def test_a_colon_after_a_clause_the_parser_hung_on_the_quote_still_names_the_clause_subject():
    # "Senator Mitch Carson delivered a blunt message to Trump: "It's time ..."", parsed with "delivered" under the
    # quote's verb: the speaker is the subject of the clause before the colon, not nobody
    from quotestance.attribution.pipeline import quotes_from_doc

    rows = [("Senator", 2, "compound", "NNP", "PROPN"), ("Mitch", 2, "compound", "NNP", "PROPN"), ("Carson", 3, "nsubj", "NNP", "PROPN"),
            ("delivered", 12, "ccomp", "VBD", "VERB"), ("a", 6, "det", "DT", "DET"), ("blunt", 6, "amod", "JJ", "ADJ"),
            ("message", 3, "dobj", "NN", "NOUN"), ("to", 3, "prep", "IN", "ADP"), ("Trump", 7, "pobj", "NNP", "PROPN"),
            (":", 8, "punct", ":", "PUNCT"), ('"', 12, "punct", "``", "PUNCT"), ("It", 12, "nsubj", "PRP", "PRON"),
            ("'s", 12, "ROOT", "VBZ", "AUX"), ("time", 12, "attr", "NN", "NOUN"), ("to", 15, "aux", "TO", "PART"),
            ("quit", 13, "relcl", "VB", "VERB"), ("attacking", 15, "xcomp", "VBG", "VERB"), ("people", 16, "dobj", "NNS", "NOUN"),
            (".", 12, "punct", ".", "PUNCT"), ('"', 12, "punct", "''", "PUNCT")]
    ents = ["O", "B-PERSON", "I-PERSON"] + ["O"] * 5 + ["B-PERSON"] + ["O"] * 11
    doc = _doc(rows, glued=(8, 10, 11, 17, 18), ents=ents)  # Trump: "It's ... people."
    (quote,) = quotes_from_doc(doc)
    assert quote.text.startswith('"It') and quote.speaker == "Mitch Carson" and quote.evidence == "colon-lead-in"


def test_a_subject_the_parser_found_inside_a_quote_is_never_its_speaker():
    # "“We will win,” Tulsa police Chief Ann Moss said Monday.", with "said" hung on the quote's verb and the city
    # tagged a verb (as spaCy's small model did on a PolNeAR article): climbing from the cue reaches "We", inside
    # the quote; the name between the quote and its cue is the speaker
    from quotestance.attribution.pipeline import quotes_from_doc

    rows = [("“", 3, "punct", "``", "PUNCT"), ("We", 3, "nsubj", "PRP", "PRON"), ("will", 3, "aux", "MD", "AUX"),
            ("win", 3, "ROOT", "VB", "VERB"), (",", 3, "punct", ",", "PUNCT"), ("”", 3, "punct", "''", "PUNCT"),
            ("Tulsa", 3, "dep", "VB", "VERB"), ("police", 8, "compound", "NN", "NOUN"), ("Chief", 6, "dobj", "NNP", "PROPN"),
            ("Ann", 10, "compound", "NNP", "PROPN"), ("Moss", 8, "appos", "NNP", "PROPN"), ("said", 3, "conj", "VBD", "VERB"),
            ("Monday", 11, "npadvmod", "NNP", "PROPN"), (".", 3, "punct", ".", "PUNCT")]
    ents = ["O"] * 6 + ["B-GPE", "O", "O", "B-PERSON", "I-PERSON", "O", "B-DATE", "O"]
    doc = _doc(rows, glued=(0, 3, 4, 12), ents=ents, lemmas={"said": "say"})  # “We ... win,” ... Monday.
    (quote,) = quotes_from_doc(doc)
    assert quote.speaker_mention is not None and quote.speaker_mention.text != "We"
    assert quote.speaker == "Ann Moss"
