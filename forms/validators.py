"""Validators shared by the portal's forms."""
from __future__ import annotations

from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_wtf.file import FileField, FileRequired
from wtforms import TelField
from wtforms.validators import ValidationError

from portal.core.passwords import password_problems
from portal.core.phones import format_phone
from portal.core.storage import human_size


class EmailAddress:
    """A syntactically valid e-mail address (email-validator, no DNS look-up); normalizes the value."""

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        try:
            field.data = validate_email(field.data, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise ValidationError(f"Enter a valid e-mail address, like name@example.com ({error}).") from error


class StrongPassword:
    """The password rules of portal.core.passwords; the form's `account_email` is refused inside it."""

    def __call__(self, form, field) -> None:
        email = getattr(form, "account_email", None)
        problems = password_problems(field.data or "", email)
        if problems:
            raise ValidationError(" ".join(problems))


class PhoneNumber:
    """A phone number valid in its country (`country_of(form)`, else the default country) or written
    with +country code; stored as E.164."""

    def __init__(self, country_of=None):
        self.country_of = country_of

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        country = (self.country_of(form) if self.country_of else None) or current_app.config["DEFAULT_COUNTRY"]
        try:
            number = phonenumbers.parse(field.data, country)
        except phonenumbers.NumberParseException as error:
            raise ValidationError("Enter a phone number, like (555) 010-0123 or +44 20 7946 0000.") from error
        if not phonenumbers.is_valid_number(number):
            raise ValidationError("This is not a valid phone number; check the digits and the country code.")
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(TelField):
    """A phone number typed in any usual format, validated by `PhoneNumber`, stored as E.164 and shown
    back in the national format of its country (international for other countries)."""

    def _value(self) -> str:
        if isinstance(self.data, str) and self.data.startswith("+") and not self.errors:
            return format_phone(self.data)
        return super()._value()


class MaxFileSize:
    """Refuse an upload larger than `max_bytes` next to its field (the browser checks it first too)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    def __call__(self, form, field) -> None:
        upload = field.data
        if not upload:
            return
        upload.stream.seek(0, 2)
        size = upload.stream.tell()
        upload.stream.seek(0)
        if size > self.max_bytes:
            raise ValidationError(f"The file is larger than {human_size(self.max_bytes)}; choose a smaller one.")


def upload_field(label: str, kind, max_bytes: int, description: str | None = None) -> FileField:
    """A file field limited to `max_bytes`, checked in the browser (static/js/upload-limit.js) and here."""
    return FileField(label, description=description,
                     validators=[FileRequired(f"Choose {kind.title}."), MaxFileSize(max_bytes)],
                     render_kw={"data-max-bytes": str(max_bytes)})


class ReasonableDate:
    """A date a project can have: from two years back to five years ahead (no year 1 or 9999)."""

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        today = date.today()
        low, high = today.replace(year=today.year - 2), today.replace(year=today.year + 5)
        if not low <= field.data <= high:
            raise ValidationError(f"Enter a date between {low:%d %b %Y} and {high:%d %b %Y}.")


class CountryCode:
    """A two-letter ISO country code that phone numbering knows (US, CA, GB...)."""

    def __call__(self, form, field) -> None:
        if field.data and field.data.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ValidationError("Enter a two-letter country code, like US or CA.")
