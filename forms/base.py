"""The base form: strips whitespace from every text field and reports an expired session plainly."""
from __future__ import annotations

from flask import g
from flask_wtf import FlaskForm
from wtforms import PasswordField

SESSION_EXPIRED = "Your session had expired; nothing was saved; check and save again."


def _strip(value):
    return value.strip() if type(value) is str else value  # not str enums (coerced choices)


class BaseForm(FlaskForm):
    """Every form of the portal; validates, never writes."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if not issubclass(unbound_field.field_class, PasswordField):  # spaces count in passwords
                options["filters"] = (_strip, *(unbound_field.kwargs.get("filters") or ()))
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None) -> bool:
        if g.get("csrf_failed"):
            self.form_errors.append(SESSION_EXPIRED)
            super().validate(extra_validators)  # still mark the fields' own errors
            return False
        return super().validate(extra_validators)

    @property
    def error_list(self) -> list[tuple[str | None, str]]:
        """(field id or None, message) pairs for the error summary, in the order fields appear."""
        items: list[tuple[str | None, str]] = [(None, message) for message in self.form_errors]
        for field in self:
            if field.name == "csrf_token":
                continue
            items.extend((field.id, message) for message in field.errors if isinstance(message, str))
        return items


class ActionForm(BaseForm):
    """A form with no fields: just the CSRF token, for buttons that change state (log out, deactivate)."""
