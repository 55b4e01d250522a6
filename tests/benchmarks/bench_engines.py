"""Articles per second on the same PolNeAR articles for each way of running:
today's pipeline (no document skipped), the pipeline as it is (documents that
cannot hold an attribution are not parsed), track in-process, and track on a
local Ray with 1 and with 2 workers; with the per-article extraction and
per-quote stance costs that docs/scaling.md builds its cost model on.

    python tests/benchmarks/bench_engines.py [--split dev] [--limit 150] [--target "Hillary Clinton"] [--workers 1 2]

The machine is printed first (CPU model, native bf16), and the load average
beside each figure: on a shared machine the figures move with it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import time
from pathlib import Path

from common import machine, peak_rss_mb, polnear_texts

from quotestance import Config, TransformerStance, extract_many, track
from quotestance.attribution import pipeline
from quotestance.attribution.nlp import load_spacy
from quotestance.attribution.prefilter import can_hold_attribution, cue_forms, cue_lemmas
from quotestance.attribution.quotes import find_marked_spans
from quotestance.attribution.text import paragraphs
from quotestance.corpus.track import stance_context


def torch_threads() -> int:
    import torch

    return torch.get_num_threads()


def load() -> str:
    return "load %.1f" % os.getloadavg()[0]


def rate(label: str, count: int, seconds: float, extra: str = "", cpu: float | None = None) -> float:
    spent = f"; {1000 * cpu / count:.0f} ms CPU per article" if cpu is not None else ""
    print(f"{label:<38} {count / seconds:7.1f} articles/s  ({seconds:6.1f} s{spent}; {load()}; peak RSS {peak_rss_mb():.0f} MB){extra}",
          flush=True)
    return count / seconds


def extraction(texts: list[str], skipping: bool) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, quotes)."""
    real = pipeline.can_hold_attribution
    if not skipping:
        pipeline.can_hold_attribution = lambda *args: True  # type: ignore[assignment]
    try:
        started, cpu = time.perf_counter(), time.process_time()
        quotes = sum(len(q) for q in extract_many(texts, batch_size=32))
        return time.perf_counter() - started, time.process_time() - cpu, quotes
    finally:
        pipeline.can_hold_attribution = real  # type: ignore[assignment]


def skippable(texts: list[str]) -> str:
    """How much a skip could save: documents skipped, and paragraphs with no mark, colon or cue word."""
    nlp, config = load_spacy(), Config()
    words, _ = cue_forms(nlp, cue_lemmas(config))
    documents = sum(not can_hold_attribution(t, find_marked_spans(t), nlp, config) for t in texts)
    kept = total = kept_paragraphs = n_paragraphs = 0
    for text in texts:
        marked = find_marked_spans(text)
        for start, end in paragraphs(text):
            piece = text[start:end]
            holds = any(m.start < end and m.end > start for m in marked) or ":" in piece or any(
                w in words for w in re.findall(r"[^\W\d_]+", piece.lower()))
            kept, total = kept + holds * (end - start), total + end - start
            kept_paragraphs, n_paragraphs = kept_paragraphs + holds, n_paragraphs + 1
    return (f"{documents} of {len(texts)} articles cannot hold an attribution; {kept_paragraphs / n_paragraphs:.0%} of "
            f"paragraphs and {kept / total:.0%} of characters can")


def on_ray(path: Path, target: str | None, workers: int, count: int) -> float:
    """Articles/s on a local Ray of ``workers`` CPUs (warm: the second of two runs); no target: quotes only."""
    import ray

    what = "quotes only, " if target is None else ""

    ray.init(num_cpus=workers, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    try:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            track(str(path), target=target, output=Path(folder) / "cold", engine="ray", workers=workers, shard_size=16)
            rate(f"track on Ray, {what}{workers} worker(s), cold", count, time.perf_counter() - started, " (workers load spaCy, the actor the model)")
            started = time.perf_counter()
            summary = track(str(path), target=target, output=Path(folder) / "warm", engine="ray", workers=workers, shard_size=16)
            return rate(f"track on Ray, {what}{workers} worker(s), warm", count, time.perf_counter() - started, f" ({summary.rows} rows)")
    finally:
        ray.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--target", default="Hillary Clinton")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    args = parser.parse_args()
    texts = polnear_texts(args.split, args.limit)
    print(f"machine: {machine()}")
    print(f"PolNeAR {args.split}: {len(texts)} articles, {sum(map(len, texts)) / len(texts):.0f} characters each on average; {skippable(texts)}")
    load_spacy()
    extraction(texts[:10], True)  # warm-up
    runs: dict[bool, list[tuple[float, float, int]]] = {False: [], True: []}
    for skipping in (False, True, False, True):  # alternated, best of two: the machine is shared
        runs[skipping].append(extraction(texts, skipping))
    (before, before_cpu, quotes), (after, after_cpu, quotes_after) = min(runs[False]), min(runs[True])
    today = rate("pipeline, every document parsed", len(texts), before, f" {quotes} quotes", before_cpu)
    faster = rate("pipeline, skipping (as shipped)", len(texts), after, f" {quotes_after} quotes", after_cpu)
    print(f"  skipping: {faster / today:.2f}x today's by the clock, {before_cpu / after_cpu:.2f}x by CPU time (target 1.5x)")
    model = TransformerStance()
    found = [(t, q) for t, qs in zip(texts, extract_many(texts)) for q in qs]
    quotes_in, contexts = [q for _, q in found], [stance_context(t, q) for t, q in found]
    model.predict(quotes_in[:64], args.target, contexts[:64])  # warm-up
    started, cpu = time.perf_counter(), time.process_time()
    model.predict(quotes_in, args.target, contexts)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"stance ({model.dtype}, batch 64, {torch_threads()} threads): {len(found) / seconds:.0f} quotes/s, "
          f"{1000 * seconds / len(found):.2f} ms per quote by the clock, {1000 * cpu / len(found):.2f} ms CPU; "
          f"{len(found) / len(texts):.1f} quotes per article; {load()}")
    started, cpu = time.perf_counter(), time.process_time()
    frame = track(texts, target=args.target, classifier=model, batch_size=32)
    inprocess = rate("track in-process", len(texts), time.perf_counter() - started, f" ({len(frame)} rows)", time.process_time() - cpu)
    rates, bare = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
        for workers in args.workers:
            rates[workers] = on_ray(path, args.target, workers, len(texts))
        for workers in args.workers:  # extraction alone: what more workers can scale, with no stance actor beside them
            bare[workers] = on_ray(path, None, workers, len(texts))
    if 1 in rates:
        print(f"  Ray at one worker: {1 - rates[1] / inprocess:+.0%} overhead against in-process (target at most 15%)")
    if 1 in rates and 2 in rates:
        print(f"  Ray, two workers against one: {rates[2] / rates[1]:.2f}x with stance, {bare[2] / bare[1]:.2f}x quotes only "
              f"(target 1.7x; {os.cpu_count()} CPUs in all, and with stance its actor needs one of them)")


if __name__ == "__main__":
    main()
