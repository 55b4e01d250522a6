"""Gender evidence for pronoun resolution: the shipped first-name table and how it is built."""

from __future__ import annotations

import gzip

from quotestance.attribution.first_names import build_table
from quotestance.attribution.gender import agreed, first_name_gender, first_names, title_gender


def test_table_holds_steady_names_only():
    assert first_name_gender("Kristen") == "female" and first_name_gender("Donald") == "male"
    for mixed in ("chris", "jordan", "lindsey", "leslie"):  # both sexes, or a boy's name in the 1950s
        assert first_name_gender(mixed) is None, mixed
    assert len(first_names()) > 5000


def test_titles_and_agreement():
    assert title_gender("Mrs.") == "female" and title_gender("Mr") == "male" and title_gender("Sen.") is None
    assert agreed(["male", "male"]) == "male"
    assert agreed(["male", "female"]) is None and agreed([]) is None


def test_build_table_keeps_a_name_only_when_every_busy_decade_agrees(tmp_path):
    rows = ["first_name,sex,count,year_of_birth",
            "Anna,f,5000,1950", "Anna,m,10,1950",              # steady girl's name
            "Lindsey,m,3000,1955", "Lindsey,f,1000,1955",      # a boy's name in the 1950s ...
            "Lindsey,f,90000,1985", "Lindsey,m,500,1985",      # ... a girl's name later: out
            "Rare,m,100,1960",                                   # too few babies
            "Old,m,5000,1900"]                                   # born before the years kept
    counts = tmp_path / "counts.csv.gz"
    with gzip.open(counts, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    assert build_table(counts) == [("anna", "f")]
