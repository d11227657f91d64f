"""Postal address rules shared by the forms and the imports: US states and ZIP codes, and whether two
written addresses are the same place."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

import us

US_STATE = re.compile(r"^(A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|P[AR]|RI|"
                      r"S[CD]|T[NX]|UT|V[AIT]|W[AIVY])$")
US_ZIP = re.compile(r"^\d{5}(-?\d{4})?$")
ABBREVIATIONS = {  # the usual words of USPS Publication 28 (street suffixes, directions, unit designators)
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "road": "rd", "boulevard": "blvd", "drive": "dr",
    "lane": "ln", "court": "ct", "place": "pl", "parkway": "pkwy", "highway": "hwy", "square": "sq",
    "terrace": "ter", "circle": "cir", "expressway": "expy", "freeway": "fwy", "plaza": "plz", "trail": "trl",
    "center": "ctr", "centre": "ctr", "alley": "aly", "crossing": "xing", "mount": "mt", "saint": "st",
    "fort": "ft", "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne", "northwest": "nw",
    "southeast": "se", "southwest": "sw", "suite": "ste", "#": "ste", "floor": "fl", "building": "bldg",
    "room": "rm", "apartment": "apt", "department": "dept", "office": "ofc",
}
UNITS = {"ste", "fl", "bldg", "rm", "apt", "dept", "ofc", "unit"}


def state_code(value: str) -> str:
    """A US state's two-letter code from its code or its name ("California" -> "CA"); any other
    text as it is, upper-cased."""
    found = us.states.lookup(value.strip()) if value.strip() else None
    return found.abbr if found else value.strip().upper()


@dataclass(frozen=True)
class Address:
    """A written address; a part left empty is not given."""

    street: str | None = None
    suite: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    @classmethod
    def of(cls, place) -> Address:
        """The address of a place that has these parts (a site)."""
        return cls(*(getattr(place, part.name) for part in fields(cls)))

    def is_at(self, place: Address) -> bool:
        """Whether this address names `place`: each part it gives is the place's, compared without
        letter case, spaces and punctuation, with the usual abbreviations (Street and St, Suite and
        Ste) alike. The suite counts: another suite, or none where the place has one, is another
        place. A part it leaves out (a file without a country column) is taken as the place's."""
        return all(mine == theirs for mine, theirs in zip(self._key(), place._key(), strict=True) if mine)

    def _key(self) -> tuple:
        words = _words(self.street) + _suite_words(self.suite)
        street = tuple(word for index, word in enumerate(words) if not index or words[index - 1] != word)
        return (street, tuple(_words(self.city)),
                state_code(self.state or ""), _zip(self.postal_code), (self.country or "").upper())


def _words(text: str | None) -> list[str]:
    return [ABBREVIATIONS.get(word, word) for word in re.findall(r"[^\W_]+|#", (text or "").casefold())]


def _suite_words(suite: str | None) -> list[str]:
    """A suite's words; a bare "1200" is Suite 1200."""
    words = _words(suite)
    return ["ste", *words] if words and words[0] not in UNITS else words


def _zip(code: str | None) -> str:
    """A postal code without spaces or dashes; a US ZIP+4 as its five digits (the +4 names a block,
    not another building)."""
    plain = re.sub(r"[\s-]", "", code or "").upper()
    return plain[:5] if plain.isdecimal() and len(plain) == 9 else plain
