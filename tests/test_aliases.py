"""Name keys, canonical names and rosters."""

from __future__ import annotations

import pytest

from quotestance import InvalidInputError, Roster
from quotestance.attribution.aliases import canonical_for, canonical_names, corpus_canonical
from quotestance.attribution.text import fold, name_key, strip_title


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


def test_names_merge_across_documents_only_when_unambiguous():
    counts = {"Obama": 5, "Barack Obama": 3, "Donald J. Trump": 2, "Donald Trump": 9, "Trump": 4,
              "Clinton": 3, "Bill Clinton": 2, "Hillary Clinton": 7}
    mapping = corpus_canonical(counts)
    assert mapping["Obama"] == mapping["Barack Obama"] == "Barack Obama"
    assert mapping["Donald J. Trump"] == mapping["Trump"] == "Donald Trump"
    assert mapping["Clinton"] == "Clinton"  # two Clintons: left apart
    assert mapping["Bill Clinton"] == "Bill Clinton" and mapping["Hillary Clinton"] == "Hillary Clinton"


def test_roster_names_are_never_remapped():
    roster = Roster({"Donald J. Trump": ["Trump"]})
    mapping = corpus_canonical({"Donald J. Trump": 1, "Donald Trump": 9}, roster)
    assert mapping["Donald J. Trump"] == mapping["Donald Trump"] == "Donald J. Trump"


def test_an_acronym_is_the_initials_of_a_capitalised_name():
    from quotestance.attribution.aliases import acronym_of

    assert acronym_of("the Office for National Statistics") == "ONS"
    assert acronym_of("Conseil Superieur de l'Audiovisuel") == "CSA"
    assert acronym_of("Agence France-Presse") == "AFP"
    assert acronym_of("Reuters") is None  # one word abbreviates nothing
    assert acronym_of("the joint committee on human rights") is None


def test_an_acronym_two_names_share_is_left_alone():
    from quotestance.attribution.aliases import acronym_expansions, expand_acronym

    expansions = acronym_expansions(["the Mobile Data Association", "World Health Organization", "World Heritage Organisation"])
    assert expansions == {"MDA": "Mobile Data Association"}
    assert expand_acronym("MDA", expansions) == "Mobile Data Association"
    assert expand_acronym("the MDA", expansions) == "Mobile Data Association"
    assert expand_acronym("WHO", expansions) == "WHO"
    assert expand_acronym("Mda", expansions) == "Mda"  # only a name in capitals is an acronym
