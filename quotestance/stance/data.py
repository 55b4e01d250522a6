"""Public stance corpora as (target, text, label) rows, with their own splits.

VAST (many varied topics, zero-shot test rows) and SemEval-2016 Task 6 as
packaged by TweetEval. Each test split is for evaluation only; VAST's public
snapshot lacks a dev split, so one is cut from train by article (``arc_id``),
never by row, to keep a post's topics together.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import NotRequired, Sequence, TypedDict

from ..errors import InvalidInputError
from ..types import OFF_TOPIC, StanceLabel


class StanceRow(TypedDict):
    target: str
    text: str
    label: StanceLabel
    corpus: str
    group: str
    off_topic: NotRequired[bool]  # the text is about something else: a made-up pairing, never an annotator's neutral
    context: NotRequired[str]  # the sentence around a quote, when the text is a quote
    speaker: NotRequired[str]  # who said it, when known
    swap_of: NotRequired[str]  # a renamed copy: the row it renames (swap_key)


def swap_key(row: StanceRow) -> str:
    """What a renamed copy of ``row`` records as its ``swap_of``, so that
    consistency training can put the two in one batch."""
    return f"{row['target']}\x1f{row['text']}"


VAST_LABELS: dict[int, StanceLabel] = {0: "against", 1: "favor", 2: "neutral"}
SYNTHETIC_NEUTRAL = 4  # VAST type_idx of rows made neutral by pairing a comment with another topic
SEMEVAL_LABELS: dict[int, StanceLabel] = {0: "neutral", 1: "against", 2: "favor"}
SEMEVAL_TARGETS = {
    "abortion": "legalization of abortion",
    "atheism": "atheism",
    "climate": "climate change is a real concern",
    "feminist": "feminism",
    "hillary": "Hillary Clinton",
}


EXTRA_CORPORA = ("newsmtsc", "ibm_claim_stance", "perspectrum")


def load_converted(data_dir: Path, corpus: str, split: str) -> list[StanceRow]:
    """A corpus converted to JSON lines (``text``, ``target``, ``label``,
    ``split``): NewsMTSC (sentiment toward a person named in a news sentence),
    IBM Claim Stance (noun-phrase targets only: the motions read as sentences,
    not as targets a user types) and Perspectrum."""
    import json

    if corpus not in EXTRA_CORPORA:
        raise InvalidInputError(f"corpus must be one of {EXTRA_CORPORA}, not {corpus!r}")
    rows: list[StanceRow] = []
    for line in _require(data_dir / corpus / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("target_kind", "noun_phrase") != "noun_phrase":
            continue
        rows.append(StanceRow(target=record["target"], text=record["text"], label=record["label"], corpus=corpus,
                              group=str(record.get("topic_id", record["target"]))))
    return rows


def default_data_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "shared" / "research" / "data" / "stance"


def _require(path: Path) -> Path:
    if not path.exists():
        raise InvalidInputError(f"stance corpus not found at {path}; pass --data-dir pointing at shared/research/data/stance")
    return path


def load_vast(data_dir: Path, split: str) -> list[StanceRow]:
    """VAST rows; ``group`` is 'zero-shot' or 'few-shot' on test, the article id on train.

    The public snapshot's ``new_topic`` is wrong on the synthetic neutral rows
    (``type_idx`` 4): it repeats a topic the same comment argues for or against,
    so every such row duplicates a favor/against row with the opposite label.
    Their real topic is in ``topic_str`` (lemmatised, stop words removed); it is
    mapped back to the natural wording other rows give it, so neutral rows do
    not stand out by their spelling.
    """
    import pandas as pd

    frame = pd.read_csv(_require(data_dir / "vast" / f"vast_{split}.csv"))
    frame = frame.dropna(subset=["post", "new_topic", "topic_str", "label"])
    synthetic = frame["type_idx"] == SYNTHETIC_NEUTRAL
    natural = frame[~synthetic].groupby("topic_str")["new_topic"].agg(lambda names: names.value_counts().index[0])
    topics = frame["new_topic"].where(~synthetic, frame["topic_str"].map(natural).fillna(frame["topic_str"]))
    rows: list[StanceRow] = []
    for post, topic, label, arc, seen, made_up in zip(frame["post"], topics, frame["label"], frame["arc_id"], frame["seen?"], synthetic):
        group = ("few-shot" if int(seen) == 1 else "zero-shot") if split == "test" else str(arc)
        rows.append(StanceRow(target=str(topic), text=str(post), label=VAST_LABELS[int(label)], corpus="vast", group=group,
                              off_topic=bool(made_up)))
    return rows


def load_semeval(data_dir: Path, split: str) -> list[StanceRow]:
    """SemEval-2016 tweets; ``group`` is the target folder name."""
    rows: list[StanceRow] = []
    for folder, target in SEMEVAL_TARGETS.items():
        base = _require(data_dir / "semeval2016" / folder)
        texts = (base / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
        labels = (base / f"{split}_labels.txt").read_text(encoding="utf-8").split()
        for text, label in zip(texts, labels):
            rows.append(StanceRow(target=target, text=text.strip(), label=SEMEVAL_LABELS[int(label)], corpus="semeval", group=folder))
    return rows


def unrelated_pairs(rows: list[StanceRow], fraction: float, seed: int) -> list[StanceRow]:
    """Neutral pairs made by giving a text another article's topic.

    Most quotes in a news corpus say nothing about a given target. VAST's
    synthetic neutral rows are made the same way (a comment paired with
    another comment's topic); these add more of that common case. Their gain
    was measured only before the VAST repair, when it was small.
    """
    rng = random.Random(seed)
    topics = [(r["target"], r["group"]) for r in rows]
    out = []
    for row in rng.sample(rows, int(len(rows) * fraction)):
        target, group = rng.choice(topics)
        while group == row["group"]:
            target, group = rng.choice(topics)
        pair = StanceRow(target=target, text=row["text"], label="neutral", corpus="unrelated", group=row["group"], off_topic=True)
        for key in ("context", "speaker"):  # a news quote keeps what the model reads with it
            if key in row:
                pair[key] = row[key]  # type: ignore[literal-required]
        out.append(pair)
    return out


def balance_stances(rows: list[StanceRow], max_repeat: int = 4) -> list[StanceRow]:
    """Per target, repeat the rarer of favor and against until it roughly
    matches the other (at most ``max_repeat`` times); neutral rows stay once.

    SemEval's five targets each lean one way (77% of the Hillary Clinton
    tweets that take a side are against her, 94% of the climate ones favor),
    so a model learns the target's name as a stance cue and carries that
    prior onto news quotes. Repeating rather than dropping keeps every tweet.
    """
    by_target: dict[str, dict[str, list[StanceRow]]] = {}
    for row in rows:
        by_target.setdefault(row["target"], {}).setdefault(row["label"], []).append(row)
    out: list[StanceRow] = []
    for labels in by_target.values():
        sides = [len(labels.get(side, [])) for side in ("favor", "against")]
        for label, group in labels.items():
            times = min(max_repeat, max(1, round(max(sides) / len(group)))) if label in ("favor", "against") else 1
            out.extend(group * times)
    return out


def training_label(row: StanceRow, labels: Sequence[str]) -> str:
    """The label a row teaches: ``unrelated`` for off-topic pairs when the
    model has that fourth label, else the row's own stance."""
    return OFF_TOPIC if OFF_TOPIC in labels and row.get("off_topic", False) else row["label"]


