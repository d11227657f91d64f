"""The base form: strips whitespace from every text field and reports an expired session plainly."""
from __future__ import annotations

import re

from flask import g
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from portal.core.drafts import SECRET_FIELD_NAMES

SESSION_EXPIRED = "Your session had expired; nothing was saved; check and save again."
TOO_LARGE = "What you sent was larger than the portal accepts, so nothing was saved. Choose a smaller file."


def select_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(value):
    """Single-line fields hold no line breaks or other control characters (they end up in e-mail
    subjects and file names)."""
    return _CONTROL.sub(" ", value) if type(value) is str else value


def _strip(value):
    """Trim text, drop NUL characters (no database stores them) and write every line break as one
    newline (browsers send CRLF; exports write LF, so a re-import finds nothing changed); leave str
    enums of choices alone."""
    if type(value) is not str:
        return value
    return value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


class BaseForm(FlaskForm):
    """Every form of the portal; validates, never writes. `field_groups` names runs of consecutive
    fields shown together in a fieldset with a legend (a form's features, say)."""

    field_groups: dict[str, tuple[str, ...]] = {}
    group_classes: dict[str, str] = {}  # a legend's extra CSS class, where it needs one

    def group_starting_at(self, name: str) -> str | None:
        return next((legend for legend, names in self.field_groups.items() if names[0] == name), None)

    def group_ends_at(self, name: str) -> bool:
        return any(names[-1] == name for names in self.field_groups.values())

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        SECRET_FIELD_NAMES.update(name for name, value in vars(cls).items()
                                  if issubclass(getattr(value, "field_class", type(None)), PasswordField))

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if not issubclass(field_class, PasswordField):  # spaces count in passwords
                single = issubclass(field_class, StringField) and not issubclass(field_class, TextAreaField)
                options["filters"] = ((_one_line,) if single else ()) + (
                    _strip, *(unbound_field.kwargs.get("filters") or ()))
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None) -> bool:
        if g.get("request_too_large"):
            self.form_errors.append(TOO_LARGE)
            return False
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
            target = None if getattr(field.widget, "input_type", None) == "hidden" else field.id
            items.extend((target, message) for message in field.errors if isinstance(message, str))
        return items


class ActionForm(BaseForm):
    """A form with no fields: just the CSRF token, for buttons that change state (log out, deactivate)."""


class VersionedForm(BaseForm):
    """A form editing a versioned record: carries the version and the values the person saw
    (portal.core.editing), so a save over someone else's newer one merges three ways."""

    version = IntegerField(widget=HiddenInput(),
                           validators=[InputRequired("The form is missing its version; reload the page.")])
    base = HiddenField()  # the values the person started from, signed (portal.core.merging)


class OnceForm(BaseForm):
    """A form whose action must happen once (portal.core.once); set `once_purpose` in the subclass."""

    once_purpose: str = ""
    once_token = HiddenField()

    def __init__(self, *args, **kwargs):
        from portal.core.once import issue
        super().__init__(*args, **kwargs)
        shown_fresh = "formdata" in kwargs and kwargs["formdata"] is None  # beside another form's POST
        if not self.is_submitted() or shown_fresh:  # a POST without its token is refused, not given a new one
            self.once_token.data = issue(self.once_purpose)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid and not self.once_token.data:  # refused before its token was read (too large a request)
            from portal.core.once import issue
            self.once_token.data = issue(self.once_purpose)
        return valid

    def validate_once_token(self, field) -> None:
        from portal.core.once import TokenRejected, check_token, issue
        try:
            check_token(field.data, self.once_purpose)
        except TokenRejected as error:
            field.data = issue(self.once_purpose)  # the page shown again can be sent
            raise ValidationError(str(error)) from error


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a group of checkboxes (the form macro draws a fieldset with its legend).
    The conflict page sends its choice back as one space-separated value, which is split here."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist) -> None:
        super().process_formdata([value for item in valuelist for value in str(item).split()])
