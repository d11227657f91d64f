"""Validators shared by the portal's forms."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from wtforms.validators import ValidationError

from portal.core.passwords import password_problems


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
