"""The call-flow builder's node forms (issue 16): one per kind of node, each a name (and where it
makes sense an extension) with the kind's own settings; every "goes to" is a destination list with
"create a new one here" (portal.core.detours), given its choices by the view."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from forms.base import OnceForm, VersionedForm, select_choices
from forms.hours import hours_valid
from forms.projects import TIME_ZONES
from forms.validators import PhoneField, PhoneNumber, upload_field
from forms.worksheet import optional_id
from portal.core.hours import WORKDAYS
from portal.core.storage import AUDIO
from portal.models.callflows import GreetingMode

MAX_RECORDING = 5 * 1024 * 1024  # Microsoft Teams takes greetings of less than 5 MB; other platforms less too
KEY_FIELDS = {"1": "key_1", "2": "key_2", "3": "key_3", "4": "key_4", "5": "key_5", "6": "key_6", "7": "key_7",
              "8": "key_8", "9": "key_9", "0": "key_0", "*": "key_star", "#": "key_hash"}


def _goes_to(label: str, description: str | None = None) -> SelectField:
    return SelectField(label, coerce=optional_id, description=description)


class NodeForm(VersionedForm):
    """What every node has: its name; the view says which destination lists it has (never itself)."""

    name = StringField("Name", validators=[DataRequired("Give it a name, like Main menu or After hours."),
                                           Length(max=100)])
    own_destination_id: int | None = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if field.type == "SelectField" and field.name.endswith(("destination_id", *KEY_FIELDS.values())) \
                    and field.data is not None and field.data == self.own_destination_id:
                field.errors.append("Choose somewhere else: calls cannot be sent back here.")
                valid = False
        return valid


def _extension() -> StringField:
    return StringField("Extension", validators=[Optional(), Regexp(r"^\d{2,6}$", message=(
        "Use 2 to 6 digits for the extension."))], description="Optional: callers inside can dial it.")


class Greeted(NodeForm):
    greeting_mode = RadioField("What callers hear", choices=select_choices((mode.value, mode.title)
                                                                          for mode in GreetingMode),
                               default=GreetingMode.TEXT.value)
    greeting_text = TextAreaField("Greeting", validators=[Length(max=2000)], render_kw={"rows": 4},
                                  description="Read aloud by text-to-speech, like “Thank you for calling Northwind. "
                                              "For sales press 1, for support press 2.”")

    def validate_greeting_text(self, field) -> None:
        if self.greeting_mode.data == GreetingMode.TEXT.value and not field.data:
            raise ValidationError("Write what callers hear, or choose a recording.")


class MenuForm(Greeted):
    extension = _extension()
    key_1, key_2, key_3 = _goes_to("Key 1"), _goes_to("Key 2"), _goes_to("Key 3")
    key_4, key_5, key_6 = _goes_to("Key 4"), _goes_to("Key 5"), _goes_to("Key 6")
    key_7, key_8, key_9 = _goes_to("Key 7"), _goes_to("Key 8"), _goes_to("Key 9")
    key_0, key_star, key_hash = _goes_to("Key 0"), _goes_to("Key *"), _goes_to("Key #")
    repeats = IntegerField("Repeat the menu", default=2, validators=[
        InputRequired("Say how many times the menu repeats, 0 to 5."), NumberRange(0, 5, "Use 0 to 5 times.")],
        description="When a caller presses nothing, or a key that is not set, the menu plays again this many "
                    "times before the call goes on.")
    no_input_destination_id = _goes_to("When nothing is pressed", "Empty: the call is hung up.")
    invalid_destination_id = _goes_to("After keys that are not set", "Empty: the call is hung up.")
    dial_by_extension = BooleanField("Callers may dial an extension")
    dial_by_name = BooleanField("Callers may say or spell a name (dial by name)")
    field_groups = {"Keys": tuple(KEY_FIELDS.values()),
                    "When the caller does not choose": ("repeats", "no_input_destination_id",
                                                        "invalid_destination_id")}


class AnnouncementForm(Greeted):
    next_destination_id = _goes_to("Then the call goes to")

    def validate_next_destination_id(self, field) -> None:
        if field.data is None:
            raise ValidationError("Choose where the call goes after the announcement.")


class HoursForm(NodeForm):
    site_id = SelectField("Site", coerce=optional_id, description="Its business hours, time zone and country.")
    follows_site = RadioField("Open", coerce=lambda value: value in (True, "True", "yes", "y", "1"), default="yes",
                              choices=select_choices([("yes", "During the site's business hours"),
                                                      ("no", "During hours of its own (below)")]))
    time_zone = SelectField("Time zone", choices=select_choices([("", "The site's")] + [(zone, zone)
                                                                                       for zone in TIME_ZONES]),
                            description="Its hours are in this time; the site's unless it is elsewhere.")
    weekdays = StringField("Monday to Friday", validators=[Length(max=100)],
                           description="Its own hours, like 08:00-17:30; empty or “closed” when closed.")
    sat = StringField("Saturday", validators=[Length(max=100)])
    sun = StringField("Sunday", validators=[Length(max=100)])
    mon = StringField("Monday", validators=[Length(max=100)])
    tue = StringField("Tuesday", validators=[Length(max=100)])
    wed = StringField("Wednesday", validators=[Length(max=100)])
    thu = StringField("Thursday", validators=[Length(max=100)])
    fri = StringField("Friday", validators=[Length(max=100)])
    holiday_set_id = SelectField("Holidays", coerce=optional_id, description="Optional: days it is closed as "
                                                                               "holidays, with a branch of their own "
                                                                               "(sets are made under Holiday sets).")
    open_destination_id = _goes_to("While open, calls go to")
    closed_destination_id = _goes_to("While closed, calls go to")
    holiday_destination_id = _goes_to("On holidays, calls go to")
    field_groups = {"Its own hours": ("weekdays", "sat", "sun", *WORKDAYS)}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        own = not self.follows_site.data
        valid = hours_valid(self, "Give its own hours, like 08:00-17:30, or have it follow the site's." if own
                            else None) and valid
        if self.follows_site.data and self.site_id.data is None:
            self.site_id.errors.append("Choose the site whose hours it follows, or give it hours of its own.")
            valid = False
        if self.holiday_set_id.data is not None and self.holiday_destination_id.data is None:
            self.holiday_destination_id.errors.append("Choose where calls go on holidays.")
            valid = False
        return valid


class ExternalForm(NodeForm):
    external_number = PhoneField("Outside number", validators=[InputRequired("Enter the outside number, like "
                                                                             "(415) 555-0100."), PhoneNumber()])


class HangUpForm(NodeForm):
    """Hang up: a name is all it needs (callers hear the greeting of the node before it)."""


NODE_FORMS = {"menu": MenuForm, "announcement": AnnouncementForm, "hours": HoursForm, "external": ExternalForm,
              "hang_up": HangUpForm}


def new_node_form(kind_key: str):
    """The create form of a kind: the same fields, made once (a resent form makes nothing more)."""
    return type(f"New{NODE_FORMS[kind_key].__name__}", (NODE_FORMS[kind_key], OnceForm),
                {"once_purpose": f"call_flow.{kind_key}"})


class RecordingForm(OnceForm):
    """A greeting's recording, uploaded on its own (a refused file costs no other typing) and kept once
    however often the POST is sent."""

    once_purpose = "call_flow.recording"

    recording = upload_field("Recording file", AUDIO, MAX_RECORDING,
                             "A WAV or MP3 file, up to 5 MB (about 5 minutes of MP3): what callers hear first.")


class CallFlowsProgressForm(VersionedForm):
    """"Have you completed the call flows?" (the questionnaire's question; version 0 until answered)."""

    completed = RadioField("Have you completed the call flows?", choices=select_choices([
        ("yes", "Yes, I have completed the call flows"), ("no", "No, I will come back to them later")]),
        validators=[InputRequired("Choose whether you have completed the call flows.")])
