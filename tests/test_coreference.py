"""Names as pronoun antecedents: the tagger's slips on one mention outvoted by its other readings."""

from __future__ import annotations

import re

from quotestance.attribution.coreference import named_mentions
from quotestance.attribution.nlp import load_spacy

TEXT = ("Labour won the seat. Labour promised more nurses. Charles Kennedy said Labour had failed. "
        "Donald Trump spoke. Trump said it went well. Trump left.")


def _tagged(labels: dict[str, list[str]]):
    """The text parsed, with the tagger's labels replaced: each name's mentions in order get ``labels[name]``."""
    doc = load_spacy()(TEXT)
    ents = []
    for name, tags in labels.items():
        taken = [(span.start_char, span.end_char) for span in ents]  # not the Trump of "Donald Trump"
        places = [m.start() for m in re.finditer(rf"\b{name}\b", TEXT) if not any(a <= m.start() < b for a, b in taken)]
        for tag, at in zip(tags, places, strict=True):
            ents.append(doc.char_span(at, at + len(name), label=tag))
    doc.ents = sorted(ents, key=lambda span: span.start)
    return doc


def _labels(doc) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for named in named_mentions(doc, []):
        out.setdefault(named.text, []).append(named.label)
    return out


def test_a_party_the_tagger_once_calls_a_person_is_an_organisation():
    labels = _labels(_tagged({"Labour": ["ORG", "PERSON", "ORG"], "Charles Kennedy": ["PERSON"]}))
    assert labels["Labour"] == ["ORG", "ORG", "ORG"] and labels["Charles Kennedy"] == ["PERSON"]


def test_a_name_the_tagger_mostly_calls_a_person_stays_one():
    labels = _labels(_tagged({"Labour": ["PERSON", "PERSON", "ORG"]}))
    assert labels["Labour"] == ["PERSON", "PERSON", "PERSON"]  # the ORG mention shares a known person's name


def test_the_surname_of_a_full_name_is_a_persons_however_it_is_tagged():
    labels = _labels(_tagged({"Donald Trump": ["PERSON"], "Trump": ["ORG", "ORG"]}))
    assert labels["Trump"] == ["PERSON", "PERSON"]
