"""The questionnaire's forms (they validate; the services write)."""
from __future__ import annotations

from functools import lru_cache

from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from forms.base import BaseForm, MultiCheckboxField, OnceForm, VersionedForm, select_choices
from forms.hours import hours_valid
from forms.projects import enum_select, offer_zones, time_zone_field
from forms.validators import EmailAddress, PhoneField, PhoneNumber, upload_field
from forms.worksheet import optional_id
from portal.core.hours import WORKDAYS
from portal.core.phones import dialable
from portal.core.pins import pin_problem
from portal.core.storage import ATTACHMENT
from portal.extensions import db
from portal.models.questionnaire import KeyFunction
from portal.models.telephony import (
    CallerIdPresentation,
    NumberKind,
    NumberSource,
    OutboundPermission,
    QueueRouting,
    RecordingMode,
    RingStrategy,
    Site,
)


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
        if field.data and field.data.startswith("0"):
            raise ValidationError("0 reaches the operator; use another digit, like 9.")
        if field.data and self.operator_extension.data and self.operator_extension.data.startswith(field.data):
            raise ValidationError("The operator's extension begins with this code, so it could never be dialled.")


class SiteHoursForm(VersionedForm):
    time_zone = time_zone_field(hint="The site's local time zone: its business hours are in this time.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        site = kwargs.get("obj")
        offer_zones(self, self.time_zone, getattr(site, "country", None), getattr(site, "state", None))
    weekdays = StringField("Monday to Friday", validators=[Length(max=100)],
                           description="Like 08:00-17:30, or 08:00-12:00, 13:00-17:00; empty or “closed” when closed. "
                                       "Quarter hours.")
    sat = StringField("Saturday", validators=[Length(max=100)], description="Empty when closed.")
    sun = StringField("Sunday", validators=[Length(max=100)], description="Empty when closed.")
    mon = StringField("Monday", validators=[Length(max=100)])
    tue = StringField("Tuesday", validators=[Length(max=100)])
    wed = StringField("Wednesday", validators=[Length(max=100)])
    thu = StringField("Thursday", validators=[Length(max=100)])
    fri = StringField("Friday", validators=[Length(max=100)])
    field_groups = {"A weekday with other hours (empty: Monday to Friday's)": WORKDAYS}

    def validate(self, extra_validators=None) -> bool:
        """Each day's hours read as ranges, and the site is open at some time of the week."""
        valid = super().validate(extra_validators)
        return hours_valid(self, "Give the hours the site is open, like 08:00-17:30.") and valid


FEATURES = (("call_forwarding", "Call forwarding"), ("simultaneous_ring", "Simultaneous ring (find me, follow me)"),
            ("call_waiting", "Call waiting"), ("do_not_disturb", "Do not disturb"), ("intercom", "Intercom"),
            ("paging", "Paging group"), ("call_park", "Call park"))


class SeatConfigurationForm(VersionedForm):
    """How one seat is configured (section 2). Voicemail, voicemail to e-mail, the phone model and the
    recording mode are the seat's shared columns: the worksheet edits the same ones."""

    extension = StringField("Extension", validators=[Optional(), Regexp(r"^\d{2,6}$", message=(
        "Use 2 to 6 digits for the extension."))])
    phone_model_id = SelectField("Phone model", coerce=optional_id)
    voicemail_enabled = BooleanField("Voicemail")
    voicemail_to_email = BooleanField("Voicemail to e-mail", description="Messages are sent to the seat's e-mail.")
    voicemail_pin = PasswordField(
        "Voicemail PIN", validators=[Optional(), Regexp(r"^[0-9]{4,10}$", message="Use 4 to 10 digits.")],
        description="4 to 10 digits. It is never shown again: leave this blank to keep the current one.",
        render_kw={"autocomplete": "new-password", "inputmode": "numeric"})
    call_forwarding = BooleanField(FEATURES[0][1])
    simultaneous_ring = BooleanField(FEATURES[1][1])
    call_waiting = BooleanField(FEATURES[2][1])
    do_not_disturb = BooleanField(FEATURES[3][1])
    intercom = BooleanField(FEATURES[4][1])
    paging = BooleanField(FEATURES[5][1])
    call_park = BooleanField(FEATURES[6][1])
    outbound_permission = enum_select("Outbound calls allowed", OutboundPermission,
                                      description="Each level includes the ones before it.")
    recording_mode = enum_select("Call recording", RecordingMode)
    caller_id = enum_select("Outbound calls show", CallerIdPresentation)
    field_groups = {"Features": tuple(key for key, _ in FEATURES)}

    def validate_voicemail_pin(self, field) -> None:
        problem = pin_problem(field.data, self.extension.data)
        if field.data and problem:
            raise ValidationError(problem)


def _number_country(form) -> str | None:
    """Numbers are read in the country of the chosen site (one of the form's choices; else the
    default country)."""
    offered = {choice.value for choice in form.site_id.choices or [] if choice.value not in ("", None)}
    site = db.session.get(Site, form.site_id.data) if form.site_id.data in offered else None
    return site.country if site is not None else None


def _caller_id():
    return StringField("Caller-ID name", validators=[Optional(), Length(max=15, message=(
        "A caller-ID name has at most 15 characters, spaces included."))],
        description="What people you call see on their screen, at most 15 characters, like NORTHWIND DENT.")


class NumberForm(VersionedForm):
    """One of the project's numbers: an existing one the customer has, or one the carrier assigned."""

    e164 = PhoneField("Number", validators=[Optional(), PhoneNumber(_number_country)],
                      description="In any usual format, like (415) 555-0134 or +44 20 7946 0000.")
    site_id = SelectField("Site", coerce=optional_id)
    kind = enum_select("Kind", NumberKind)
    source = enum_select("New or ported", NumberSource,
                         description="Ported: you keep it from your current carrier. New: the provider gives it.")
    destination_id = SelectField("Rings", coerce=optional_id, description="Who or what answers calls to it.")
    caller_id_name = _caller_id()


class NewNumberForm(NumberForm, OnceForm):
    """"Add a number you have": a one-time token, so a resent POST adds the number once."""

    once_purpose = "number.create"


class RequestNumbersForm(OnceForm):
    """New numbers the customer needs but does not have yet; a one-time token, so a resent POST
    orders them from the carrier once."""

    once_purpose = "numbers.request"

    site_id = SelectField("Site", coerce=optional_id, validators=[InputRequired("Choose the site.")])
    area_code = StringField("Area code", validators=[DataRequired("Enter the area code, like 415."), Regexp(
        r"^\d{2,5}$", message="Use the area code's digits, like 415.")])
    kind = enum_select("Kind", NumberKind)
    quantity = IntegerField("How many", default=1, validators=[InputRequired("Enter how many numbers you need."),
                                                                NumberRange(1, 100, "Ask for 1 to 100 at a time.")])
    destination_id = SelectField("Rings", coerce=optional_id, description="Optional: who or what answers them.")
    caller_id_name = _caller_id()


class NumberExtensionsForm(BaseForm):
    """"Number the extensions": how, from where, and which seats (a preview comes before anything)."""

    method = RadioField("How", default="in_order", choices=select_choices([
        ("in_order", "In order, from a first extension"),
        ("from_number", "The last digits of each seat's direct number")]))
    first = IntegerField("First extension", validators=[
        Optional(), NumberRange(1, 999_999, "Enter the first extension as digits, like 101.")],
                         description="Used in order; extensions already taken are skipped.")
    step = IntegerField("Step", default=1, validators=[InputRequired("Enter the step, like 1."),
                                                       NumberRange(1, 100, "Use a step of 1 to 100.")])
    only_missing = RadioField("Which seats", default="yes", choices=select_choices([
        ("yes", "Only seats without an extension"), ("no", "Every seat (their extensions are replaced)")]))


class SectionProgressForm(VersionedForm):
    """"Have you completed this section?" (the GOV.UK task-list pattern); version 0 until first answered."""

    completed = RadioField("Have you completed this section?", choices=select_choices([
        ("yes", "Yes, I have completed this section"), ("no", "No, I will come back to it later")]),
        validators=[InputRequired("Choose whether you have completed this section.")])


class OtherRequirementsForm(VersionedForm):
    requirements = TextAreaField("Anything else we should know", render_kw={"rows": 10}, validators=[
        Optional(), Length(max=10_000, message="Keep it under 10,000 characters; attach a file for more.")],
        description="Requirements the other sections did not ask about: special call handling, devices, "
                    "integrations, dates to avoid. Up to 10,000 characters; kept as a draft while you type.")


MAX_ATTACHMENT = 20 * 1024 * 1024


class AttachmentForm(OnceForm):
    """An upload of its own (a refused file costs no other typing): the file and what it is, attached
    once however often the POST is sent."""

    once_purpose = "attachment.create"

    document = upload_field("File", ATTACHMENT, MAX_ATTACHMENT,
                            "A PDF, PNG, JPEG, CSV, TXT or XLSX file, up to 20 MB: a configuration export, a "
                            "floor plan.")
    description = StringField("What it is", validators=[Optional(), Length(max=200)],
                              description="Optional, like “Floor plan, 2nd floor”.")


class KeyLayoutForm(VersionedForm):
    """The keys of one phone model (key_1_function ... key_N_target, made per model by `key_form`).
    The view gives it the model's label width, the project's extensions and the country numbers are
    read in; it checks each key against them, next to the key's field."""

    label_width: int = 0
    extensions: frozenset = frozenset()
    country: str = "US"

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for position in range(1, self.key_count + 1):
            valid = self._check_key(position) and valid
        return valid

    def _check_key(self, position: int) -> bool:
        function, label, target = (self[f"key_{position}_{part}"] for part in ("function", "label", "target"))
        if function.errors:  # not one of the listed functions: that message is enough
            return False
        chosen = KeyFunction(function.data or KeyFunction.BLANK.value)
        if self.label_width and len(label.data or "") > self.label_width:
            label.errors.append(f"At most {self.label_width} characters fit on this phone's label "
                                f"({len(label.data)} here).")
        if chosen in (KeyFunction.BLF, KeyFunction.SPEED_DIAL) and not (target.data or "").strip():
            target.errors.append("Enter the extension it watches." if chosen == KeyFunction.BLF
                                 else "Enter the number or extension it dials.")
        elif chosen == KeyFunction.BLF and target.data.strip() not in self.extensions:
            target.errors.append(f"No one has extension {target.data.strip()} in this project.")
        elif chosen == KeyFunction.SPEED_DIAL and target.data.strip() not in self.extensions \
                and not dialable(target.data.strip(), self.country):
            target.errors.append("Enter a phone number, like (415) 555-0134, or an extension of the project.")
        return not (label.errors or target.errors)


@lru_cache(maxsize=32)
def key_form(count: int) -> type[KeyLayoutForm]:
    """The form of a phone with `count` programmable keys: a function, a label and a target each,
    shown as one fieldset per key."""
    fields = {"key_count": count}
    for n in range(1, count + 1):
        fields[f"key_{n}_function"] = SelectField(f"Key {n}: function", choices=select_choices(
            (function.value, function.title) for function in KeyFunction), default=KeyFunction.BLANK.value)
        fields[f"key_{n}_label"] = StringField(f"Key {n}: label", validators=[Optional(), Length(max=40)])
        fields[f"key_{n}_target"] = StringField(f"Key {n}: extension or number", validators=[
            Optional(), Length(max=30)])
    return type(f"KeyLayoutForm{count}", (KeyLayoutForm,), fields)


class CopyKeysForm(BaseForm):
    """Which seats (of the same phone model) get this seat's keys: "seat_id:version" each."""

    seats = MultiCheckboxField("Copy these keys to", choices=[],
                               description="The ticked seats' own key changes are replaced by these.")


def _seconds(label: str, low: int, high: int, default: int, description: str) -> IntegerField:
    return IntegerField(label, default=default, description=description, validators=[
        InputRequired(f"Enter the {label.lower()} in seconds."),
        NumberRange(low, high, f"Use {low} to {high} seconds.")])


class CallGroupForm(VersionedForm):
    """What every call-center destination has: a name and an extension; the view gives the choices
    of seats and destinations (never this one: nothing sends calls to itself)."""

    name = StringField("Name", validators=[DataRequired("Give it a name, like Support or Front desk."),
                                           Length(max=100)])
    extension = StringField("Extension", validators=[Optional(), Regexp(r"^\d{2,6}$", message=(
        "Use 2 to 6 digits for the extension."))], description="Optional: callers inside can dial it.")
    own_destination_id: int | None = None

    def _not_itself(self, field) -> None:
        if field.data is not None and field.data == self.own_destination_id:
            raise ValidationError("Choose somewhere else: calls cannot be sent back here.")


class QueueForm(CallGroupForm):
    routing = enum_select("Routing", QueueRouting, description="How a waiting call finds an agent.")
    agents = MultiCheckboxField("Agents", choices=[], description="Serial routing rings them in their order, "
                                                                  "which you can change after saving.")
    supervisors = MultiCheckboxField("Supervisors", choices=[])
    agent_alert_seconds = _seconds("Agent alert time", 5, 120, 20, "How long an agent's phone rings.")
    max_wait_seconds = _seconds("Maximum wait", 10, 3600, 300, "After this, a call goes to the time-out "
                                                               "destination.")
    overflow_calls = IntegerField("Overflow at", validators=[Optional(), NumberRange(
        1, 500, "Use 1 to 500 waiting calls.")], description="Optional: how many waiting calls fill the queue.")
    overflow_destination_id = SelectField("Overflow goes to", coerce=optional_id)
    timeout_destination_id = SelectField("Time-out goes to", coerce=optional_id)
    recording_mode = enum_select("Call recording", RecordingMode)
    music_on_hold = StringField("Music on hold", default="The provider's standard music",
                                validators=[DataRequired("Say what callers hear while they wait."), Length(max=200)])
    announcement = TextAreaField("Announcement", validators=[Optional(), Length(max=500)], render_kw={"rows": 3},
                                 description="Optional: what callers hear first, in words.")

    def validate_overflow_destination_id(self, field) -> None:
        self._not_itself(field)
        if self.overflow_calls.data and field.data is None:
            raise ValidationError("Choose where calls go when the queue is full.")

    def validate_timeout_destination_id(self, field) -> None:
        self._not_itself(field)


class RingGroupForm(CallGroupForm):
    strategy = enum_select("How it rings", RingStrategy)
    members = MultiCheckboxField("Members", choices=[], description="Hunting rings them in their order, which "
                                                                    "you can change after saving.")
    ring_seconds = _seconds("No answer after", 5, 300, 20, "How long the group rings before giving up.")
    no_answer_destination_id = SelectField("Unanswered calls go to", coerce=optional_id)

    def validate_no_answer_destination_id(self, field) -> None:
        self._not_itself(field)


class VoicemailBoxForm(CallGroupForm):
    recipients = MultiCheckboxField("Who receives the messages", choices=[])
    email = StringField("Also send the messages to", validators=[Optional(), EmailAddress()],
                        description="Optional: an e-mail address, like frontdesk@example.com.")


class NewQueueForm(QueueForm, OnceForm):
    """"Add a call queue" (and its siblings below): a one-time token, so a resent POST adds it once."""

    once_purpose = "call_group.create"


class NewRingGroupForm(RingGroupForm, OnceForm):
    once_purpose = "call_group.create"


class NewVoicemailBoxForm(VoicemailBoxForm, OnceForm):
    once_purpose = "call_group.create"


class MoveMemberForm(VersionedForm):
    """A seat one place earlier or later in a queue's or group's order."""


class RecordingPolicyForm(VersionedForm):
    retention_days = IntegerField("Keep recordings for (days)", validators=[Optional(), NumberRange(
        1, 3650, "Use 1 to 3650 days.")], description="Needed as soon as any seat or queue is recorded.")
    announcement = TextAreaField("What callers hear", validators=[Optional(), Length(max=500)], render_kw={"rows": 3},
                                 description="Like “This call may be recorded for quality and training.”")
    listeners = MultiCheckboxField("Who may listen to recordings", choices=[])


class CallingPolicyForm(VersionedForm):
    block_international = BooleanField("Block international calls")
    block_premium = BooleanField("Block premium-rate numbers (900 and 976)")
    block_directory = BooleanField("Block directory assistance (411 and 555-1212)")
    extension_dialing_between_sites = BooleanField("Sites dial each other by extension")
    field_groups = {"Outbound calls": ("block_international", "block_premium", "block_directory",
                                       "extension_dialing_between_sites")}
    emergency_email = StringField("Tell of an emergency call by e-mail", validators=[Optional(), EmailAddress()],
                                  description="A security desk or office manager, like security@example.com.")
    emergency_number = StringField("Or by calling", validators=[Optional(), Length(max=20), Regexp(
        r"^[0-9+()\-. ]+$", message="Use a phone number or an extension.")],
        description="A phone number or an extension that is called when someone dials 911.")


class NumberRoutingForm(VersionedForm):
    """Where a number's calls go while its site is open, and while it is closed."""

    open_destination_id = SelectField("During business hours", coerce=optional_id)
    closed_destination_id = SelectField("After hours", coerce=optional_id,
                                        description="After hours follows the site's business hours (section 1).")
