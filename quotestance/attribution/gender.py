"""The gender a person's name shows, so that ``she said`` skips a man.

Two kinds of evidence, both kept conservative because a wrong gender blocks
the right antecedent: a gendered title right before the name (``Mr.``,
``Ms.``, ``Congresswoman``), and the first name of a full name, looked up in
a table derived from the US Social Security Administration's baby-name counts
(public domain): only names given to at least 500 babies born 1920-1999, 95%
or more of one sex, and that sex in every decade (``Chris``, ``Jordan`` and
``Lindsey`` are not in it). A name with no evidence, or with evidence both
ways, has no gender, and any pronoun may point to it. ``first_names.py``
builds the table (``quotestance/data/first_names.txt``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal

Gender = Literal["female", "male"]
FIRST_NAMES = Path(__file__).parent / "data" / "first_names.txt"

TITLE_GENDER: dict[str, Gender] = {
    **dict.fromkeys(["mr", "mr.", "sir", "lord", "king", "prince", "congressman", "assemblyman", "councilman",
                     "alderman", "chairman", "spokesman", "businessman", "father", "brother",
                     "uncle"], "male"),
    **dict.fromkeys(["ms", "ms.", "mrs", "mrs.", "miss", "madam", "madame", "lady", "dame", "queen", "princess",
                     "congresswoman", "assemblywoman", "councilwoman", "alderwoman", "chairwoman", "spokeswoman",
                     "businesswoman", "mother", "sister", "aunt"], "female"),
}
PRONOUN_GENDER: dict[str, Gender] = {"he": "male", "him": "male", "she": "female", "her": "female"}


@lru_cache(maxsize=1)
def first_names() -> dict[str, Gender]:
    """The shipped table: lower-cased first name -> gender."""
    table: dict[str, Gender] = {}
    for line in FIRST_NAMES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, sex = line.split("\t")
            table[name] = "female" if sex == "f" else "male"
    return table


def first_name_gender(name: str) -> Gender | None:
    return first_names().get(name.lower())


def title_gender(word: str) -> Gender | None:
    return TITLE_GENDER.get(word.lower())


def agreed(evidence: Iterable[Gender]) -> Gender | None:
    """One gender if all the evidence agrees on it, else None."""
    found = set(evidence)
    return found.pop() if len(found) == 1 else None
