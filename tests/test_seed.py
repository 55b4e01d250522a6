"""The seed article against its gold fixture: every quote, its speaker, nothing spurious."""

from __future__ import annotations

from quotestance import Span


def _coverage(gold: tuple[int, int], quote) -> float:
    span = Span(gold[0], gold[1], "x" * (gold[1] - gold[0]))
    return max(span.overlap(quote.span), span.overlap(quote.content)) / (gold[1] - gold[0])


def test_every_gold_quote_found_with_its_speaker(seed_quotes, seed_gold):
    for gold in seed_gold["quotes"]:
        best = max(seed_quotes, key=lambda q: _coverage(gold["span"], q))
        assert _coverage(gold["span"], best) >= 0.8, gold["text"]
        assert best.speaker == gold["speaker"], (gold["text"], best.evidence)
        if gold["speaker"] is None:
            assert best.source_kind == "unnamed"
            assert best.speaker_mention.text == gold["speaker_mention"]["text"]


def test_pronoun_mentions_resolve(seed_quotes):
    by_mention = {q.speaker_mention.text: q.speaker for q in seed_quotes if q.speaker_mention}
    assert by_mention["He"] == "Viktor Orban"
    assert by_mention["he"] == "Donald Trump"


def test_nothing_else_is_attributed_to_a_named_person(seed_quotes, seed_gold):
    allowed = [tuple(g["span"]) for g in seed_gold["quotes"]] + [tuple(g["span"]) for g in seed_gold["optional_indirect"]]
    for quote in seed_quotes:
        if quote.speaker is not None:
            assert any(_coverage(span, quote) > 0.5 for span in allowed), quote


def test_boilerplate_is_not_a_quote(seed_quotes, seed_gold):
    for bad in seed_gold["not_quotes"]:
        assert not any(q.start <= bad["span"][0] < q.end for q in seed_quotes)


def test_offsets_index_the_original_text(seed_quotes, seed_text):
    for quote in seed_quotes:
        assert seed_text[quote.start : quote.end] == quote.text
        for span in (quote.cue, quote.speaker_mention, quote.clause):
            if span is not None:
                assert seed_text[span.start : span.end] == span.text


def test_without_roster_the_longest_name_is_canonical(seed_text):
    from quotestance import extract_quotes

    speakers = {q.speaker for q in extract_quotes(seed_text)}
    assert {"Donald Trump", "Vladimir Putin", "Viktor Orban", "Dan Fried"} <= speakers
    assert "Trump" not in speakers
