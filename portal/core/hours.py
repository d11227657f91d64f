"""Business hours as people type and read them (issue 16): one table of hour ranges serves a site's
business hours and a time condition's own; several ranges a day, in 15-minute steps.

A day's hours are typed as "08:00-17:30", "8:00 to 12:00, 13:00 to 17:00", "9-17" or "closed"; a
form offers Monday to Friday at once, Saturday and Sunday, and a different day where one differs.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time

from portal.models.callflows import HourRange

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAYS = WEEKDAYS[:5]
HOUR_FIELDS = ("weekdays", "sat", "sun", *WORKDAYS)  # the hours form's fields
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
             "sat": "Saturday", "sun": "Sunday"}
SHORT = {day: name[:3] for day, name in DAY_NAMES.items()}
CLOSED = "closed"
STEP = 15
TIME = r"(\d{1,2})(?:[:.h](\d{2}))?"
RANGE = re.compile(rf"^\s*{TIME}\s*(?:-|–|—|to|until)\s*{TIME}\s*$", re.IGNORECASE)
EXAMPLE = "like 08:00-17:30, or 08:00-12:00, 13:00-17:00"


class HoursError(ValueError):
    pass


def clock(minutes: int) -> str:
    """Minutes after midnight as a 24-hour clock, 13:05."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_day(text: str | None) -> list[tuple[int, int]]:
    """The ranges typed for one day, in minutes after midnight, in order; [] for closed or nothing."""
    text = (text or "").strip()
    if not text or text.casefold() == CLOSED:
        return []
    ranges = sorted(_range(part) for part in re.split(r"\s*(?:,|;|\band\b)\s*", text) if part.strip())
    for (start, end), (next_start, _) in zip(ranges, ranges[1:], strict=False):
        if next_start < end:
            raise HoursError(f"{clock(start)}-{clock(end)} and {clock(next_start)}-… overlap: give each time once.")
    return ranges


def _range(part: str) -> tuple[int, int]:
    found = RANGE.match(part)
    if not found:
        raise HoursError(f"“{part.strip()[:40]}” is not a time range: type it {EXAMPLE}, or “closed”.")
    start, end = _minutes(found.group(1), found.group(2)), _minutes(found.group(3), found.group(4))
    if end <= start:
        raise HoursError(f"{clock(start)}-{clock(end)} ends before it starts: a range ends later the same day "
                         f"(24:00 is midnight).")
    return start, end


def _minutes(hours: str, minutes: str | None) -> int:
    value = int(hours) * 60 + int(minutes or 0)
    if int(hours) > 24 or int(minutes or 0) > 59 or value > 24 * 60:
        raise HoursError(f"{hours}:{minutes or '00'} is not a time of day.")
    if value % STEP:
        raise HoursError(f"{clock(value)} is not on a quarter hour: use :00, :15, :30 or :45.")
    return value


def day_text(ranges: Iterable[tuple[int, int]]) -> str:
    return ", ".join(f"{clock(start)}-{clock(end)}" for start, end in ranges)


def as_ranges(rows: Iterable[HourRange]) -> dict[str, list[tuple[int, int]]]:
    """Stored rows as each weekday's ranges (an `ends` of 00:00 is midnight at the end of the day)."""
    days: dict[str, list[tuple[int, int]]] = {day: [] for day in WEEKDAYS}
    for row in rows:
        end = row.ends.hour * 60 + row.ends.minute or 24 * 60
        days[row.weekday].append((row.starts.hour * 60 + row.starts.minute, end))
    return {day: sorted(ranges) for day, ranges in days.items()}


def rows_of(days: dict[str, list[tuple[int, int]]], **owner) -> list[HourRange]:
    return [HourRange(weekday=day, starts=_time(start), ends=_time(end), **owner)
            for day in WEEKDAYS for start, end in days.get(day, ())]


def _time(minutes: int) -> time:
    return time(0, 0) if minutes >= 24 * 60 else time(minutes // 60, minutes % 60)


def summary(rows: Iterable[HourRange]) -> str:
    """"Mon–Fri 08:00-17:30; Sat 09:00-12:00", consecutive days with the same hours together."""
    days = as_ranges(rows)
    groups: list[list[str]] = []
    for day in WEEKDAYS:
        if days[day] and groups and days[groups[-1][-1]] == days[day] and \
                WEEKDAYS.index(groups[-1][-1]) == WEEKDAYS.index(day) - 1:
            groups[-1].append(day)
        elif days[day]:
            groups.append([day])
    return "; ".join(f"{SHORT[group[0]]}{'–' + SHORT[group[-1]] if len(group) > 1 else ''} {day_text(days[group[0]])}"
                     for group in groups)


def form_values(rows: Iterable[HourRange]) -> dict[str, str]:
    """What the hours form shows: Monday to Friday together when they are alike, each day otherwise."""
    days = as_ranges(rows)
    alike = all(days[day] == days["mon"] for day in WORKDAYS)
    values = {"weekdays": day_text(days["mon"]) if alike else "",
              **{day: "" if alike else (day_text(days[day]) or CLOSED) for day in WORKDAYS},
              "sat": day_text(days["sat"]), "sun": day_text(days["sun"])}
    if alike and not days["mon"] and any(days.values()):
        values["weekdays"] = CLOSED
    return values


def days_of(values: dict) -> dict[str, list[tuple[int, int]]]:
    """The hours the form's values say (each weekday its own value, else Monday to Friday's)."""
    weekdays = parse_day(values.get("weekdays"))
    return {**{day: parse_day(values[day]) if (values.get(day) or "").strip() else weekdays for day in WORKDAYS},
            "sat": parse_day(values.get("sat")), "sun": parse_day(values.get("sun"))}


def standard_hours(weekdays: Iterable[str], opens: time, closes: time) -> dict[str, list[tuple[int, int]]]:
    """The same hours on each of `weekdays` (demo data, tests)."""
    return {day: [(opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute)] for day in weekdays}
