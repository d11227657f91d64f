"""The rules of a port request (issue 18), apart from the rows: pasted numbers and ranges read with
the portal's one number parser, the lead time a carrier needs before the port date, and what a full
or partial port asks for.

    numbers, problems = read_numbers("415-555-0100 to 0149\\n(415) 555-0199", "US")
    earliest_port_date(date(2026, 12, 4), 9)  # business days, the holidays of the country skipped
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import phonenumbers

from portal.core.business_days import add_business_days
from portal.core.phones import e164_of, format_phone

MAX_RANGE = 1_000
RANGE = re.compile(r"\s+(?:to|through|thru)(?:\s+|$)|\s*[–—]\s*|\s+-(?:\s+|$)", re.IGNORECASE)
SEPARATORS = re.compile(r"[\n;,]+")


class PortError(ValueError):
    """A port request or its numbers refused; the message says why and what to do."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Problem:
    line: int
    text: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line} (“{self.text}”): {self.message}"


def read_numbers(text: str, country: str) -> tuple[list[str], list[Problem]]:
    """The E.164 numbers of pasted text: one number or one range ("415-555-0100 to 415-555-0149", or
    "to 0149" for its last digits) per line or between commas; each once, in the order written."""
    found: list[str] = []
    problems: list[Problem] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for item in filter(None, (part.strip() for part in SEPARATORS.split(line))):
            try:
                found += _range(item, country) if RANGE.search(item) else [e164_of(item, country)]
            except ValueError as error:
                problems.append(Problem(line_number, item, str(error)))
    return list(dict.fromkeys(found)), problems


def _range(item: str, country: str) -> list[str]:
    first, last = (part.strip() for part in RANGE.split(item, maxsplit=1))
    start = phonenumbers.parse(e164_of(first, country), None)
    national = str(start.national_number)
    digits = re.sub(r"\D", "", last)
    if not digits:
        raise ValueError("write the range's last number after “to”, like 415-555-0100 to 415-555-0149.")
    if len(digits) < len(national):  # "to 0149": the last digits of the first number change
        end_national = national[:len(national) - len(digits)] + digits
    else:
        end_national = str(phonenumbers.parse(e164_of(last, country), None).national_number)
    low, high = int(national), int(end_national)
    if len(end_national) != len(national) or high < low:
        raise ValueError("the range must end after it starts, with numbers of the same length.")
    if high - low + 1 > MAX_RANGE:
        raise ValueError(f"a range holds at most {MAX_RANGE:,} numbers; this one holds {high - low + 1:,}. "
                         f"Split it, or paste the numbers themselves.")
    prefix = f"+{start.country_code}"
    return [e164_of(f"{prefix}{value}", country) for value in range(low, high + 1)]


def earliest_port_date(today: date, lead_business_days: int, country: str | None = None) -> date:
    """The first day a port can be asked for: the carrier needs `lead_business_days` business days."""
    return add_business_days(today, lead_business_days, country)


def check_port_date(requested: date, today: date, lead_business_days: int, country: str | None = None) -> None:
    earliest = earliest_port_date(today, lead_business_days, country)
    if requested < earliest:
        raise PortError(f"Carriers need {lead_business_days} business days to port numbers: the earliest port "
                        f"date is {earliest:%A %d %B %Y}. Choose it or a later one; moving the go-live date is your "
                        f"project manager's call.", "requested_on")


def check_partial_port(full_port: bool, btn: str, new_btn: str | None, ported: list[str],
                       staying: str | None) -> None:
    """A full port moves every number of the account; a partial port whose BTN leaves names the
    account's new billing number, which stays."""
    if full_port:
        if staying and staying.strip():
            raise PortError("A full port moves every number on the account: list the numbers that stay only for "
                            "a partial port.", "staying_numbers")
        return
    if btn in ported and not new_btn:
        raise PortError(f"The BTN {format_phone(btn)} leaves the account with this partial port: give the number "
                        f"that becomes the account's billing number.", "new_btn")
    if new_btn and new_btn in ported:
        raise PortError(f"The new BTN {format_phone(new_btn)} must stay with the current carrier, so it cannot be "
                        f"one of the numbers ported.", "new_btn")
