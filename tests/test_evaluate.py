"""The PolNeAR reader and the GenderGapTracker metric, on hand-made cases,
then on the real dev split when the shared corpora are present."""

from __future__ import annotations

import pytest

from quotestance.evaluate.polnear import Attribution, Score, as_attributions, read_brat
from quotestance.types import Quote, Span

TEXT = "Obama said the economy is strong. \N{LEFT DOUBLE QUOTATION MARK}We won,\N{RIGHT DOUBLE QUOTATION MARK} he added."
ANN = (
    "T1\tSource 0 5\tObama\nT2\tCue 6 10\tsaid\nT3\tContent 11 32\tthe economy is strong\n"
    "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 34 42;43 45\tx\nT6\tSource 46 48\the\nE2\tAttribution:T6 Content:T5 Source:T6\n"
)


def test_brat_reader_handles_discontinuous_spans_and_marks():
    gold = read_brat(ANN, TEXT)
    assert gold[0] == Attribution(((11, 32),), ((0, 5),), False)
    assert gold[1].content == ((34, 42), (43, 45)) and gold[1].marked


def test_metric_thresholds_and_speaker():
    gold = [Attribution(((0, 100),), ((200, 205),))]
    half = [Attribution(((0, 50),), ((200, 203),))]
    score = Score()
    score.add(gold, half, 0.3)
    assert score.row()["f1"] == 1.0 and score.row()["speaker_accuracy"] == 1.0
    strict = Score()
    strict.add(gold, half, 0.8)
    assert strict.row()["recall"] == 0.0 and strict.row()["precision"] == 0.0


def test_speaker_accuracy_every_counts_a_quote_with_no_speaker_as_a_miss():
    gold = [Attribution(((0, 10),), ((50, 55),)), Attribution(((20, 30),), ((60, 65),))]
    with_speaker = [Attribution(((0, 10),), ((50, 55),))]
    score = Score()
    score.add(gold, with_speaker, 0.3, every=with_speaker + [Attribution(((20, 30),), ())])
    row = score.row()
    assert row["speaker_accuracy"] == 1.0 and row["speaker_accuracy_every"] == 0.5
    assert row["recall"] == 0.5  # precision and recall still count quotes with a speaker only


def test_every_quote_found_becomes_an_attribution():
    text = "\N{LEFT DOUBLE QUOTATION MARK}A,\N{RIGHT DOUBLE QUOTATION MARK} someone wrote."
    quotes = [Quote("direct", 0, 4, text[0:4])]
    assert as_attributions(quotes) == []
    (only,) = as_attributions(quotes, every=True)
    assert only.content == ((0, 4),) and only.source == ()


def test_each_prediction_matches_one_gold_only():
    gold = [Attribution(((0, 10),), ()), Attribution(((0, 10),), ())]
    score = Score()
    score.add(gold, [Attribution(((0, 10),), ())], 0.3)
    assert score.matched == 1 and score.row()["recall"] == 0.5


def test_quotes_sharing_a_cue_form_one_attribution():
    text = "\N{LEFT DOUBLE QUOTATION MARK}A,\N{RIGHT DOUBLE QUOTATION MARK} she said, \N{LEFT DOUBLE QUOTATION MARK}B.\N{RIGHT DOUBLE QUOTATION MARK}"
    cue, she = Span.of(text, 9, 13), Span.of(text, 5, 8)
    quotes = [Quote("direct", 0, 4, text[0:4], cue=cue, speaker_mention=she), Quote("direct", 15, 19, text[15:19], cue=cue, speaker_mention=she)]
    (only,) = as_attributions(quotes)
    assert only.content == ((0, 4), (15, 19))


def test_polnear_dev_slice_against_textacy():
    from conftest import shared_or_skip

    from quotestance.evaluate.polnear import evaluate_polnear, load_polnear

    articles = load_polnear(shared_or_skip("research", "data", "polnear"), "dev", limit=8)
    frame = evaluate_polnear(articles).frame()
    marked = frame[(frame["subset"] == "a-marked") & (frame["threshold"] == 0.3)].set_index("system")
    # 0.91 over the whole dev split; these 8 are harder, and one quotes a 9-turn transcript whose gold annotates
    # 2 of the turns (0.71 here before turns were attributed, 0.62 since)
    assert marked.loc["quotestance", "f1"] > 0.6
    assert marked.loc["quotestance", "f1"] > marked.loc["textacy", "f1"]
    assert marked.loc["quotestance", "speaker_accuracy_every"] <= marked.loc["quotestance", "speaker_accuracy"]


def test_speaker_names_agree_by_containment_or_surname_only():
    from quotestance.evaluate.speakers import same_speaker

    assert same_speaker("Donald Trump", "Trump") and same_speaker("OSI", "the OSI") and same_speaker("Mr Blair", "Tony Blair")
    assert not same_speaker("Peter Hale", "Daniel Okoro") and not same_speaker("", "Okoro")
    assert same_speaker("European Union", "the EU") and same_speaker("MDA", "Mobile Data Association")
    assert not same_speaker("WHO", "World Trade Organization")
    assert same_speaker("James O\u2019Neill", "James O'Neill") and same_speaker("Viktor Orbán", "Orban")  # one name, two spellings


def test_the_speaker_check_never_reads_the_news_test_split():
    from quotestance.errors import InvalidInputError
    from quotestance.evaluate.speakers import compare

    with pytest.raises(InvalidInputError, match="stance only"):
        compare(["test"])


def test_an_annotated_quote_is_matched_to_the_quote_found_at_or_around_its_start():
    from quotestance import Quote
    from quotestance.evaluate.speakers import quote_at

    text = 'Smith said: "One. "Two." Later, "Three," Jones said.'
    whole = Quote("direct", 12, 24, text[12:24])
    third = Quote("direct", 32, 40, text[32:40])
    assert quote_at([whole, third], 12) is whole and quote_at([whole, third], 18) is whole
    assert quote_at([whole, third], 32) is third and quote_at([whole, third], 26) is None
