"""Forms of implementation projects: the project, its dates and phase, meetings and tasks."""
from __future__ import annotations

from datetime import date

from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from forms.base import BaseForm, OnceForm, VersionedForm, select_choices
from forms.validators import ReasonableDate
from portal.core.features import FEATURE_KEYS
from portal.core.time_zones import canonical_zones, likely_zone, zone_choices
from portal.models.projects import Anchor, Side, TaskStatus

TIME_ZONES = canonical_zones()
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def time_zone_field(label: str = "Time zone", hint: str | None = None) -> SelectField:
    return SelectField(label, choices=_zone_options(TIME_ZONES), description=hint,
                       validators=[DataRequired("Choose the time zone.")])


def _zone_options(zones) -> list:
    return select_choices([("", "Choose a time zone")] + [(zone, zone) for zone in zones])


def offer_zones(form, field, country: str | None, state: str | None) -> None:
    """A site's time zone field: the zones of its country (and US state) first; left empty, the
    zone the site is almost surely in (a US state's main zone, a one-zone country's)."""
    field.choices = _zone_options(zone_choices(country, state, keep=field.data))
    if not field.data:
        field.data = likely_zone(country, state) or ""


def enum_select(label: str, enum_cls, members=None, **kwargs) -> SelectField:
    return SelectField(label, choices=select_choices((member.value, member.title) for member in (members or enum_cls)),
                       coerce=enum_cls, **kwargs)


def _date_field(label: str, required: bool = True, hint: str | None = None) -> DateField:
    message = f"Enter the {label.lower()} as a date, like {date.today():%Y-%m-%d}."
    return DateField(label, description=hint,
                     validators=[InputRequired(message) if required else Optional(), ReasonableDate()])


class ProjectForm(OnceForm):
    """A new implementation project for one customer organization."""

    once_purpose = "project.create"
    product = SelectField("Product", coerce=int, validators=[DataRequired("Choose the product.")])
    ipm = SelectField("Implementation project manager", coerce=int,
                      validators=[DataRequired("Choose the project manager.")])
    name = StringField("Project name", description="Leave blank for “<product> for <customer>”.",
                       validators=[Optional(), Length(max=200)])
    started_on = _date_field("Start date", hint="When the Initiate phase began; the kick-off call is planned "
                                                "3 business days later.")
    target_go_live = _date_field("Target go-live date")
    order_summary = TextAreaField("Order summary", validators=[Optional(), Length(max=4000)],
                                  description="What was ordered: seats, numbers, circuits, equipment.",
                                  render_kw={"rows": 4})
    sites = SelectMultipleField("Sites", coerce=int, description="The customer's locations this project covers.")

    def validate_target_go_live(self, field) -> None:
        if field.data and self.started_on.data and field.data <= self.started_on.data:
            raise ValidationError("The go-live date must come after the start date and the kick-off.")


class GoLiveForm(VersionedForm):
    target_go_live = _date_field("Target go-live date", hint="Due dates counted from go-live move with it; "
                                                             "dates set by hand stay.")


class PhaseForm(BaseForm):
    phase = SelectField("Phase", coerce=int, validators=[DataRequired("Choose the phase.")])
    note = StringField("Why", validators=[DataRequired("Say why the phase moves."), Length(max=500)])




class KickOffForm(BaseForm):
    first_date = _date_field("Date")
    start_time = TimeField("Start time", validators=[InputRequired("Enter the start time, like 10:30.")])
    time_zone = time_zone_field()
    duration_minutes = IntegerField("Length in minutes", default=60,
                                    validators=[InputRequired("Enter the length."), NumberRange(15, 480)])
    location = StringField("Meeting link or dial-in", validators=[Optional(), Length(max=500)])


class WeeklyMeetingForm(KickOffForm):
    first_date = None
    weekday = SelectField("Day of the week", coerce=int, choices=select_choices(enumerate(WEEKDAY_NAMES[:5])),
                          validators=[InputRequired("Choose the day.")])
    starting = _date_field("First meeting on or after", required=False,
                           hint="Leave blank to start this week.")


class TaskStatusForm(BaseForm):
    status = enum_select("Status", TaskStatus)
    note = StringField("Note", description="Required when the task does not apply: say why.",
                       validators=[Optional(), Length(max=500)])


class TaskForm(VersionedForm):
    title = StringField("Task", validators=[DataRequired("Enter the task."), Length(max=300)])
    side = enum_select("Whose task", Side)
    assignee_id = SelectField("Assigned to", coerce=lambda value: int(value) if value else None)
    due_on = _date_field("Due date", required=False,
                         hint="Leave blank to follow the plan; a date set here stays when go-live moves.")
    description = TextAreaField("Details", validators=[Optional(), Length(max=4000)], render_kw={"rows": 3})


class NewTaskForm(OnceForm):
    """"Add a task": a one-time token, so a resent POST adds no second task."""

    once_purpose = "task.create"
    step = SelectField("Step", coerce=int)
    side = enum_select("Whose task", Side)
    title = StringField("Task", validators=[DataRequired("Enter the task."), Length(max=300)])
    assignee_id = SelectField("Assigned to", coerce=lambda value: int(value) if value else None)
    due_on = _date_field("Due date", required=False, hint="Leave blank for the project's start date.")


class TemplateTaskForm(VersionedForm):
    step_id = SelectField("Step", coerce=int)
    side = enum_select("Whose task", Side)
    title = StringField("Task", validators=[DataRequired("Enter the task."), Length(max=300)])
    description = TextAreaField("Details", validators=[Optional(), Length(max=4000)], render_kw={"rows": 3})
    anchor = enum_select("Due date counted from", Anchor)
    offset_days = IntegerField("Business days after it (negative: before)", default=0,
                               validators=[InputRequired("Enter a number of business days."),
                                           NumberRange(-250, 250)])
    feature_key = SelectField("Status comes from", choices=select_choices([("", "Ticked by hand")] + [
        (key, key.replace("_", " ").capitalize()) for key in FEATURE_KEYS]), coerce=lambda value: value or None)
    product_keys = SelectMultipleField("Only for these products", description="None chosen: every product.")
    active = SelectField("In new projects", choices=select_choices([("1", "Yes"), ("", "No")]), coerce=bool)


class ProjectEditForm(VersionedForm):
    """A project's name, manager, order summary and sites, after it was created."""

    name = StringField("Project name", validators=[DataRequired("Enter the project's name."), Length(max=200)])
    ipm_id = SelectField("Implementation project manager", coerce=int,
                         validators=[DataRequired("Choose the project manager.")])
    order_summary = TextAreaField("Order summary", validators=[Optional(), Length(max=4000)], render_kw={"rows": 4})
    site_ids = SelectMultipleField("Sites", coerce=int, description="The customer's locations this project covers.")
