"""Skipping the parse of documents that cannot hold an attribution changes
no output: the test is exact, so every quote found without it is found with it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, shared_or_skip
from quotestance import Config, extract_many
from quotestance.attribution import pipeline
from quotestance.attribution.cues import BELIEF_VERBS, SPEECH_VERBS
from quotestance.attribution.nlp import load_spacy
from quotestance.attribution.prefilter import can_hold_attribution, cue_forms, cue_lemmas
from quotestance.attribution.quotes import find_marked_spans

CONFIGS = [Config(), Config(attitudes=True), Config(beliefs=False)]


def holds(text: str, config: Config = Config()) -> bool:
    return can_hold_attribution(text, find_marked_spans(text), load_spacy(), config)


def without_skipping(texts, config, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "can_hold_attribution", lambda *args: True)
        return [[dataclasses.asdict(q) for q in quotes] for quotes in extract_many(texts, config=config)]


def with_skipping(texts, config):
    return [[dataclasses.asdict(q) for q in quotes] for quotes in extract_many(texts, config=config)]


def test_what_cannot_hold_an_attribution():
    assert not holds("The weather was mild on Tuesday.\nThe market closed higher.")
    assert holds("Lopez told reporters it would rain.") and holds("He was saying it would rain.")
    assert holds("The market, according to analysts, will fall.")
    assert holds("TAPPER: Do you think it rains?") and holds("It was, he thinks, a \N{LEFT DOUBLE QUOTATION MARK}mess")
    assert holds("They believe it will rain.") and not holds("They believe it will rain.", Config(beliefs=False))
    assert not holds("She endorsed the plan.") and holds("She endorsed the plan.", Config(attitudes=True))


def test_every_form_spacy_lemmatizes_to_a_cue_is_a_cue_word():
    nlp = load_spacy()
    words, _ = cue_forms(nlp, cue_lemmas(Config()))
    sentences = [f"They {verb}ed it. She {verb}s it. He was {verb}ing. It was {verb}. We {verb}."
                 for verb in sorted(SPEECH_VERBS | BELIEF_VERBS)]
    lemmas = cue_lemmas(Config())
    for doc in nlp.pipe(sentences):
        for token in doc:
            if token.lemma_.lower() in lemmas:
                assert token.lower_ in words, (token.text, token.lemma_)


def test_the_seed_and_the_gold_cases_are_unchanged(seed_text, monkeypatch):
    cases = json.loads((ROOT / "tests" / "cases" / "attribution.json").read_text(encoding="utf-8"))
    texts = [seed_text, *(case["text"] for case in cases), "No quote here at all.\nNor here."]
    for config in CONFIGS[:2]:
        assert with_skipping(texts, config) == without_skipping(texts, config, monkeypatch)


def test_a_sample_of_polnear_dev_is_unchanged(monkeypatch):
    folder = shared_or_skip("research", "data", "polnear", "data", "dev", "text")
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))[::7]]  # 12 of the 84
    for config in CONFIGS[:2]:
        assert with_skipping(texts, config) == without_skipping(texts, config, monkeypatch)


WORDS = ["said", "says", "He", "Trump", "according", "to", "that", "the", "officials", "told", "thinks", "endorsed",
         "weather", "rain", ",", ".", ":", "\N{EM DASH}", "\n", "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}", "'"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet="abdeilnorstuwy", max_size=7)), max_size=40).map(" ".join),
       st.sampled_from(CONFIGS))
def test_a_text_that_cannot_hold_an_attribution_gives_no_quote(text, config):
    if not holds(text, config):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pipeline, "can_hold_attribution", lambda *args: True)
            assert next(extract_many([text], config=config)) == []
