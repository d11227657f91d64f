"""Time zones as people choose them: canonical IANA names only (no "Africa/Asmera", no "US/Eastern"),
the zones of a site's country (and US state) first.

The canonical names and the countries they belong to come from the `tzdata` package's zone.tab
(the IANA database's own list); which zones a US state spans comes from the `us` package.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import us


@lru_cache(maxsize=1)
def _zone_table() -> tuple[tuple[str, str], ...]:
    """(country code, zone) of every canonical zone, in the database's order."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return tuple((row[0], row[2]) for row in rows)


@lru_cache(maxsize=1)
def canonical_zones() -> tuple[str, ...]:
    """Every zone a person may choose, sorted by name; UTC for what belongs to no place."""
    return tuple(sorted({zone for _, zone in _zone_table()} | {"UTC"}))


def suggested_zones(country: str | None, state: str | None = None) -> list[str]:
    """The zones of a place: a US state's (the first is the state's main zone), else its country's."""
    country = (country or "").upper()
    if country == "US" and state:
        found = us.states.lookup(state.strip())
        zones = [zone for zone in (found.time_zones if found else []) if zone in canonical_zones()]
        if zones:
            return zones
    return [zone for code, zone in _zone_table() if code == country]  # the database's order: main zones first


def likely_zone(country: str | None, state: str | None = None) -> str | None:
    """The zone a site there is almost surely in: a US state's main zone, or a one-zone country's."""
    zones = suggested_zones(country, state)
    return zones[0] if zones and ((country or "").upper() == "US" and state or len(zones) == 1) else None


def zone_choices(country: str | None, state: str | None = None, keep: str | None = None) -> list[str]:
    """Every zone, the place's first (so a US site in Illinois sees America/Chicago on top). `keep`
    (a value saved before the list was canonical) stays choosable as it is."""
    first = suggested_zones(country, state)
    if keep and keep not in first and keep not in canonical_zones():
        first = [keep, *first]
    return first + [zone for zone in canonical_zones() if zone not in first]
