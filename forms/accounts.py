"""Forms of managing people and organizations: invite, change a role, create an organization."""
from __future__ import annotations

from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forms.base import OnceForm, VersionedForm
from forms.validators import EmailAddress, PhoneField, PhoneNumber
from portal.models.users import CUSTOMER_ROLES, STAFF_ROLES, Role

STAFF_CHOICES = [SelectChoice(role.value, role.title) for role in Role if role in STAFF_ROLES]
CUSTOMER_CHOICES = [SelectChoice(role.value, role.title) for role in CUSTOMER_ROLES]
ROLE_HINT = ("Primary contacts manage their organization's users; secondary contacts fill in and "
             "submit the forms; viewers can only read.")


def _role_field(choices, hint=None):
    return SelectField("Role", choices=choices, coerce=Role, description=hint,
                       validators=[DataRequired("Choose a role.")])


class InviteCustomerUserForm(OnceForm):
    once_purpose = "invite"
    name = StringField("Full name", validators=[DataRequired("Enter the person's name."), Length(max=200)],
                       render_kw={"autocomplete": "off"})
    email = EmailField("E-mail address", validators=[DataRequired("Enter the person's e-mail address."),
                                                     EmailAddress(), Length(max=254)],
                       render_kw={"autocomplete": "off"})
    role = _role_field(CUSTOMER_CHOICES, ROLE_HINT)


class InviteStaffForm(InviteCustomerUserForm):
    role = _role_field(STAFF_CHOICES)


class OrganizationForm(OnceForm):
    once_purpose = "organization.create"
    name = StringField("Organization name", validators=[DataRequired("Enter the organization's name."),
                                                       Length(max=200)])


def _name_field():
    return StringField("Full name", validators=[DataRequired("Enter the name."), Length(max=200)],
                       render_kw={"autocomplete": "name"})


def _job_title_field():
    return StringField("Job title", validators=[Optional(), Length(max=200)],
                       render_kw={"autocomplete": "organization-title"})


def _phone_field():
    return PhoneField("Phone", description="Where the provider can reach you, with the country code if outside "
                                         "your own country.", validators=[Optional(), PhoneNumber()],
                    render_kw={"autocomplete": "tel"})


class ProfileForm(VersionedForm):
    """A person's own details."""

    name = _name_field()
    job_title = _job_title_field()
    phone = _phone_field()


class CustomerPersonForm(VersionedForm):
    """A colleague's details and role, edited by a primary contact or an administrator."""

    name = _name_field()
    job_title = _job_title_field()
    phone = _phone_field()
    role = _role_field(CUSTOMER_CHOICES, ROLE_HINT)


class StaffPersonForm(CustomerPersonForm):
    role = _role_field(STAFF_CHOICES)


class OrganizationProfileForm(VersionedForm):
    """A customer organization's details, edited by its contacts."""

    name = StringField("Organization name", validators=[DataRequired("Enter the organization's name."),
                                                       Length(max=200)])
    support_pass_code = PasswordField(
        "Support pass code", validators=[Optional(), Length(min=4, max=64, message="Use 4 to 64 characters.")],
        description="Your main points of contact say it when they call support. It is never shown again: "
                    "leave this blank to keep the current one.", render_kw={"autocomplete": "off"})
    escalation_notes = TextAreaField(
        "Escalation list", validators=[Optional(), Length(max=4000)],
        description="Who in your organization the provider should call when an issue needs a decision: "
                    "names, titles, phone numbers.", render_kw={"rows": 5})
