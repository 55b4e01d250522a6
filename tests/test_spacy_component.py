"""The spaCy component gives the same quotes as extract_quotes."""

from __future__ import annotations

import pytest

from quotestance import QuotestanceError, extract_quotes
from quotestance.attribution.nlp import load_spacy


@pytest.fixture(scope="module")
def nlp():
    import copy

    language = copy.deepcopy(load_spacy())  # the cached model stays untouched
    language.add_pipe("quotestance", config={"roster": {"Volodymyr Zelenskiy": ["Zelensky"]}})
    return language


def test_component_sets_doc_quotes(nlp, seed_text):
    doc = nlp(seed_text)
    expected = extract_quotes(seed_text, roster={"Volodymyr Zelenskiy": ["Zelensky"]})
    assert [(q.start, q.end, q.speaker) for q in doc._.quotes] == [(q.start, q.end, q.speaker) for q in expected]


def test_component_needs_a_parser():
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("quotestance")
    with pytest.raises(QuotestanceError, match="parser"):
        blank("“Hello there, friends,” she said.")
