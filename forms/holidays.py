"""Holiday sets' forms (issue 16): a set's name, one holiday (a name, its days and how it repeats),
and the country's public holidays to add, ticked."""
from __future__ import annotations

from wtforms import DateField, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from forms.base import BaseForm, MultiCheckboxField, OnceForm, VersionedForm, select_choices
from forms.test_call import _worded
from forms.validators import ReasonableDate
from portal.models.callflows import HolidayRepeat

LONGEST_DAYS = 31  # a longer closure is a season, not a holiday: split it or use the time condition's hours
_Date = _worded(DateField, "Enter the day as year-month-day, like 2026-12-24.")


class _Named(BaseForm):
    name = StringField("Name", validators=[DataRequired("Give the holiday set a name, like Office holidays."),
                                           Length(max=100)],
                       description="Time conditions choose it by this name.")


class HolidaySetForm(_Named, VersionedForm):
    """A holiday set's name (renaming it is versioned)."""


class NewHolidaySetForm(_Named, OnceForm):
    once_purpose = "holiday_set.create"


class _HolidayFields(BaseForm):
    name = StringField("Name", validators=[DataRequired("Give the holiday a name, like Christmas Eve."),
                                           Length(max=100)])
    starts_on = _Date("First day", validators=[InputRequired("Enter the first day, like 2026-12-24."),
                                               ReasonableDate()])
    ends_on = _Date("Last day", validators=[Optional(), ReasonableDate()],
                    description="Empty for a single day. At most 31 days from the first.")
    repeats = RadioField("Repeats", default=HolidayRepeat.ONCE.value,
                         choices=select_choices((repeat.value, repeat.title) for repeat in HolidayRepeat),
                         description="A public holiday (like Thanksgiving) moves with the calendar each year; "
                                     "its name must be the country's.")

    def validate_ends_on(self, field) -> None:
        if field.data is None or self.starts_on.data is None:
            return
        if field.data < self.starts_on.data:
            raise ValidationError(f"The last day must be the first day ({self.starts_on.data:%Y-%m-%d}) or later.")
        if (field.data - self.starts_on.data).days + 1 > LONGEST_DAYS:
            raise ValidationError(f"A holiday lasts at most {LONGEST_DAYS} days: choose a last day up to "
                                  f"{LONGEST_DAYS} days from the first, or add it as several holidays.")


class HolidayForm(_HolidayFields, VersionedForm):
    """A holiday of a set, saved at its own version (another holiday of the set saved meanwhile is no conflict)."""


class NewHolidayForm(_HolidayFields, OnceForm):
    once_purpose = "holiday.create"


class PublicHolidaysForm(OnceForm):
    """The country's public holidays of this year to add; the view gives the choices, all ticked."""

    once_purpose = "holiday_set.public_holidays"
    names = MultiCheckboxField("Public holidays to add",
                               validators=[DataRequired("Tick the public holidays to add, or go back.")])
