"""The test call's form (issue 16): the number dialled, the date and time (typed in the zone the view
names), which of two moments a repeated time means, the keys pressed, and what each destination that
rings does. It is sent by GET and changes nothing, so it carries no CSRF token (see the view)."""
from __future__ import annotations

import re

from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TimeField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from forms.base import BaseForm, select_choices

KEYS = re.compile(r"[0-9*#\s]*")
TWICE = (("first", "The first"), ("second", "The second"))


def _worded(field_class: type, message: str) -> type:
    """`field_class` refusing what it cannot read with `message` rather than the library's words."""
    class Worded(field_class):
        def process_formdata(self, valuelist) -> None:
            try:
                super().process_formdata(valuelist)
            except ValueError as error:
                raise ValueError(message) from error
    return Worded


_Date = _worded(DateField, "Enter the date as year-month-day, like 2026-12-25.")
_Time = _worded(TimeField, "Enter the time as hours and minutes, like 10:05.")


class BehaviourField(SelectField):
    """What one ringing destination does; anything but its choices is refused in words."""

    def pre_validate(self, form) -> None:
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError("Choose whether it answers, does not answer or is busy.")


class PlaceCallForm(BaseForm):
    """A test call's question; `behaviours()` gives each ringing destination's answer by node id."""

    class Meta:
        csrf = False  # a GET that changes nothing (see portal.callflows.views.test_call)

    number = SelectField("Number the caller dials", coerce=str, validate_choice=False)
    shown = HiddenField()  # the number the zone and destinations on the page were worked out for
    date = _Date("Date", validators=[InputRequired("Enter the date of the call.")])
    time = _Time("Time", format=["%H:%M", "%H:%M:%S"], validators=[InputRequired("Enter the time of the call.")])
    which = RadioField("That time happens twice", choices=select_choices(TWICE), validators=[Optional()])
    keys = StringField("Keys the caller presses", validators=[Length(max=40, message=(
        "Use at most 40 keys."))], description="In the order pressed: digits, * and #, like 1 or 2 0. Leave it empty "
                                               "for a caller who presses nothing.")

    def validate_number(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Choose one of the project's numbers.")

    def validate_keys(self, field) -> None:
        if not KEYS.fullmatch(field.data or ""):
            wrong = "".join(dict.fromkeys(char for char in field.data if not KEYS.fullmatch(char)))
            raise ValidationError(f"A phone has only the keys 0 to 9, * and #: remove “{wrong}”.")

    def behaviours(self) -> dict[int, str]:
        return {int(field.name[5:]): field.data for field in self if field.name.startswith("does_")}

    @property
    def ringing_fields(self) -> list:
        return [field for field in self if field.name.startswith("does_")]


def place_call_form(ringing: list[tuple[int, str]], choices: dict[str, str]) -> type[PlaceCallForm]:
    """The form with one "what it does" list per ringing destination ((node id, name)), answering by default."""
    options = select_choices(choices.items())
    fields = {f"does_{node_id}": BehaviourField(name, choices=options, default=next(iter(choices)))
              for node_id, name in ringing}
    return type("PlaceCallForm", (PlaceCallForm,), fields)
