"""Phone numbers as people write and read them: the one parser of typed numbers (`e164_of`), and
the national format they are shown in."""
from __future__ import annotations

from functools import lru_cache

import phonenumbers
from flask import current_app

PARSED = 20_000  # numbers parsed lately, kept so an import's re-check does not parse them again


@lru_cache(maxsize=PARSED)
def e164_of(raw: str, country: str) -> str:
    """A written number in E.164 (ValueError with a message for a person when it cannot exist)."""
    try:
        number = phonenumbers.parse(raw, country)
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"“{raw}” is not a phone number.") from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"“{raw}” cannot exist: check the digits and the country code.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str | None) -> str:
    """An E.164 number in the national format of its country (international for other countries)."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    region = phonenumbers.region_code_for_number(number)
    style = phonenumbers.PhoneNumberFormat.NATIONAL if region == current_app.config["DEFAULT_COUNTRY"] else \
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def dialable(target: str, country: str) -> bool:
    """Whether `target`, read in `country`, is a number a phone can call."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(target, country))
    except phonenumbers.NumberParseException:
        return False
