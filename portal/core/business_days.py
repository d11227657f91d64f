"""Business days: weekends and the public holidays of the `holidays` package are skipped.

The country is a setting (PORTAL_HOLIDAY_COUNTRY, else PORTAL_DEFAULT_COUNTRY).
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask import current_app


@lru_cache(maxsize=16)
def _calendar(country: str):
    return holidays.country_holidays(country)


def country() -> str:
    return current_app.config["HOLIDAY_COUNTRY"]


def holiday_name(day: date, in_country: str | None = None) -> str | None:
    return _calendar(in_country or country()).get(day)


def is_business_day(day: date, in_country: str | None = None) -> bool:
    return day.weekday() < 5 and holiday_name(day, in_country) is None


def add_business_days(start: date, count: int, in_country: str | None = None) -> date:
    """The day `count` business days after `start` (before it when negative); 0 means `start`
    itself, or the next business day when `start` is not one."""
    step = 1 if count >= 0 else -1
    day, remaining = start, abs(count)
    if remaining == 0:
        while not is_business_day(day, in_country):
            day += timedelta(days=1)
        return day
    while remaining:
        day += timedelta(days=step)
        if is_business_day(day, in_country):
            remaining -= 1
    return day


def business_days_between(start: date, end: date, in_country: str | None = None) -> int:
    """Business days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -business_days_between(end, start, in_country)
    return sum(1 for offset in range(1, (end - start).days + 1)
               if is_business_day(start + timedelta(days=offset), in_country))
