"""Canonical speakers: name forms merged across spellings, titles and a roster.

``President Donald Trump``, ``Donald Trump`` and ``Trump`` are one person;
``Zelenskiy`` = ``Zelensky`` = ``Zelenskyy``; ``Orbán`` = ``Orban``. With a
roster, a name that matches a roster entry (full name, alias or surname)
takes the roster's canonical name; otherwise the longest form of the name in
the document, without titles, is canonical. An organisation's acronym is the
name the document spells it out as (``MDA`` = ``Mobile Data Association``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..errors import InvalidInputError
from .text import name_key, strip_title, without_the

ROSTER_SHAPE = ('A roster is a JSON object mapping each canonical name to a list of aliases, e.g. '
                '{"Volodymyr Zelenskiy": ["Zelensky", "Zelenskyy"], "Dan Fried": []} '
                '(a fixture with that object under "speakers" works too).')


def check_roster(entries: object, source: str = "the roster") -> dict[str, list[str]]:
    """``entries`` as {name: [aliases]}, or one error that names ``source``,
    what is wrong and the shape expected: the same from the API and the CLI."""
    if not isinstance(entries, Mapping):
        raise InvalidInputError(f"{source}: this roster is a {type(entries).__name__}. {ROSTER_SHAPE}")
    checked: dict[str, list[str]] = {}
    for canonical, aliases in entries.items():
        if not isinstance(canonical, str) or not canonical.strip():
            raise InvalidInputError(f"{source}: {canonical!r} is not a name. {ROSTER_SHAPE}")
        if isinstance(aliases, (str, bytes)) or not isinstance(aliases, Sequence):
            raise InvalidInputError(f"{source}: the aliases of {canonical!r} are {json.dumps(aliases, default=repr)}, "
                                    f"not a list (write [] for none). {ROSTER_SHAPE}")
        wrong = [alias for alias in aliases if not isinstance(alias, str)]
        if wrong:
            raise InvalidInputError(f"{source}: the aliases of {canonical!r} hold {json.dumps(wrong[0], default=repr)}, "
                                    f"not a name. {ROSTER_SHAPE}")
        checked[canonical] = list(aliases)
    return checked


class Roster:
    """Known speakers: ``{"Volodymyr Zelenskiy": ["Zelensky", "Zelenskyy"], ...}``."""

    def __init__(self, entries: Mapping[str, Sequence[str]] | None = None, *, source: str = "the roster"):
        self._by_key: dict[str, str] = {}
        self._by_surname: dict[str, set[str]] = {}
        for canonical, aliases in check_roster(entries or {}, source).items():
            for form in (canonical, *aliases):
                key = name_key(form)
                if key:
                    self._by_key[key] = canonical
                    self._by_surname.setdefault(key.split(" ")[-1], set()).add(canonical)

    @classmethod
    def load(cls, path: str | Path) -> "Roster":
        """A roster from a JSON file (``{name: [aliases]}``, or a fixture's ``speakers``)."""
        path = Path(path)
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as error:
            raise InvalidInputError(f"{path}: cannot read the roster ({error.strerror})") from error
        except UnicodeDecodeError as error:
            raise InvalidInputError(f"{path}: the roster is not UTF-8 text") from error
        except ValueError as error:
            raise InvalidInputError(f"{path}: not valid JSON ({error}). {ROSTER_SHAPE}") from error
        if isinstance(data, dict) and isinstance(data.get("speakers"), dict):
            data = data["speakers"]
        return cls(data, source=str(path))

    @classmethod
    def coerce(cls, roster: "Roster | Mapping[str, Sequence[str]] | str | Path | None") -> "Roster":
        """A Roster from a Roster, a mapping, a path to a JSON file, or None."""
        if isinstance(roster, Roster):
            return roster
        if isinstance(roster, (str, Path)):
            return cls.load(roster)
        return cls(roster)

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def lookup(self, name: str) -> str | None:
        key = name_key(name)
        if key in self._by_key:
            return self._by_key[key]
        candidates = self._by_surname.get(key.split(" ")[-1], set()) if key else set()
        if len(candidates) == 1:
            first = key.split(" ")[0]
            canonical = next(iter(candidates))
            if " " not in key or name_key(canonical).startswith(first):
                return canonical
        return None


def _clean(name: str) -> str:
    for ending in ("'s", "\N{RIGHT SINGLE QUOTATION MARK}s", "'", "\N{RIGHT SINGLE QUOTATION MARK}"):
        if name.endswith(ending):
            name = name[: -len(ending)]
            break
    return " ".join(strip_title(name.strip()).split())


def canonical_names(person_names: Iterable[str], roster: Roster | None = None) -> dict[str, str]:
    """Map each person-name form in a document to its canonical name."""
    forms = Counter(_clean(n) for n in person_names if _clean(n))
    by_key: dict[str, str] = {}
    for form, _ in sorted(forms.items(), key=lambda item: (-len(item[0]), -item[1])):
        by_key.setdefault(name_key(form), form)
    ending = _by_last_word(by_key)
    mapping: dict[str, str] = {}
    for form in forms:
        key = name_key(form)
        known = roster.lookup(form) if roster else None
        if known:
            mapping[form] = known
            continue
        longer = [k for k in ending.get(key, []) if k != key and k.endswith(" " + key)] if " " not in key else []
        if len(longer) > 1:
            longer = [max(longer, key=lambda k: forms[by_key[k]])]
        mapping[form] = by_key[longer[0]] if longer else by_key[key]
    return mapping


# Words an acronym skips (``Office for National Statistics`` is ONS), and elided articles (``l'Audiovisuel``).
ACRONYM_SKIPS = frozenset("the of for and on in at to de du des la le et".split())
ELISION = re.compile(r"^(?:l|d)['\N{RIGHT SINGLE QUOTATION MARK}]", re.IGNORECASE)
ACRONYM = re.compile(r"[A-Z]{2,6}")


def acronym_of(name: str) -> str | None:
    """The initials of a name of two or more capitalised words, skipping
    small words (``the British Chambers of Commerce`` -> ``BCC``); None for
    a name with a word in lower case or fewer than two words."""
    words = [ELISION.sub("", w) for w in re.split(r"[\s\-]+", name.strip()) if w]
    words = [w for w in words if w.lower() not in ACRONYM_SKIPS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def acronym_expansions(names: Iterable[str]) -> dict[str, str]:
    """Each acronym to the one name of the document it abbreviates, without a
    leading ``the``; an acronym that two different names share is left alone."""
    found: dict[str, set[str]] = {}
    for name in names:
        name = without_the(_clean(name))
        initials = acronym_of(name)
        if initials:
            found.setdefault(initials, set()).add(name)
    return {initials: next(iter(full)) for initials, full in found.items() if len(full) == 1}


def as_acronym(name: str) -> str | None:
    """The acronym a name is, without a leading ``the`` (``the MDA`` -> ``MDA``), or None."""
    bare = without_the(name)
    return bare if ACRONYM.fullmatch(bare) else None


def expand_acronym(speaker: str, expansions: Mapping[str, str]) -> str:
    """``speaker`` spelt out when it is an acronym the document spells out (``the FT`` -> ``Financial Times``)."""
    short = as_acronym(speaker)
    return expansions.get(short, speaker) if short else speaker


def _by_last_word(keys: Iterable[str]) -> dict[str, list[str]]:
    """Name keys by their last word, in order: the full names a surname may
    stand for, found without comparing every name with every other."""
    ending: dict[str, list[str]] = {}
    for key in keys:
        ending.setdefault(key.rsplit(" ", 1)[-1], []).append(key)
    return ending


def canonical_for(name: str, mapping: Mapping[str, str], roster: Roster | None = None) -> str:
    """The canonical name for one mention's text."""
    form = _clean(name)
    if form in mapping:
        return mapping[form]
    known = roster.lookup(form) if roster else None
    return known or form


def _initials_dropped(key: str) -> str:
    tokens = key.replace(".", " ").split()
    kept = [t for i, t in enumerate(tokens) if not (0 < i < len(tokens) - 1 and len(t) == 1)]
    return " ".join(kept)


def corpus_canonical(speaker_counts: Mapping[str, int], roster: Roster | None = None) -> dict[str, str]:
    """Merge one person's canonical names across documents.

    Each document names its speakers on its own, so one article's ``Obama``
    and another's ``Barack Obama``, or ``Donald J. Trump`` and ``Donald
    Trump``, come out apart. Forms that agree once middle initials are
    dropped merge into the most quoted one; a lone surname merges into the
    only full name that ends with it, and stays apart when two people share
    it (``Clinton`` with both ``Bill Clinton`` and ``Hillary Clinton``).
    Roster names are never remapped.
    """
    fixed = {name for name in speaker_counts if roster and roster.lookup(name) == name}
    groups: dict[str, list[str]] = {}
    for name in speaker_counts:
        groups.setdefault(_initials_dropped(name_key(name)), []).append(name)
    mapping: dict[str, str] = {}
    heads: dict[str, str] = {}
    for key, names in groups.items():
        head = next((n for n in names if n in fixed), None) or max(names, key=lambda n: (speaker_counts[n], len(n)))
        heads[key] = head
        mapping.update({n: (n if n in fixed else head) for n in names})
    ending = _by_last_word(heads)
    for key, head in heads.items():
        if " " in key or head in fixed:
            continue
        fuller = [k for k in ending.get(key, []) if k.endswith(" " + key)]
        if len(fuller) == 1:
            for name in groups[key]:
                mapping[name] = heads[fuller[0]]
    return mapping
