"""Text as people search and sort it: "garcia" finds "García", "Ødegaard" sorts with the O's.

The folding is AnyAscii's (PyPI `anyascii`, ISC licence): it spells every Unicode character in ASCII
the way readers of its script do, so accents go (García, Núñez, Ångström) and so do the letters that
Unicode does not decompose and a plain NFKD-and-drop-the-marks folding loses (Ø, Ł, Đ, Æ, Œ, ß, Þ,
ı); full-width and compatibility forms read as their plain letters, and other scripts are romanised
(Иван as ivan). One function serves what is stored (the seats' sort and search columns) and what a
person types into a search box, so the two always meet.
"""
from __future__ import annotations

from anyascii import anyascii

MAX_TERMS = 10  # a search box's words; more make a slower query and find nothing more useful


def fold(text: str | None) -> str:
    """Lower-case ASCII with single spaces: "  Ødegaard  Łukasz " -> "odegaard lukasz"."""
    return " ".join(anyascii(text or "").casefold().split())


def sort_key(*parts: str | None) -> str:
    """The parts folded, each kept to its letters and digits, joined by one space, as a phone book
    orders names: "O'Brien" files as "obrien", "Van Dyke" as "vandyke", and since the space sorts
    before every letter, ("Lee", "Zoe") comes before ("Leeds", "Ann") in any byte order."""
    return " ".join("".join(character for character in fold(part) if character.isalnum()) for part in parts).strip()


def search_terms(text: str | None) -> list[str]:
    """The folded words of a search box, each to be found somewhere in what is searched."""
    return fold(text).split()[:MAX_TERMS]
