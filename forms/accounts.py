"""Forms of managing people and organizations: invite, change a role, create an organization."""
from __future__ import annotations

from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from forms.base import BaseForm
from forms.validators import EmailAddress
from portal.models.users import CUSTOMER_ROLES, STAFF_ROLES, Role

STAFF_CHOICES = [SelectChoice(role.value, role.title) for role in Role if role in STAFF_ROLES]
CUSTOMER_CHOICES = [SelectChoice(role.value, role.title) for role in CUSTOMER_ROLES]
ROLE_HINT = ("Primary contacts manage their organization's users; secondary contacts fill in and "
             "submit the forms; viewers can only read.")


def _role_field(choices, hint=None):
    return SelectField("Role", choices=choices, coerce=Role, description=hint,
                       validators=[DataRequired("Choose a role.")])


class InviteCustomerUserForm(BaseForm):
    name = StringField("Full name", validators=[DataRequired("Enter the person's name."), Length(max=200)],
                       render_kw={"autocomplete": "off"})
    email = EmailField("E-mail address", validators=[DataRequired("Enter the person's e-mail address."),
                                                     EmailAddress(), Length(max=254)],
                       render_kw={"autocomplete": "off"})
    role = _role_field(CUSTOMER_CHOICES, ROLE_HINT)


class InviteStaffForm(InviteCustomerUserForm):
    role = _role_field(STAFF_CHOICES)


class CustomerRoleForm(BaseForm):
    role = _role_field(CUSTOMER_CHOICES, ROLE_HINT)


class StaffRoleForm(BaseForm):
    role = _role_field(STAFF_CHOICES)


class OrganizationForm(BaseForm):
    name = StringField("Organization name", validators=[DataRequired("Enter the organization's name."),
                                                       Length(max=200)])
