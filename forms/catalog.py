"""The form of a phone model of the provider's catalog (DESIGN.md section 12)."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from forms.base import VersionedForm

MAX_KEYS, MAX_LABEL_WIDTH = 200, 40


class PhoneModelForm(VersionedForm):
    """A desk phone (its programmable keys and label width) or a softphone (no keys)."""

    vendor = StringField("Vendor", description="The maker, like Poly, Yealink or Cisco.",
                         validators=[DataRequired("Enter the vendor."), Length(max=80)])
    model = StringField("Model", description="As the customer's worksheet names it, like VVX 450.",
                        validators=[DataRequired("Enter the model."), Length(max=80)])
    keys = IntegerField(
        "Programmable keys", default=0,
        description="Line and feature keys on the phone itself. 0 means a softphone: an app or a Teams client "
                    "with no keys to program.",
        validators=[InputRequired("Enter the number of keys, or 0 for a softphone."),
                    NumberRange(0, MAX_KEYS, f"Enter a whole number from 0 to {MAX_KEYS}.")])
    label_width = IntegerField(
        "Key label width", default=0,
        description="How many characters the label of a key shows. 0 for a softphone.",
        validators=[InputRequired("Enter the label width in characters, or 0 for a softphone."),
                    NumberRange(0, MAX_LABEL_WIDTH, f"Enter a whole number from 0 to {MAX_LABEL_WIDTH}.")])
    active = BooleanField("Offered in the worksheets", default=True,
                          description="Untick to retire the model: it leaves the choices of every worksheet, "
                                      "and seats that have it keep it.")

    def validate_label_width(self, field) -> None:
        if self.keys.data == 0 and field.data:
            raise ValidationError("A softphone has no keys to label: enter 0, or enter its number of keys.")
