"""track() speed: documents per second over PolNeAR train, single process and
with the available cores, against one-at-a-time extract_quotes calls.

    python tests/benchmarks/bench_track.py [--limit 300] [--target "Hillary Clinton"]
"""

from __future__ import annotations

import argparse
import os
import time

from common import peak_rss_mb, polnear_texts

from quotestance import TransformerStance, extract_quotes, track
from quotestance.attribution.nlp import load_spacy
from quotestance.corpus.track import stance_context


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--target", default="Hillary Clinton")
    args = parser.parse_args()
    texts = polnear_texts("train", args.limit)
    load_spacy()
    model = TransformerStance()
    started = time.perf_counter()
    for text in texts:
        quotes = extract_quotes(text)
        if quotes:
            model.predict([q.text for q in quotes], args.target, [stance_context(text, q) for q in quotes])
    one_by_one = time.perf_counter() - started
    print(f"one at a time: {len(texts) / one_by_one:.1f} docs/s")
    for processes in sorted({1, os.cpu_count() or 1}):
        started = time.perf_counter()
        frame = track(texts, target=args.target, classifier=model, n_process=processes, batch_size=64)
        seconds = time.perf_counter() - started
        print(f"track n_process={processes}: {len(texts) / seconds:.1f} docs/s, {len(frame)} rows, peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
