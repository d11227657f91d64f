"""The form of a customer site (its address is the default E911 address)."""
from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forms.base import OnceForm, VersionedForm
from forms.projects import offer_zones, time_zone_field
from forms.validators import CountryCode
from portal.core.addresses import US_STATE, US_ZIP


def address_fields() -> tuple:
    """The fields of a postal address (a site's, a port request's service address), made where the
    form lists them: street, suite, city, state, postal code, country."""
    return (StringField("Street address", validators=[DataRequired("Enter the street address."), Length(max=200)]),
            StringField("Suite or floor", validators=[Optional(), Length(max=100)]),
            StringField("City", validators=[DataRequired("Enter the city."), Length(max=100)]),
            StringField("State or region", validators=[Optional(), Length(max=100)],
                        filters=[lambda value: value.upper() if value and len(value) == 2 else value]),
            StringField("ZIP or postal code", validators=[DataRequired("Enter the ZIP or postal code."),
                                                          Length(max=20)]),
            StringField("Country", default="US", description="The two-letter code, like US or CA.",
                        validators=[DataRequired("Enter the country."), CountryCode()],
                        filters=[lambda value: value.upper() if value else value]))


class AddressChecks:
    """A US address's ZIP and state, checked on a form with the address fields."""

    def validate_postal_code(self, field) -> None:
        if (self.country.data or "").upper() == "US" and not US_ZIP.match(field.data or ""):
            raise ValidationError("Enter a US ZIP code of 5 digits, or 9 like 94107-1234.")

    def validate_state(self, field) -> None:
        if (self.country.data or "").upper() == "US" and not US_STATE.match((field.data or "").upper()):
            raise ValidationError("Enter the two-letter state code, like CA.")


class SiteForm(AddressChecks, VersionedForm):
    name = StringField("Site name", validators=[DataRequired("Enter the site's name."), Length(max=200)],
                       description="How your people call it, like “Head office” or “Warehouse 2”.")
    street, suite, city, state, postal_code, country = address_fields()
    time_zone = time_zone_field(hint="The site's local time zone, for business hours and meetings. Left empty, "
                                     "a US site gets its state's main time zone.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_zones(self, self.time_zone, self.country.data, self.state.data)


class NewSiteForm(SiteForm, OnceForm):
    """"Add a site": the site form with a one-time token, so a resent POST adds no second site."""

    once_purpose = "site.create"
