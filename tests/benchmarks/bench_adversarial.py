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


def one_run(name: str, size: int, processes: int | None) -> None:
    """Time one text in this process and print a JSON line."""
    import resource

    from adversarial import GENERATORS
    from common import PeakFamilyMemory, peak_rss_mb

    from quotestance import extract_quotes
    from quotestance.attribution.chunks import processes_for

    text = _article(size) if name == "article" else GENERATORS[name](size)
    extract_quotes("Warm up, he said.")  # the model loads outside the timing
    with PeakFamilyMemory() as family:
        started, cpu = time.perf_counter(), time.process_time()
        quotes = extract_quotes(text, n_process=processes)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert all(text[q.start : q.end] == q.text for q in quotes)
    workers = processes_for(processes, len(text))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "cpu": cpu + children.ru_utime + children.ru_stime, "rss_mb": peak_rss_mb(),
                      "quotes": len(quotes), "processes": workers, "worker_rss_mb": children.ru_maxrss / 1024,
                      "family_pss_mb": family.peak_mb}))


def measured(name: str, size: int, processes: int | None = 1) -> dict[str, float]:
    """Generators run in one process (the measure is the code's growth); the article as a user's call would."""
    command = [sys.executable, __file__, "--one", name, str(size), "auto" if processes is None else str(processes)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{name} at {size} characters failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from adversarial import GENERATORS

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="KB")
    parser.add_argument("--article-mb", type=float, default=5.0)
    parser.add_argument("--only", nargs="*", default=sorted(GENERATORS), help="generators to run (none: the article only)")
    parser.add_argument("--article-processes", type=int, help="parse the article in this many processes "
                        "(default: extract_quotes' own choice, several for a text of a million characters or more)")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_run(args.one[0], int(args.one[1]), None if args.one[2] == "auto" else int(args.one[2]))
        return
    from common import machine

    print(machine())
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
        run = measured("article", int(args.article_mb * 1e6), args.article_processes)
        workers = int(run["processes"])
        # with workers, the memory is theirs and this process's together: peak summed PSS, where a page that
        # forked workers share with this process (the model) counts once
        memory = run["family_pss_mb"] if workers > 1 else run["rss_mb"]
        print(f"{args.article_mb:g} MB article, {workers} process{'es' if workers > 1 else ''}: {run['seconds']:.1f} s "
              f"({run['seconds'] / args.article_mb:.1f} s/MB, CPU {run['cpu']:.1f} s), {run['quotes']:.0f} quotes, "
              f"peak RSS {run['rss_mb']:.0f} MB" + (f" here, {run['worker_rss_mb']:.0f} MB the largest worker, "
                                                     f"{memory:.0f} MB summed PSS of all" if workers > 1 else "")
              + f" (targets: under 120 s, at most 1,536 MB) {'ok' if run['seconds'] < 120 and memory <= 1536 else 'MISSED'}")


if __name__ == "__main__":
    main()
