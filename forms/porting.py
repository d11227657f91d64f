"""A port request's form (issue 18): the account as the current carrier bills it, who may authorize
the port, full or partial, the port date, and its numbers (the project's, ticked, and pasted ones
with ranges). It validates; the porting services apply the rules that need the project's rows."""
from __future__ import annotations

from wtforms import (
    DateField,
    DateTimeLocalField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from forms.base import MultiCheckboxField, OnceForm, VersionedForm, select_choices
from forms.sites import AddressChecks, address_fields
from forms.validators import EmailAddress, PhoneField, PhoneNumber, upload_field
from portal.core.storage import CARRIER_DOCUMENT
from portal.models.porting import ExceptionReason, ServiceType

MAX_BILL = 20 * 1024 * 1024
YES_NO = select_choices([("yes", "Every number on the account moves (a full port)"),
                         ("no", "Some numbers stay with the current carrier (a partial port)")])


def _yes(value) -> bool:
    return value in (True, "True", "yes", "y", "1")


class PortRequestForm(AddressChecks, VersionedForm):
    customer_name = StringField("Customer name exactly as on the bill", validators=[
        DataRequired("Enter the name exactly as the current carrier bills it."), Length(max=200)],
        description="Carriers reject a port whose name differs from the bill, even by “Inc.” or a comma.")
    service_type = RadioField("Account type", choices=select_choices((kind.value, kind.title) for kind in ServiceType),
                              default=ServiceType.BUSINESS.value)
    street, suite, city, state, postal_code, country = address_fields()
    btn = PhoneField("Billing telephone number (BTN)", validators=[
        InputRequired("Enter the account's billing telephone number, as on the bill."), PhoneNumber()],
        description="The account's main number, printed on the bill; one BTN per request.")
    current_carrier = StringField("Current carrier", validators=[DataRequired("Enter the current carrier."),
                                                                 Length(max=100)], description="Like AT&T or Comcast.")
    account_number = StringField("Account number", validators=[
        DataRequired("Enter the account number, as on the bill."), Length(max=60)])
    account_pin = PasswordField("Account PIN or passcode", validators=[Optional(), Length(max=40)],
                                description="If the carrier set one for ports. It is never shown again or printed: "
                                            "leave this blank to keep the current one.",
                                render_kw={"autocomplete": "new-password"})
    authorized_name = StringField("Authorized person", validators=[
        DataRequired("Enter who may authorize the port for the account."), Length(max=200)])
    authorized_title = StringField("Their title", validators=[Optional(), Length(max=100)])
    authorized_email = EmailField("Their e-mail", validators=[DataRequired("Enter their e-mail address."),
                                                               EmailAddress()])
    authorized_phone = PhoneField("Their phone", validators=[InputRequired("Enter their phone number."),
                                                             PhoneNumber()])
    full_port = RadioField("Full or partial", choices=YES_NO, default="yes", coerce=_yes)
    new_btn = PhoneField("New BTN of the account", validators=[Optional(), PhoneNumber()],
                         description="Only for a partial port that moves the BTN: the number that stays and becomes "
                                     "the account's billing number.")
    staying_numbers = TextAreaField("Numbers that stay with the current carrier", validators=[Length(max=5000)],
                                    description="Only for a partial port: listed on the request, not added to the "
                                                "project.", render_kw={"rows": 2})
    requested_on = DateField("Port date", validators=[InputRequired("Choose the port date.")],
                             description="The go-live date unless your project manager agreed another.")
    numbers = MultiCheckboxField("The project's numbers to port", coerce=int, choices=[])
    pasted = TextAreaField("More numbers to port", validators=[Length(max=60_000)], render_kw={"rows": 3},
                           description="One number or range a line, like 415-555-0100 or 415-555-0100 to 0149 "
                                       "(at most 1,000 a range). Numbers the project lacks are added to it.")
    field_groups = {"Service address (as on the bill)": ("street", "suite", "city", "state", "postal_code", "country"),
                    "Who may authorize the port": ("authorized_name", "authorized_title", "authorized_email",
                                                   "authorized_phone"),
                    "The numbers": ("full_port", "new_btn", "staying_numbers", "numbers", "pasted")}


class NewPortRequestForm(PortRequestForm, OnceForm):
    """"Add a port request": made once however often the POST is sent."""

    once_purpose = "port_request.create"



class CarrierDocumentForm(OnceForm):
    """A bill or CSR of the current carrier, uploaded on its own (a refused file costs no other
    typing), kept once however often the POST is sent."""

    once_purpose = "port_request.document"

    document = upload_field("Bill or CSR", CARRIER_DOCUMENT, MAX_BILL,
                            "Your latest bill from the current carrier, or its customer service record (CSR): a "
                            "PDF, PNG or JPEG file up to 20 MB, not password-protected.")


class PortStatusForm(VersionedForm):
    """Staff move a request: where to (the view offers what the transition table allows), and what the
    move needs (the FOC date and time, an exception's reason, a note)."""

    target = SelectField("Move it to", choices=[], validators=[DataRequired("Choose where the request goes.")])
    foc_at = DateTimeLocalField("FOC date and time", format="%Y-%m-%dT%H:%M", validators=[Optional()],
                                description="For “FOC confirmed”: when the carrier moves the numbers.")
    reason = SelectField("The carrier's reason", choices=select_choices(
        [("", "Not an exception")] + [(reason.value, reason.title) for reason in ExceptionReason]))
    note = TextAreaField("Note", validators=[Length(max=2000)], render_kw={"rows": 2},
                         description="Sent to the customer's contacts with the change; needed for an exception, "
                                     "a signature given on paper, or a cancellation.")
