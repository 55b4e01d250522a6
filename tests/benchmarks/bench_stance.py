"""Stance classifier speed: quotes per second and peak memory, batch 1 and 64,
fp32 and bf16, on news-length quotes (the seed's, repeated).

    python tests/benchmarks/bench_stance.py [--quotes 1024] [--model PATH]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import peak_rss_mb

from quotestance import TransformerStance, extract_quotes
from quotestance.tracking import stance_context

SEED = Path(__file__).resolve().parents[2] / "seeds" / "trump_putin_budapest_summit.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quotes", type=int, default=1024)
    parser.add_argument("--model", default=None)
    parser.add_argument("--device", default=None)
    args = parser.parse_args()
    text = SEED.read_text(encoding="utf-8")
    found = extract_quotes(text)
    quotes = [q.text for q in found] * (args.quotes // len(found) + 1)
    contexts = [stance_context(text, q) for q in found] * (args.quotes // len(found) + 1)
    quotes, contexts = quotes[: args.quotes], contexts[: args.quotes]
    words = sum(len(c.split()) for c in contexts) / len(contexts)
    print(f"{len(quotes)} quotes, {words:.0f} words of context each on average")
    for dtype in ("fp32", "bf16"):
        for batch in (1, 64):
            model = TransformerStance(args.model, dtype=dtype, batch_size=batch, device=args.device)
            count = min(len(quotes), 128 if batch == 1 else len(quotes))
            model.predict(quotes[:8], "the summit", contexts[:8])  # warm-up
            started = time.perf_counter()
            model.predict(quotes[:count], "the Budapest summit between Trump and Putin", contexts[:count])
            seconds = time.perf_counter() - started
            print(f"{dtype} batch {batch:>2}: {count / seconds:7.1f} quotes/s on {model._encoder.device} "
                  f"(peak RSS {peak_rss_mb():.0f} MB)")


if __name__ == "__main__":
    main()
