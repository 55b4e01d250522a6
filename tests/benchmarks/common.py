"""Helpers shared by the benchmark scripts (not tests: they print figures)."""

from __future__ import annotations

import os
import re
import resource
from pathlib import Path

POLNEAR = Path(__file__).resolve().parents[3] / "shared" / "research" / "data" / "polnear" / "data"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def polnear_texts(split: str = "train", limit: int | None = None) -> list[str]:
    folder = POLNEAR / split / "text"
    if not folder.exists():
        raise SystemExit(f"{folder} is absent: the benchmark reads PolNeAR from shared/ beside the project")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:limit]]


def machine() -> str:
    """The CPU model, its cores and whether it has native bf16: figures differ between machines."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "unknown CPU")
    flags = set(re.findall(r"\b(avx512_bf16|amx_bf16|amx_tile|avx512f)\b", info))
    import torch

    return (f"{model}, {os.cpu_count()} CPUs; torch CPU capability {torch.backends.cpu.get_cpu_capability()}; "
            f"native bf16: {'yes' if flags & {'avx512_bf16', 'amx_bf16'} else 'no'} ({', '.join(sorted(flags)) or 'no bf16 flags'})")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)


class PeakFamilyMemory:
    """The peak, over a block, of the memory this process and its children
    hold together: summed PSS, which splits each shared page between the
    processes that share it (a forked worker's copy of the model counts
    once, not once per worker). Sampled every 0.1 s; Linux only (else 0)."""

    def __enter__(self) -> "PeakFamilyMemory":
        import threading

        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.1):
            pids = [me, *_children(me)]
            self.peak_mb = max(self.peak_mb, sum(_pss_kb(pid) for pid in pids) / 1024)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
