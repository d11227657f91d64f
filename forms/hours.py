"""Checking business hours as typed (portal.core.hours): shared by a site's hours form and a time
condition's own hours."""
from __future__ import annotations

from portal.core.hours import HOUR_FIELDS, HoursError, days_of, parse_day


def hours_valid(form, when_empty: str | None) -> bool:
    """Each day's field reads as ranges (else its error at the field); `when_empty`, if given, is the
    error at "Monday to Friday" when no day is open at all."""
    valid = True
    for name in HOUR_FIELDS:
        try:
            parse_day(form[name].data)
        except HoursError as error:
            form[name].errors.append(str(error))
            valid = False
    if valid and when_empty and not any(days_of({name: form[name].data for name in HOUR_FIELDS}).values()):
        form.weekdays.errors.append(when_empty)
        valid = False
    return valid
