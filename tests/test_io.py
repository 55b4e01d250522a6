"""Exports keep their offsets: citron and brat round trips."""

from __future__ import annotations

import json

from quotestance.evaluate.polnear import read_brat
from quotestance.corpus.exports import from_citron, to_brat, to_citron, write_brat
from quotestance.evaluate.fixtures import load_fixture
from quotestance.types import Stance


def test_citron_round_trip_keeps_every_span(seed_text, seed_quotes):
    document = json.loads(json.dumps(to_citron(seed_text, seed_quotes)))
    back = from_citron(document)
    assert [(q.start, q.end, q.text) for q in back] == [(q.start, q.end, q.text) for q in seed_quotes]
    assert [q.cue for q in back] == [q.cue for q in seed_quotes]
    assert [q.speaker_mention for q in back] == [q.speaker_mention for q in seed_quotes]
    for item in document["quotes"]:
        for span in [item["cue"], *item["sources"], *item["contents"]]:
            if span:
                assert seed_text[span["start"] : span["end"]] == span["text"]


def test_citron_carries_stance(seed_text, seed_quotes):
    stances = [Stance("neutral", {"favor": 0.1, "against": 0.1, "neutral": 0.8})] * len(seed_quotes)
    document = to_citron(seed_text, seed_quotes, stances)
    assert document["quotes"][0]["stance"]["label"] == "neutral"


def test_brat_round_trip_through_the_polnear_reader(tmp_path, seed_text, seed_quotes):
    text_path, ann_path = write_brat(tmp_path, "seed", seed_text, seed_quotes)
    assert text_path.read_text(encoding="utf-8") == seed_text
    attributions = read_brat(ann_path.read_text(encoding="utf-8"), seed_text)
    assert [a.content for a in attributions] == [((q.start, q.end),) for q in seed_quotes]
    sources = [a.source for a in attributions]
    assert sources == [((q.speaker_mention.start, q.speaker_mention.end),) if q.speaker_mention else () for q in seed_quotes]


def test_brat_lines_are_well_formed(seed_quotes):
    for line in to_brat(seed_quotes).splitlines():
        assert line.split("\t")[0][0] in "TE"
        assert len(line.split("\t")) in (2, 3)


def test_fixture_loads_its_text():
    from pathlib import Path

    fixture = load_fixture(Path(__file__).resolve().parents[1] / "seeds" / "seed_summit.json")
    for gold in fixture["quotes"]:
        start, end = gold["span"]
        assert fixture["text"][start:end] == gold["text"]
