"""Quote extraction speed: articles per second and peak memory over PolNeAR train.

    python tests/benchmarks/bench_extraction.py [--limit N] [--processes 1 2] [--scaling]

--scaling also times one synthetic document of 0.5, 1, 2 and 5 MB, to show
that the time grows linearly with the length.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from common import peak_rss_mb, polnear_texts

from quotestance import extract_many, extract_quotes
from quotestance.attribution.nlp import load_spacy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--scaling", action="store_true")
    parser.add_argument("--profile", action="store_true", help="where the time goes, single process")
    args = parser.parse_args()
    texts = polnear_texts("train", args.limit)
    chars = sum(map(len, texts))
    load_spacy()
    print(f"PolNeAR train: {len(texts)} articles, {chars / len(texts):.0f} characters each on average")
    for processes in args.processes:
        started = time.perf_counter()
        quotes = sum(len(q) for q in extract_many(texts, n_process=processes, batch_size=32))
        seconds = time.perf_counter() - started
        print(f"n_process={processes}: {len(texts) / seconds:.1f} articles/s, {quotes} quotes, "
              f"{seconds:.1f} s, peak RSS {peak_rss_mb():.0f} MB")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in extract_many(texts[:100]):
            pass
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("tottime")
        stats.print_stats(12)
    if args.scaling:
        base = "\n".join(texts[:200])
        for megabytes in (0.5, 1, 2, 5):
            document = (base * (int(megabytes * 1e6) // len(base) + 1))[: int(megabytes * 1e6)]
            started = time.perf_counter()
            found = len(extract_quotes(document))
            seconds = time.perf_counter() - started
            print(f"{megabytes:>4} MB document: {seconds:.1f} s ({seconds / megabytes:.1f} s/MB), {found} quotes, peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
