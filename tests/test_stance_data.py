"""The stance corpora loaders: labels, splits and VAST's synthetic neutral topics."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import shared_or_skip

from quotestance.stance.data import load_vast, training_label, training_mix, unrelated_pairs

COLUMNS = ["author", "post", "ori_topic", "new_topic", "label", "type_idx", "new_id", "arc_id", "topic_str", "seen?", "contains_topic?"]


def _write_vast(folder: Path, split: str, rows: list[list[object]]) -> Path:
    (folder / "vast").mkdir(parents=True, exist_ok=True)
    with (folder / "vast" / f"vast_{split}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return folder


def test_synthetic_neutral_rows_take_their_topic_from_topic_str(tmp_path):
    # As in the public snapshot: the neutral row repeats the argued topic in
    # new_topic; topic_str holds the topic it was really paired with.
    rail = "Trains are the future and we should build them everywhere."
    data = _write_vast(tmp_path, "test", [
        ["a", "Raise the rim and the tall players win.", "rim", "raising the rim", 0, 2, 1, 10, "raising rim", 0, 1],
        ["a", "Raise the rim and the tall players win.", "rim", "raising the rim", 2, 4, 2, 10, "high speed rail", 0, 0],
        ["b", rail, "rail", "high-speed rail", 1, 1, 3, 11, "high speed rail", 1, 1],
    ])
    rows = load_vast(data, "test")
    assert [(r["target"], r["label"]) for r in rows] == [
        ("raising the rim", "against"), ("high-speed rail", "neutral"), ("high-speed rail", "favor")]
    assert [r["group"] for r in rows] == ["zero-shot", "zero-shot", "few-shot"]
    assert [r["off_topic"] for r in rows] == [False, True, False]


def test_a_synthetic_topic_with_no_natural_wording_keeps_topic_str(tmp_path):
    data = _write_vast(tmp_path, "train", [
        ["a", "Some comment.", "rim", "rim", 2, 4, 1, 10, "flag burning", 1, 0],
    ])
    assert load_vast(data, "train")[0]["target"] == "flag burning"


def test_no_vast_input_carries_two_labels_from_the_snapshot_bug():
    """Every synthetic neutral row once duplicated a favor/against row's input."""
    data = shared_or_skip("research", "data", "stance")
    for split in ("train", "test"):
        rows = load_vast(data, split)
        argued = {(r["text"], r["target"]) for r in rows if r["label"] != "neutral"}
        neutral = [(r["text"], r["target"]) for r in rows if r["label"] == "neutral"]
        clashes = sum(pair in argued for pair in neutral)
        # A handful remain where annotators themselves disagreed on a topic.
        assert clashes / len(neutral) < 0.05, (split, clashes, len(neutral))


def test_dev_is_cut_by_article_and_keeps_test_out():
    data = shared_or_skip("research", "data", "stance")
    train, dev = training_mix(data, unrelated_fraction=0.1)
    train_articles = {r["group"] for r in train if r["corpus"] == "vast"}
    dev_articles = {r["group"] for r in dev if r["corpus"] == "vast"}
    assert dev_articles and not train_articles & dev_articles
    test_texts = {r["text"] for r in load_vast(data, "test")}
    assert not test_texts & {r["text"] for r in train}


def test_unrelated_pairs_from_all_corpora_give_semeval_targets_other_texts():
    from quotestance.stance.data import SEMEVAL_TARGETS

    data = shared_or_skip("research", "data", "stance")
    vast_only, _ = training_mix(data, unrelated_fraction=0.15)
    mixed, _ = training_mix(data, unrelated_fraction=0.15, unrelated_from="all")
    fixed_targets = set(SEMEVAL_TARGETS.values())
    assert not any(r["target"] in fixed_targets for r in vast_only if r["corpus"] == "unrelated")
    pairs = [r for r in mixed if r["corpus"] == "unrelated"]
    assert all(r["label"] == "neutral" for r in pairs)
    on_fixed = [r for r in pairs if r["target"] in fixed_targets]
    assert on_fixed
    # a tweet is never paired with its own target
    assert not any(SEMEVAL_TARGETS.get(r["group"]) == r["target"] for r in on_fixed)


def test_unrelated_from_rejects_an_unknown_source():
    import pytest

    from quotestance.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="unrelated_from"):
        training_mix(Path("/nonexistent"), unrelated_fraction=0.1, unrelated_from="fnc1")


def test_off_topic_rows_teach_unrelated_only_to_a_four_label_model(tmp_path):
    data = _write_vast(tmp_path, "train", [
        ["a", "Raise the rim.", "rim", "raising the rim", 0, 2, 1, 10, "raising rim", 1, 1],
        ["a", "Raise the rim.", "rim", "raising the rim", 2, 4, 2, 10, "flag burning", 1, 0],
        ["b", "No view on it.", "flag", "flag burning", 2, 2, 3, 11, "flag burning", 1, 1],
    ])
    rows = load_vast(data, "train")
    pairs = unrelated_pairs(rows, 1.0, seed=0)
    three, four = ("favor", "against", "neutral"), ("favor", "against", "neutral", "unrelated")
    assert [training_label(r, three) for r in rows] == ["against", "neutral", "neutral"]
    assert [training_label(r, four) for r in rows] == ["against", "unrelated", "neutral"]
    assert {training_label(r, four) for r in pairs} == {"unrelated"} and {r["label"] for r in pairs} == {"neutral"}


