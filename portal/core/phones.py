"""Phone numbers as people read them."""
from __future__ import annotations

import phonenumbers
from flask import current_app


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
