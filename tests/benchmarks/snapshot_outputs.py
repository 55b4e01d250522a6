"""Snapshot every quote the pipeline finds on the seed and on PolNeAR dev, to
compare two versions of the code (a refactor must leave the file identical).

    python tests/benchmarks/snapshot_outputs.py OUT.json            # write
    python tests/benchmarks/snapshot_outputs.py OUT.json --compare OLD.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import quotestance
from quotestance import Config

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from common import POLNEAR  # noqa: E402


def snapshot() -> dict[str, list[dict]]:
    seed = (ROOT / "seeds" / "trump_putin_budapest_summit.txt").read_text(encoding="utf-8")
    roster = json.loads((ROOT / "seeds" / "seed_summit.json").read_text(encoding="utf-8"))["speakers"]
    out = {"seed": [dataclasses.asdict(q) for q in quotestance.extract_quotes(seed, roster=roster)]}
    paths = sorted((POLNEAR / "dev" / "text").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    for config_name, config in (("default", Config()), ("attitudes", Config(attitudes=True))):
        for path, quotes in zip(paths, quotestance.extract_many(texts, config=config)):
            out[f"{config_name}/{path.stem}"] = [dataclasses.asdict(q) for q in quotes]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("output", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    current = snapshot()
    args.output.write_text(json.dumps(current, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    print(f"{sum(map(len, current.values()))} quotes over {len(current)} documents -> {args.output}")
    if args.compare:
        old = json.loads(args.compare.read_text(encoding="utf-8"))
        differing = [key for key in sorted(set(old) | set(current)) if old.get(key) != current.get(key)]
        print(f"{len(differing)} documents differ from {args.compare}" + (f": {differing[:10]}" if differing else ""))
        raise SystemExit(1 if differing else 0)


if __name__ == "__main__":
    main()
