"""The form of a seat of the Client Worksheet."""
from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp, ValidationError

from forms.base import OnceForm, VersionedForm
from forms.projects import enum_select
from forms.sites import US_STATE, US_ZIP
from forms.validators import CountryCode, EmailAddress, PhoneField, PhoneNumber
from portal.extensions import db
from portal.models.telephony import RecordingMode, Site


def _site_country(form) -> str | None:
    """The country of the site chosen on the form, to read its national numbers."""
    offered = {choice.value for choice in form.site_id.choices or [] if choice.value not in ("", None)}
    site = db.session.get(Site, form.site_id.data) if form.site_id.data in offered else None
    return site.country if site is not None else None


def optional_id(value):
    return int(value) if value not in (None, "", "None") else None


def _text(label: str, length: int = 100, **kwargs) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=length)], **kwargs)


class SeatForm(VersionedForm):
    first_name = _text("First name")
    last_name = _text("Last name")
    device_label = _text("Device label", description="For a device instead of a person, like “Lobby phone”.")
    display_name = _text("Display name", 200, description="Shown on calls; leave blank for the name.")
    email = StringField("E-mail", validators=[Optional(), Length(max=254), EmailAddress()])
    extension = StringField("Extension", validators=[Optional(), Regexp(r"^\d{2,6}$", message=(
        "Use 2 to 6 digits for the extension."))])
    direct_number = PhoneField("Direct number", validators=[Optional(), PhoneNumber(_site_country)],
                             description="The number that rings this seat directly, if any.")
    mobile = PhoneField("Mobile", validators=[Optional(), PhoneNumber(_site_country)])
    job_title = _text("Job title", 200)
    department = _text("Department", 200)
    seat_type_id = SelectField("User type", coerce=int)
    site_id = SelectField("Site", coerce=optional_id)
    e911_street = _text("E911 street", 200, description="Only when this seat's emergency address differs "
                                                         "from its site's.")
    e911_city = _text("E911 city")
    e911_state = _text("E911 state", filters=[lambda value: value.upper() if value else value])
    e911_postal_code = _text("E911 ZIP", 20)
    e911_country = StringField("E911 country", validators=[Optional(), CountryCode()],
                               filters=[lambda value: value.upper() if value else value])
    voicemail_enabled = BooleanField("Voicemail", default=True)
    voicemail_to_email = BooleanField("Voicemail to e-mail")
    fax_to_email = BooleanField("Fax to e-mail")
    softphone = BooleanField("Softphone or mobile app")
    teams_calling = BooleanField("Microsoft Teams calling")
    recording_mode = enum_select("Call recording", RecordingMode)
    phone_model_id = SelectField("Phone model", coerce=optional_id)
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.first_name.data or self.last_name.data or self.device_label.data):
            self.first_name.errors = [*self.first_name.errors, "Enter the person's name, or a label for a device."]
            return False
        return valid

    def validate_e911_postal_code(self, field) -> None:
        if field.data and (self.e911_country.data or "US") == "US" and not US_ZIP.match(field.data):
            raise ValidationError("Enter a US ZIP code of 5 digits, or 9 like 94107-1234.")

    def validate_e911_state(self, field) -> None:
        if field.data and (self.e911_country.data or "US") == "US" and not US_STATE.match(field.data):
            raise ValidationError("Enter the two-letter state code, like CA.")

    def validate_voicemail_to_email(self, field) -> None:
        if field.data and not self.email.data:
            raise ValidationError("Voicemail to e-mail needs the seat's e-mail address.")


class NewSeatForm(SeatForm, OnceForm):
    """"Add a seat": the seat form with a one-time token, so a resent POST adds no second seat."""

    once_purpose = "seat.create"
