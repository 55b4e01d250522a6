"""Extraction on hostile text: time, time per KB and peak RSS at 10, 100 and
1,000 KB for each generator of tests/adversarial.py, and one 5 MB article.

    python tests/benchmarks/bench_adversarial.py [--sizes 10 100 1000] [--article-mb 5] [--only NAME ...]

Each run is a subprocess of its own, so its peak RSS is that run's alone
(the spaCy model included, about 330 MB). Targets (issue 17): time per KB at
1,000 KB at most twice that at 10 KB; the 5 MB article under 1.5 GB and
under 2 minutes on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]


def _article(size: int) -> str:
    """News as it comes: PolNeAR train articles, one after another, to ``size`` characters."""
    from common import POLNEAR, polnear_texts

    if (POLNEAR / "train" / "text").exists():
        base = "\n".join(polnear_texts("train", 200))
    else:
        from adversarial import one_paragraph

        base = "\n".join(one_paragraph(3000) for _ in range(50))
    return (base * (size // len(base) + 1))[:size]


def one_run(name: str, size: int) -> None:
    """Time one text in this process and print a JSON line."""
    from adversarial import GENERATORS
    from common import peak_rss_mb

    from quotestance import extract_quotes

    text = _article(size) if name == "article" else GENERATORS[name](size)
    extract_quotes("Warm up, he said.")  # the model loads outside the timing
    started, cpu = time.perf_counter(), time.process_time()
    quotes = extract_quotes(text)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert all(text[q.start : q.end] == q.text for q in quotes)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": peak_rss_mb(), "quotes": len(quotes)}))


def measured(name: str, size: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--one", name, str(size)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{name} at {size} characters failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from adversarial import GENERATORS

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="KB")
    parser.add_argument("--article-mb", type=float, default=5.0)
    parser.add_argument("--only", nargs="*", default=sorted(GENERATORS), help="generators to run (none: the article only)")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_run(args.one[0], int(args.one[1]))
        return
    print(f"{'generator':16} {'KB':>6} {'seconds':>8} {'ms/KB':>7} {'CPU s':>7} {'peak RSS MB':>11} {'quotes':>7}")
    for name in args.only:
        per_kb = {}
        for kb in args.sizes:
            run = measured(name, kb * 1000)
            per_kb[kb] = 1000 * run["seconds"] / kb
            print(f"{name:16} {kb:6} {run['seconds']:8.1f} {per_kb[kb]:7.1f} {run['cpu']:7.1f} {run['rss_mb']:11.0f} "
                  f"{run['quotes']:7.0f}", flush=True)
        smallest, largest = min(args.sizes), max(args.sizes)
        ratio = per_kb[largest] / per_kb[smallest]
        print(f"{name:16} time per KB at {largest} KB / at {smallest} KB: {ratio:.2f} (target <= 2) "
              f"{'ok' if ratio <= 2 else 'MISSED'}", flush=True)
    if args.article_mb:
        run = measured("article", int(args.article_mb * 1e6))
        print(f"{args.article_mb:g} MB article: {run['seconds']:.1f} s ({run['seconds'] / args.article_mb:.1f} s/MB, "
              f"CPU {run['cpu']:.1f} s), "
              f"{run['quotes']:.0f} quotes, peak RSS {run['rss_mb']:.0f} MB (targets: under 120 s, at most 1,536 MB) "
              f"{'ok' if run['seconds'] < 120 and run['rss_mb'] <= 1536 else 'MISSED'}")


if __name__ == "__main__":
    main()
