"""Hours and holidays of time conditions, as the test call and the checks read them: is a moment
within the open hours, is a day a holiday (a country's floating holidays recomputed for each year
by the `holidays` package), and the local moment a person means when they type a date and a time
(a time skipped by a daylight-saving change does not exist; one that occurs twice is ambiguous)."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_calendars

from portal.callflows.graph import Holiday, HourRange
from portal.core.hours import WEEKDAYS, clock


class TimeDoesNotExist(ValueError):
    pass


class TimeIsAmbiguous(ValueError):
    pass


def minutes_of(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def is_open(hours: tuple[HourRange, ...], local: datetime) -> bool:
    weekday, minute = WEEKDAYS[local.weekday()], minutes_of(local)
    return any(item.weekday == weekday and item.start <= minute < item.end for item in hours)


@lru_cache(maxsize=64)
def _country_days(country: str, year: int) -> dict[date, str]:
    try:
        return dict(holiday_calendars.country_holidays(country, years=year).items())
    except NotImplementedError:  # a country the package does not know: no holidays of its own
        return {}


def _yearly(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return None


def dates_of(holiday: Holiday, year: int) -> tuple[date, date] | None:
    """The first and last day of `holiday` in `year` (a range may run into the next year)."""
    if holiday.repeats == "once":
        return (holiday.starts, holiday.ends) if holiday.starts.year == year else None
    if holiday.repeats == "country":
        days = sorted(day for day, name in _country_days(holiday.country or "", year).items() if name == holiday.name)
        return (days[0], days[-1]) if days else None
    starts = _yearly(holiday.starts, year)
    return (starts, starts + (holiday.ends - holiday.starts)) if starts else None


def holiday_on(holidays: tuple[Holiday, ...], day: date) -> Holiday | None:
    """The holiday `day` falls in, if any (a range that began last year counts)."""
    for holiday in holidays:
        for year in (day.year, day.year - 1):
            span = dates_of(holiday, year)
            if span and span[0] <= day <= span[1]:
                return holiday
    return None


def local_moment(typed: datetime, zone: str, later: bool | None = None) -> datetime:
    """The moment a person means by the wall-clock `typed` in `zone`. A time a daylight-saving change
    skips raises TimeDoesNotExist; one it repeats raises TimeIsAmbiguous unless `later` says which."""
    place = ZoneInfo(zone)
    first, second = typed.replace(tzinfo=place, fold=0), typed.replace(tzinfo=place, fold=1)
    if first.astimezone(timezone.utc).astimezone(place).replace(tzinfo=None) != typed:
        raise TimeDoesNotExist(f"{typed:%H:%M} does not exist on {typed:%A %d %B %Y} in {zone}: the clocks "
                               f"skip it. Choose a time before or after.")
    if first.utcoffset() != second.utcoffset():
        if later is None:
            raise TimeIsAmbiguous(f"{typed:%H:%M} happens twice on {typed:%A %d %B %Y} in {zone}, when the "
                                  f"clocks go back. Choose the first or the second.")
        return second if later else first
    return first


def gaps_and_overlaps(hours: tuple[HourRange, ...]) -> list[str]:
    """What to look at in a table of hours: ranges of one day that overlap, or leave a gap."""
    said = []
    for weekday in WEEKDAYS:
        ranges = sorted((item.start, item.end) for item in hours if item.weekday == weekday)
        for (start, end), (next_start, next_end) in itertools.pairwise(ranges):
            if next_start < end:
                said.append(f"{weekday.title()}: {clock(start)}–{clock(end)} and {clock(next_start)}–"
                            f"{clock(next_end)} overlap.")
            elif next_start > end:
                said.append(f"{weekday.title()}: closed from {clock(end)} to {clock(next_start)}; calls then take "
                            f"the closed branch.")
    return said



def overlapping_holidays(holidays: tuple[Holiday, ...], year: int) -> list[tuple[Holiday, Holiday]]:
    spans = [(span, holiday) for holiday in holidays if (span := dates_of(holiday, year))]
    return [(one, other) for index, (span, one) in enumerate(spans) for other_span, other in spans[index + 1:]
            if span[0] <= other_span[1] and other_span[0] <= span[1]]
