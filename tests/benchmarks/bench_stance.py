"""Stance classifier speed: quotes per second and peak memory, batch 1 and 64,
fp32 and bf16, on news-length quotes (the seed's, repeated).

    python tests/benchmarks/bench_stance.py [--quotes 1024] [--model PATH ...] [--device cuda] [--gold]

``--model`` may be given several times to time models on the same run
(``default`` is the shipped one). ``--gold`` takes the seed's quotes from its
gold fixture instead of extracting them, for a machine without spaCy.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import peak_rss_mb

from quotestance import Quote, TransformerStance
from quotestance.evaluate.fixtures import load_fixture
from quotestance.attribution.text import sentence_around

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = SEEDS / "trump_putin_budapest_summit.txt"
TARGET = "the Budapest summit between Trump and Putin"


def seed_quotes(text: str, gold: bool) -> tuple[list[Quote], list[str]]:
    """The seed's quotes (with their speakers) and the sentence around each:
    what ``track`` passes."""
    if gold:
        items = load_fixture(SEEDS / "seed_summit.json")["quotes"]
        quotes = [Quote(q["kind"], q["span"][0], q["span"][1], text[q["span"][0]:q["span"][1]], speaker=q["speaker"]) for q in items]
        return quotes, [text[slice(*sentence_around(text, q.start, q.end))] for q in quotes]
    from quotestance import extract_quotes
    from quotestance.corpus.track import stance_context

    found = extract_quotes(text)
    return found, [stance_context(text, q) for q in found]


def cpu_line() -> str:
    import platform

    import torch

    flags = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in flags.splitlines() if line.startswith("model name")), platform.processor())
    native = [f for f in ("avx512_bf16", "amx_bf16") if f in flags]
    return (f"CPU: {model}, {torch.get_num_threads()} threads, capability {torch.backends.cpu.get_cpu_capability()}, "
            f"native bf16: {', '.join(native) or 'no'}")


def peak_memory(device: object) -> str:
    import torch

    if str(device).startswith("cuda"):
        return f"peak GPU memory {torch.cuda.max_memory_allocated() / 2**20:.0f} MB, peak RSS {peak_rss_mb():.0f} MB"
    return f"peak RSS {peak_rss_mb():.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quotes", type=int, default=1024)
    parser.add_argument("--model", action="append", default=None, help="a model folder, or 'default'; repeatable")
    parser.add_argument("--device", default=None)
    parser.add_argument("--gold", action="store_true", help="the gold fixture's quotes (no spaCy needed)")
    args = parser.parse_args()
    text = SEED.read_text(encoding="utf-8")
    quotes, contexts = seed_quotes(text, args.gold)
    repeat = args.quotes // len(quotes) + 1
    quotes, contexts = quotes * repeat, contexts * repeat
    quotes, contexts = quotes[: args.quotes], contexts[: args.quotes]
    words = sum(len(c.split()) for c in contexts) / len(contexts)
    print(f"{len(quotes)} quotes, {words:.0f} words of context each on average")
    print(cpu_line())
    for name in args.model or ["default"]:
        print(f"model: {name}")
        time_model(None if name == "default" else name, args.device, quotes, contexts)


def time_model(path: str | None, device: str | None, quotes: list[Quote], contexts: list[str]) -> None:
    for dtype in ("fp32", "bf16"):
        for batch in (1, 64):
            model = TransformerStance(path, dtype=dtype, batch_size=batch, device=device)
            count = min(len(quotes), 128 if batch == 1 else len(quotes))
            # A GPU picks its kernels per input shape on first sight: warm it on the very batches timed
            # (on an H200 a bf16 pass right after loading ran at half the speed of the next one).
            warm = count if str(model._encoder.device).startswith("cuda") else 8
            model.predict(quotes[:warm], TARGET, contexts[:warm])
            started = time.perf_counter()
            model.predict(quotes[:count], TARGET, contexts[:count])
            seconds = time.perf_counter() - started
            print(f"{dtype} batch {batch:>2}: {count / seconds:7.1f} quotes/s on {model._encoder.device} "
                  f"({peak_memory(model._encoder.device)})")


if __name__ == "__main__":
    main()
