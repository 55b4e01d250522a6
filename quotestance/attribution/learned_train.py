"""Train the learned reported-speech tagger on PolNeAR train; write the model,
its metrics and its model card from the run's own figures.

    python -m quotestance.attribution.learned_train --output quotestance/attribution/models/reported-speech

Parses PolNeAR train and dev with en_core_web_sm (the pipeline's own parse),
tags every token B/I of CONTENT, CUE, SOURCE or O from the brat files (every
annotator's file of an article is one more training example), trains the
BiLSTM of ``learned.py`` on train with a fixed seed, picks the epoch by dev
token F1, and scores the whole pipeline on dev with and without it.
PolNeAR test is never read; the seed article is never trained on.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from ..corpus.inputs import read_text
from ..evaluate.polnear import _spans
from . import learned
from .learned import ROLES, TAGS

DEFAULT_ROOT = Path(__file__).resolve().parents[3] / "shared" / "research" / "data" / "polnear"


def roles(ann: str) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """(role, spans) for every Content, Cue and Source of an attribution."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    out = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (label.upper(), _spans(offsets))
        elif line.startswith("E") and len(parts) >= 2:
            for item in parts[1].split()[1:]:
                name, _, ref = item.partition(":")
                if name.upper() in ROLES and ref in spans:
                    out.append((name.upper(), spans[ref][1]))
    return out


def gold_tags(token_spans: Sequence[tuple[int, int]], found: Sequence[tuple[str, tuple[tuple[int, int], ...]]]) -> list[int]:
    """A tag per token: a token takes the role of the span holding its first
    character; each piece of a discontinuous span starts with B."""
    from bisect import bisect_left, bisect_right

    tags = [0] * len(token_spans)
    starts = [s for s, _ in token_spans]
    for role, pieces in found:
        for a, b in pieces:
            first, last = bisect_left(starts, a), bisect_right(starts, b - 1)
            if first < len(starts) and first > 0 and token_spans[first - 1][1] > a:
                first -= 1  # the span starts inside a token
            for i in range(first, last):
                tags[i] = TAGS.index(("B-" if i == first else "I-") + role)
    return tags