def _write_semeval(folder: Path) -> None:
    from quotestance.stance.data import SEMEVAL_TARGETS

    for name in SEMEVAL_TARGETS:
        base = folder / "semeval2016" / name
        base.mkdir(parents=True)
        for split in ("train", "val"):
            (base / f"{split}_text.txt").write_text(f"{name} {split} one\n{name} {split} two\n", encoding="utf-8")
            (base / f"{split}_labels.txt").write_text("1\n2\n", encoding="utf-8")


def test_semeval_repeat_adds_tweets_to_train_and_leaves_dev_alone(tmp_path):
    import pytest

    from quotestance.errors import InvalidInputError

    _write_vast(tmp_path, "train", [
        ["a", f"Comment {i}.", "rim", "raising the rim", i % 2, 1, i, i, "raising rim", 1, 1] for i in range(20)
    ])
    _write_semeval(tmp_path)
    once, dev_once = training_mix(tmp_path)
    thrice, dev_thrice = training_mix(tmp_path, semeval_repeat=3)
    count = lambda rows, corpus: sum(r["corpus"] == corpus for r in rows)  # noqa: E731
    assert count(once, "semeval") == 10 and count(thrice, "semeval") == 30
    assert count(once, "vast") == count(thrice, "vast")
    assert dev_once == dev_thrice
    with pytest.raises(InvalidInputError, match="semeval_repeat"):
        training_mix(tmp_path, semeval_repeat=0)


def _tweet(target: str, label: str, index: int) -> dict:
    return {"target": target, "text": f"{target} {label} {index}", "label": label, "corpus": "semeval", "group": target}


def test_balance_repeats_the_rarer_side_per_target_and_keeps_neutrals_once():
    from collections import Counter

    from quotestance.stance.data import balance_stances

    rows = ([_tweet("hillary", "against", i) for i in range(9)] + [_tweet("hillary", "favor", i) for i in range(3)]
            + [_tweet("hillary", "neutral", i) for i in range(2)]
            + [_tweet("climate", "favor", i) for i in range(20)] + [_tweet("climate", "against", 0)])
    counts = Counter((r["target"], r["label"]) for r in balance_stances(rows))
    assert counts[("hillary", "favor")] == 9 and counts[("hillary", "against")] == 9
    assert counts[("hillary", "neutral")] == 2
    assert counts[("climate", "against")] == 4 and counts[("climate", "favor")] == 20  # capped at 4 repeats
    # every tweet is kept, none invented
    assert {r["text"] for r in balance_stances(rows)} == {r["text"] for r in rows}


def test_semeval_balance_changes_train_only(tmp_path):
    _write_vast(tmp_path, "train", [
        ["a", f"Comment {i}.", "rim", "raising the rim", i % 2, 1, i, i, "raising rim", 1, 1] for i in range(20)
    ])
    _write_semeval(tmp_path)
    for name in ("hillary",):  # three against, one favor
        (tmp_path / "semeval2016" / name / "train_text.txt").write_text("a\nb\nc\nd\n", encoding="utf-8")
        (tmp_path / "semeval2016" / name / "train_labels.txt").write_text("1\n1\n1\n2\n", encoding="utf-8")
    plain, dev_plain = training_mix(tmp_path)
    balanced, dev_balanced = training_mix(tmp_path, semeval_balance=True, semeval_repeat=2)
    favor = lambda rows: sum(r["corpus"] == "semeval" and r["target"] == "Hillary Clinton" and r["label"] == "favor" for r in rows)  # noqa: E731
    assert favor(plain) == 1 and favor(balanced) == 2 * 3
    assert dev_plain == dev_balanced


def test_unrelated_pairs_keep_a_quote_s_context_and_speaker_and_cross_articles():
    rows = [{"target": f"target {i}", "text": f"quote {i}", "label": "favor", "corpus": "news", "group": f"article {i % 3}",
             "context": f"He said: quote {i}.", "speaker": "Ann Lee"} for i in range(30)]
    pairs = unrelated_pairs(rows, 0.5, seed=1)
    assert len(pairs) == 15
    by_text = {r["text"]: r for r in rows}
    for pair in pairs:
        source = by_text[pair["text"]]
        assert pair["label"] == "neutral" and pair["off_topic"] and pair["corpus"] == "unrelated"
        assert pair["context"] == source["context"] and pair["speaker"] == "Ann Lee"
        assert pair["target"] != source["target"]
        assert int(pair["target"].split()[1]) % 3 != int(source["group"].split()[1])


def test_the_news_mix_adds_news_rows_to_train_and_news_dev_to_dev():
    shared_or_skip("research", "data", "stance")
    shared_or_skip("research", "data", "polnear")
    from quotestance.stance.train import _parse, mix

    args = _parse(["--output", "x", "--replay", "200", "--extra", "ibm_claim_stance", "--extra-limit", "50",
                   "--news-repeat", "2", "--unrelated-news", "0.1"])
    train, dev = mix(args)
    corpora = {r["corpus"] for r in train}
    assert {"news", "ibm_claim_stance", "unrelated"} <= corpora
    news_train = [r for r in train if r["corpus"] == "news"]
    from quotestance.stance.news import load_news

    assert len(news_train) == 2 * len(load_news("train", batches=(1,)))  # round 1 unless --news-batches says more
    assert {r["corpus"] for r in dev} == {"vast", "semeval", "news"}
    assert not {r["group"] for r in news_train} & {r["group"] for r in dev if r["corpus"] == "news"}
    both, both_dev = mix(_parse(["--output", "x", "--replay", "200", "--news-repeat", "1", "--news-batches", "1", "2"]))
    assert sum(r["corpus"] == "news" for r in both) == len(load_news("train", batches=(1, 2)))
    assert [r for r in both_dev if r["corpus"] == "news"] == [r for r in dev if r["corpus"] == "news"]
