"""Gold attribution cases, one per behaviour, kept as data in cases/attribution.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotestance import extract_quotes

CASES = json.loads((Path(__file__).parent / "cases" / "attribution.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case):
    text = case["text"]
    quotes = extract_quotes(text, roster=case.get("roster"))
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
    found = {q.text: q for q in quotes}
    expected = case["quotes"]
    assert sorted(found) == sorted(e["text"] for e in expected), case["comment"]
    for wanted in expected:
        quote = found[wanted["text"]]
        assert quote.speaker == wanted["speaker"], (case["comment"], quote.evidence)
        for field in ("kind", "source_kind"):
            if field in wanted:
                assert getattr(quote, field) == wanted[field], case["comment"]
        if "mention" in wanted:
            assert quote.speaker_mention is not None and quote.speaker_mention.text == wanted["mention"]
        if "cue" in wanted:
            assert quote.cue is not None and quote.cue.text == wanted["cue"], (case["comment"], quote.evidence)


def test_a_quote_that_goes_on_shares_the_cue_that_named_its_speaker():
    # one attribution in parts, as annotated corpora count it: the cue groups the parts
    text = ("“We will not raise taxes on working families,” the senator said on Monday.\n\n"
            "“Not this year, and not next year either.”")
    first, second = extract_quotes(text)
    assert first.speaker_mention is not None and second.speaker_mention == first.speaker_mention
    assert first.cue is not None and second.cue == first.cue and "continuation" in second.evidence


def test_a_quoted_fragment_opening_its_clause_has_the_whole_clause_as_content():
    # the parse's clause starts after the opening mark ("that “race ...”"); the content is still the whole clause
    text = ("The senator spoke to the audience on Tuesday, saying that “race still determines too much” in America, "
            "including how people are treated at school.")
    (quote,) = [q for q in extract_quotes(text) if q.kind == "mixed"]
    assert quote.content.start <= text.index("“race") and quote.content.end >= text.index("at school")


def test_the_verb_right_after_a_quote_reports_it_before_a_later_cue_that_does_not_govern_it():
    # two attributions, not one: "sings" reports the first quote, "asking" the second
    text = ("In a preview clip for the new music show, the singer performs a protest song for the senator.\n\n"
            "“Promise me you will keep your hands in sight,” Marla Quinn sings to the senator before asking her, "
            "“I just want to know, where do we go from here?”")
    first, second = extract_quotes(text)
    assert first.cue is not None and first.cue.text == "sings" and first.speaker == "Marla Quinn"
    assert second.cue is not None and second.cue.text == "asking" and second.speaker == "Marla Quinn"


def test_according_to_with_its_clause_parsed_as_the_sources_appositive_reports_the_whole_clause():
    # the parse hangs "the move reeks of ..." on the source as an appositive; it is what the source says
    text = "The strike entered its third week.\n\nAccording to the union's leader Maria Benz, the move reeks of “panic” and haste."
    (quote,) = extract_quotes(text)
    assert text[quote.content.start : quote.content.end] == "the move reeks of “panic” and haste"
    assert quote.cue is not None and quote.cue.text == "According to"


def test_a_quote_after_that_and_a_comma_is_embedded_in_the_clause_that_goes_on_after_it():
    # "said that, “Of course ...” against ...": the complementiser makes it reported speech, whose clause runs on
    text = ("The campaign answered on Friday.\n\nSpokeswoman Lena Ortiz said via email that, “Of course the mayor is going "
            "to defend himself” against what the campaign sees as a coordinated attack by the media.")
    (quote,) = extract_quotes(text)
    assert quote.kind == "mixed" and quote.speaker == "Lena Ortiz"
    assert text[quote.content.start : quote.content.end].endswith("coordinated attack by the media")
