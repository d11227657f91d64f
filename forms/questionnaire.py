"""The questionnaire's forms (they validate; the services write)."""
from __future__ import annotations

from wtforms import SelectField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from forms.base import MultiCheckboxField, VersionedForm, select_choices
from forms.projects import time_zone_field

WEEKDAYS = [("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday"),
            ("sat", "Saturday"), ("sun", "Sunday")]



class DialPlanForm(VersionedForm):
    extension_length = SelectField(
        "Extension length", coerce=lambda value: int(value) if value else None,
        choices=select_choices([("", "Choose a length")] + [(n, f"{n} digits") for n in range(3, 7)]),
        validators=[InputRequired("Choose how many digits every extension has.")],
        description="Every extension in the project has this many digits: people, devices, queues, groups.")
    outbound_access_code = StringField(
        "Outbound access code", validators=[Optional(), Length(max=4), Regexp(
            r"^[0-9*#]+$", message="Use digits (or * and #), like 9.")],
        description="The digit dialled before an outside number, like 9. Leave empty if people dial numbers directly.")
    operator_extension = StringField(
        "Operator's extension", validators=[Optional(), Regexp(r"^\d+$", message="Use digits only, like 100.")],
        description="The extension that callers reach by dialling 0, usually the receptionist.")

    def validate_operator_extension(self, field) -> None:
        length = self.extension_length.data
        if field.data and length and len(field.data) != length:
            raise ValidationError(f"Extensions have {length} digits here; {field.data} has {len(field.data)}.")

    def validate_outbound_access_code(self, field) -> None:
        if field.data and self.operator_extension.data and self.operator_extension.data.startswith(field.data):
            raise ValidationError("The operator's extension begins with this code, so it could never be dialled.")


class SiteHoursForm(VersionedForm):
    time_zone = time_zone_field(hint="The site's local time zone: its business hours are in this time.")
    weekdays = MultiCheckboxField("Open on", choices=select_choices(WEEKDAYS),
                                       validators=[DataRequired("Tick the days the site is open.")])
    opens_at = TimeField("Opens at", validators=[InputRequired("Enter when the site opens, like 08:30.")])
    closes_at = TimeField("Closes at", validators=[InputRequired("Enter when the site closes, like 17:30.")])

    def validate_closes_at(self, field) -> None:
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError("The closing time must come after the opening time.")