def parse_split(root: Path, split: str, annotators: str) -> list[dict[str, Any]]:
    """Per article: the raw features (strings, not ids yet), the runs, and
    one gold tag list per annotator's file used."""
    import numpy as np

    from .nlp import load_spacy

    base = root / "data" / split
    paths = sorted((base / "text").glob("*.txt"))
    texts = [read_text(p) for p in paths]
    out = []
    for path, text, doc in zip(paths, texts, load_spacy().pipe(texts, batch_size=16)):
        anns = sorted((base / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        anns = anns if annotators == "all" else anns[:1]
        token_spans = [(t.idx, t.idx + len(t)) for t in doc]
        out.append({
            "name": path.stem,
            "tensor": np.asarray(doc.tensor, dtype=np.float16),
            "pos": [t.pos_ for t in doc], "dep": [t.dep_ for t in doc], "lemma": [t.lemma_.lower() for t in doc],
            "flags": np.array(learned.flags(doc), dtype=np.float32).reshape(len(doc), learned.N_FLAGS),
            "runs": learned.sequences(doc),
            "gold": [gold_tags(token_spans, roles(read_text(a))) for a in anns],
        })
    return out


def cached(root: Path, split: str, annotators: str, cache: Path | None) -> list[dict[str, Any]]:
    import pickle

    if cache is None:
        return parse_split(root, split, annotators)
    path = cache / f"polnear-{split}-{annotators}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    data = parse_split(root, split, annotators)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(data))
    return data


def make_vocab(train: Sequence[dict[str, Any]], min_count: int, max_lemmas: int) -> dict[str, dict[str, int]]:
    """Ids for parts of speech, dependencies and frequent lemmas (0 pads, 1 is unknown)."""
    vocab = {}
    for name, limit, floor in (("pos", None, 1), ("dep", None, 1), ("lemma", max_lemmas, min_count)):
        counts = Counter(value for article in train for value in article[name])
        kept = [value for value, n in counts.most_common(limit) if n >= floor]
        vocab[name] = {value: i + 2 for i, value in enumerate(kept)}
    return vocab


def examples(data: Sequence[dict[str, Any]], vocab: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """One example per (article, annotator, run)."""
    import numpy as np

    out = []
    for article in data:
        ids = {name: np.array([vocab[name].get(v, 1) for v in article[name]], dtype=np.int64) for name in ("pos", "dep", "lemma")}
        for gold in article["gold"]:
            tags = np.array(gold, dtype=np.int64)
            for start, end in article["runs"]:
                out.append({"tensor": article["tensor"][start:end].astype(np.float32), **{k: v[start:end] for k, v in ids.items()},
                            "flags": article["flags"][start:end], "tags": tags[start:end]})
    return out


def batches(items: Sequence[dict[str, Any]], size: int) -> list[tuple[Any, ...]]:
    import numpy as np
    import torch

    out = []
    for first in range(0, len(items), size):
        group = items[first : first + size]
        longest = max(len(item["tags"]) for item in group)
        tensors = []
        for name in ("tensor", "pos", "dep", "lemma", "flags", "tags"):
            sample = group[0][name]
            array = np.full((len(group), longest) + sample.shape[1:], -100 if name == "tags" else 0, dtype=sample.dtype)
            for row, item in enumerate(group):
                array[row, : len(item[name])] = item[name]
            tensors.append(torch.from_numpy(array))
        out.append(tuple(tensors))
    return out


def token_scores(model: Any, dev: Sequence[tuple[Any, ...]]) -> dict[str, float]:
    """Token F1 per role (B and I together) on dev."""
    import torch

    hit: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    model.eval()
    with torch.inference_mode():
        for *inputs, tags in dev:
            best = model(*inputs).argmax(-1)
            mask = tags >= 0
            for role in ROLES:
                ids = torch.tensor([TAGS.index("B-" + role), TAGS.index("I-" + role)])
                p, g = torch.isin(best, ids) & mask, torch.isin(tags, ids) & mask
                hit[role] += int((p & g).sum())
                predicted[role] += int(p.sum())
                gold[role] += int(g.sum())
    return {role: 2 * hit[role] / max(1, predicted[role] + gold[role]) for role in ROLES}


def train(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    import torch

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    started = time.perf_counter()
    train_data = cached(args.root, "train", args.annotators, args.cache)
    dev_data = cached(args.root, "dev", "first", args.cache)
    parsed_s = time.perf_counter() - started
    vocab = make_vocab(train_data, args.min_count, args.max_lemmas)
    sizes = {"width": int(train_data[0]["tensor"].shape[1]), "pos": len(vocab["pos"]) + 2, "dep": len(vocab["dep"]) + 2,
             "lemma": len(vocab["lemma"]) + 2, "lemma_dim": args.lemma_dim, "hidden": args.hidden, "layers": args.layers,
             "dropout": int(args.dropout * 100)}
    train_items = examples(train_data, vocab)
    dev_batches = batches(sorted(examples(dev_data, vocab), key=lambda x: len(x["tags"])), 64)
    model = learned.build_model(sizes)
    weights = torch.ones(len(TAGS))
    weights[0] = args.o_weight
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, ignore_index=-100)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    history, best, best_state = [], -1.0, None
    for epoch in range(1, args.epochs + 1):
        model.train()
        random.shuffle(train_items)
        ordered = sorted(train_items, key=lambda x: len(x["tags"]) + random.random() * 8)  # similar lengths together
        train_batches = batches(ordered, args.batch_size)
        random.shuffle(train_batches)
        total = 0.0
        for *inputs, tags in train_batches:
            optimiser.zero_grad()
            loss = loss_fn(model(*inputs).reshape(-1, len(TAGS)), tags.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            total += float(loss.detach())
        scores = token_scores(model, dev_batches)
        mean = sum(scores.values()) / len(scores)
        history.append({"epoch": epoch, "loss": total / len(train_batches), **{f"dev_token_f1_{k.lower()}": v for k, v in scores.items()}})
        print(json.dumps(history[-1]), flush=True)
        if mean > best:  # written at once, so a long run can be looked at before it ends
            best, best_state = mean, {k: v.clone() for k, v in model.state_dict().items()}
            args.output.mkdir(parents=True, exist_ok=True)
            torch.save(best_state, args.output / "model.pt")
            (args.output / "vocab.json").write_text(json.dumps(vocab, sort_keys=True), encoding="utf-8")
            settings = {"sizes": sizes, "max_cue_distance": args.max_cue_distance,
                        "max_source_distance": args.max_source_distance, "tags": list(TAGS)}
            (args.output / "config.json").write_text(json.dumps(settings, indent=1), encoding="utf-8")
    chosen = max(history, key=lambda h: sum(h[f"dev_token_f1_{r.lower()}"] for r in ROLES))
    return {"history": history, "chosen_epoch": chosen["epoch"], "parse_seconds": round(parsed_s),
            "train_seconds": round(time.perf_counter() - started - parsed_s),
            "train_articles": len(train_data), "train_files": sum(len(a["gold"]) for a in train_data),
            "train_sequences": len(train_items), "dev_articles": len(dev_data)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m quotestance.attribution.learned_train", description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=learned.MODEL_DIR)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="a PolNeAR clone")
    parser.add_argument("--cache", type=Path, default=None, help="keep the parsed splits here (pickles)")
    parser.add_argument("--annotators", choices=["all", "first"], default="all")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--dropout", type=float, default=0.3)
    parser.add_argument("--lemma-dim", type=int, default=48)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--max-lemmas", type=int, default=6000)
    parser.add_argument("--o-weight", type=float, default=1.0, help="loss weight of the O tag")
    parser.add_argument("--max-cue-distance", type=int, default=40, help="tokens from a content span to its cue, at most")
    parser.add_argument("--max-source-distance", type=int, default=10, help="tokens from a cue to its source, at most")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads; one is faster for a model this small on shared cores, and fixes the sums' order")
    parser.add_argument("--skip-eval", action="store_true", help="train only; no pipeline scores, no card")
    parser.add_argument("--rescore", action="store_true",
                        help="train nothing: score the tagger already in --output with today's pipeline (its decoding, the "
                             "rules) and rewrite its card; the training figures stay those of the run that made it")
    args = parser.parse_args(argv)
    if not (args.root / "data" / "train").exists():
        raise SystemExit(f"no PolNeAR at {args.root}: clone https://github.com/networkdynamics/PolNeAR and pass --root")
    if args.rescore:
        rescore(args.output, args.root)
        return
    import torch

    torch.set_num_threads(args.threads)
    run = train(args)
    run["command"] = " ".join(["python -m quotestance.attribution.learned_train", *(argv if argv is not None else sys.argv[1:])])
    run["arguments"] = {k: os.path.relpath(v) if isinstance(v, Path) else str(v) for k, v in vars(args).items()}  # no machine's paths
    if not args.skip_eval:
        from .learned_card import evaluate_and_write

        evaluate_and_write(args.output, args.root, run)
    else:
        (args.output / "metrics.json").write_text(json.dumps(run, indent=1), encoding="utf-8")


def rescore(folder: Path, root: Path) -> None:
    """Re-score a trained tagger after a change outside its weights (weights
    retrained on another kind of CPU differ, so a decoding change must not
    need a retraining to reach the card)."""
    from datetime import date

    from .learned_card import evaluate_and_write

    metrics = folder / "metrics.json"
    if not metrics.exists():
        raise SystemExit(f"no metrics.json in {folder}: train the tagger there first")
    run = json.loads(metrics.read_text(encoding="utf-8"))
    run["rescored"] = date.today().isoformat()
    evaluate_and_write(folder, root, run)


if __name__ == "__main__":
    main()
