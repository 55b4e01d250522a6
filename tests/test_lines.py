"""Boilerplate lines are sentences of their own, set before the parser runs."""

from __future__ import annotations

import pytest

from quotestance.attribution.lines import break_boilerplate_lines, is_saying


def test_forms_of_saying_verbs():
    assert all(is_saying(word) for word in ("said", "says", "told", "warned", "replies", "adding", "thought"))
    assert not any(is_saying(word) for word in ("stall", "nears", "photo", "advertisement", "sad"))


def _starts(text):
    spacy = pytest.importorskip("spacy")
    doc = break_boilerplate_lines(spacy.blank("en")(text))
    return [t.text for t in doc if t.is_sent_start and t.i > 0]


def test_boilerplate_lines_stand_apart():
    text = "ADVERTISEMENT\nThe city will close two libraries, the mayor said.\nREAD MORE: Budget talks stall\nTalks resume."
    assert _starts(text) == ["The", "READ", "Talks"]


def test_lines_that_go_on_or_say_stay_joined():
    assert _starts("Donald Trump regularly\nincites violence.") == []  # broken inside a sentence
    assert _starts("The mayor said\nThe plan is dead.") == []  # a verb of saying
    assert _starts("The mayor was blunt:\nThe plan is dead.") == []  # punctuation that carries on
