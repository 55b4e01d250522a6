"""The hand-labelled news-quote corpus: its files, splits and double labels.

The offsets and labels ship in data/news_stance; the article texts come from
shared/ beside the project, so the tests that slice quotes skip without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_or_skip
from quotestance import InvalidInputError
from quotestance.stance.news import NEWS_DIR, SPLITS, batch_of, fingerprint, load_news, news_rows, split_of


def _records(split: str) -> list[dict]:
    return [json.loads(line) for line in (NEWS_DIR / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]


def test_the_corpus_has_its_size_labels_and_splits_by_article():
    records = {split: _records(split) for split in SPLITS}
    assert sum(map(len, records.values())) >= 3000
    for split, rows in records.items():
        assert {r["label"] for r in rows} == {"favor", "against", "neutral"}
        assert all(split_of(r["article"]) == split for r in rows)
        assert all(r["target"].strip() and 0 <= r["start"] < r["end"] for r in rows)
    articles = [{r["article"] for r in rows} for rows in records.values()]
    assert not (articles[0] & articles[1] or articles[0] & articles[2] or articles[1] & articles[2])


def test_settled_double_labels_are_the_corpus_labels():
    labels = {r["id"]: r["label"] for split in SPLITS for r in _records(split)}
    double = [json.loads(line) for line in (NEWS_DIR / "double_labelled.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(double) >= 300
    assert all(labels[d["id"]] == d["settled"] for d in double)
    assert sum(d["first"] == d["second"] for d in double) / len(double) > 0.8


def test_items_slice_their_quotes_from_the_shared_articles():
    shared_or_skip("research", "data", "polnear")
    items = load_news("dev")
    assert len(items) == len(_records("dev"))
    item = items[0]
    assert fingerprint(item.quote) == _records("dev")[0]["quote_sha1"]
    assert item.quote.strip() and item.context and item.quote.strip()[:20] in item.context
    row = news_rows(items)[0]
    assert row["corpus"] == "news" and row["context"] == item.context and row["speaker"] == (item.speaker or "")


def test_a_changed_article_is_caught(tmp_path: Path):
    row = dict(_records("dev")[0])
    (tmp_path / "dev.jsonl").write_text(json.dumps({**row, "quote_sha1": "0" * 12}) + "\n", encoding="utf-8")
    shared_or_skip("research", "data", "polnear")
    with pytest.raises(InvalidInputError, match="not the one labelled"):
        load_news("dev", tmp_path)


def test_bad_splits_and_missing_files_say_what_to_do(tmp_path: Path):
    with pytest.raises(InvalidInputError, match="split must be one of"):
        load_news("validation")
    with pytest.raises(InvalidInputError, match="data/news_stance"):
        load_news("dev", tmp_path)


def test_later_rounds_add_train_items_only_and_are_chosen_by_their_ids():
    # dev and test are round 1 alone, so scores on them stay comparable across the rounds
    rounds = {split: {batch_of(r["id"]) for r in _records(split)} for split in SPLITS}
    assert rounds == {"train": {1, 2, 3}, "dev": {1}, "test": {1}}
    second = [r for r in _records("train") if batch_of(r["id"]) == 2]
    assert len(second) >= 1000 and all(r["id"].startswith("nb2-") and not r["off_topic"] for r in second)


def test_the_third_round_asks_for_the_stance_toward_the_speaker_and_skips_the_checked_speakers():
    third = [r for r in _records("train") if batch_of(r["id"]) == 3]
    assert len(third) >= 400 and all(r["id"].startswith("nb3-") and r["target"] == r["speaker"] for r in third)
    earlier = {(r["article"], r["start"], r["end"]) for r in _records("train") if batch_of(r["id"]) != 3}
    assert all((r["article"], r["start"], r["end"]) in earlier for r in third)  # the same quotes, a second target
    # the direction check reads Clinton's and Trump's own quotes; the suite and the seed name Blair and Putin
    assert not any(name in r["speaker"] for r in third for name in ("Clinton", "Trump", "Tony Blair", "Putin"))
    with pytest.raises(InvalidInputError, match="neither"):
        batch_of("x17")


def test_loading_chooses_the_rounds_asked_for():
    shared_or_skip("research", "data", "polnear")
    first = load_news("train", batches=(1,))
    both = load_news("train")
    assert {batch_of(item.id) for item in first} == {1}
    assert len(both) == len(_records("train")) > len(first)