def training_mix(data_dir: Path, seed: int = 13, dev_fraction: float = 0.1, unrelated_fraction: float = 0.0,
                 unrelated_from: str = "vast", semeval_repeat: int = 1,
                 semeval_balance: bool = False) -> tuple[list[StanceRow], list[StanceRow]]:
    """(train, dev): VAST train split by article, SemEval train and val, and
    optionally unrelated-topic neutral pairs drawn from the VAST train part
    (``unrelated_from="vast"``) or from VAST and SemEval together (``"all"``):
    the latter also pairs SemEval's five fixed targets with texts about
    something else, so a target seen in training is not taken as a stance cue.
    ``semeval_repeat`` puts SemEval's train rows in that many times: they are
    a sixth of the mix, and tweets read unlike VAST's comments.
    ``semeval_balance`` evens out favor and against per SemEval target first
    (:func:`balance_stances`). Dev depends on ``seed`` alone."""
    if unrelated_from not in ("vast", "all"):
        raise InvalidInputError(f"unrelated_from must be 'vast' or 'all', not {unrelated_from!r}")
    if semeval_repeat < 1:
        raise InvalidInputError(f"semeval_repeat must be at least 1, not {semeval_repeat}")
    vast = load_vast(data_dir, "train")
    articles = sorted({row["group"] for row in vast})
    random.Random(seed).shuffle(articles)
    dev_articles = set(articles[: int(len(articles) * dev_fraction)])
    vast_train = [r for r in vast if r["group"] not in dev_articles]
    semeval_tweets = load_semeval(data_dir, "train")
    semeval_train = balance_stances(semeval_tweets) if semeval_balance else semeval_tweets
    pool = vast_train + semeval_tweets if unrelated_from == "all" else vast_train
    train = vast_train + semeval_train * semeval_repeat + unrelated_pairs(pool, unrelated_fraction, seed)
    dev = [r for r in vast if r["group"] in dev_articles] + load_semeval(data_dir, "val")
    random.Random(seed).shuffle(train)
    return train, dev
