"""Name keys, canonical names and rosters."""

from __future__ import annotations

import pytest

from quotestance import InvalidInputError, Roster
from quotestance.aliases import canonical_for, canonical_names
from quotestance.text import fold, name_key, strip_title


@pytest.mark.parametrize("variant", ["Zelenskiy", "Zelensky", "Zelenskyy", "President Zelenskiy", "Zelenskiy\N{RIGHT SINGLE QUOTATION MARK}s"])
def test_spellings_share_a_key(variant):
    assert name_key(variant) == "zelensky"


def test_accents_and_titles_fold_away():
    assert name_key("Prime Minister Viktor Orb\N{LATIN SMALL LETTER A WITH ACUTE}n") == name_key("Viktor Orban")
    assert fold("Orb\N{LATIN SMALL LETTER A WITH ACUTE}n  Viktor") == "orban viktor"
    assert strip_title("Russian President Vladimir Putin") == "Vladimir Putin"


def test_longest_form_is_canonical():
    mapping = canonical_names(["President Donald Trump", "Trump", "Trump\N{RIGHT SINGLE QUOTATION MARK}s", "Hillary Clinton", "Clinton"])
    assert mapping["Trump"] == "Donald Trump"
    assert canonical_for("Trump\N{RIGHT SINGLE QUOTATION MARK}s", mapping) == "Donald Trump"
    assert mapping["Clinton"] == "Hillary Clinton"


def test_roster_wins_and_matches_surnames():
    roster = Roster({"Volodymyr Zelenskiy": ["Zelensky", "Zelenskyy"], "Dan Fried": ["Fried"]})
    assert roster.lookup("Zelenskyy") == "Volodymyr Zelenskiy"
    assert roster.lookup("President Zelensky") == "Volodymyr Zelenskiy"
    assert roster.lookup("Daniel Fried") is None or roster.lookup("Daniel Fried") == "Dan Fried"
    assert roster.lookup("Angela Merkel") is None
    assert canonical_names(["Zelensky"], roster)["Zelensky"] == "Volodymyr Zelenskiy"


def test_roster_rejects_a_bad_shape():
    with pytest.raises(InvalidInputError):
        Roster({"Dan Fried": "Fried"})
