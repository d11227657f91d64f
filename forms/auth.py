"""Forms of logging in and of setting, resetting and changing passwords."""
from __future__ import annotations

from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, InputRequired

from forms.base import BaseForm
from forms.validators import EmailAddress, StrongPassword

PASSWORD_HINT = ("At least 12 characters. Long passphrases are welcome; no special characters are "
                 "required. Very common passwords are refused.")


class LoginForm(BaseForm):
    email = EmailField("E-mail address", validators=[DataRequired("Enter your e-mail address.")],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")],
                             render_kw={"autocomplete": "current-password"})


class ReauthenticateForm(BaseForm):
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")],
                             render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(BaseForm):
    email = EmailField("E-mail address", validators=[DataRequired("Enter your e-mail address."), EmailAddress()],
                       render_kw={"autocomplete": "username"})


def _new_password() -> PasswordField:
    return PasswordField("New password", description=PASSWORD_HINT,
                         validators=[InputRequired("Enter a new password."), StrongPassword()],
                         render_kw={"autocomplete": "new-password"})


def _confirm_password() -> PasswordField:
    return PasswordField("Confirm new password",
                         validators=[InputRequired("Enter the new password again."),
                                     EqualTo("password", "The two passwords do not match.")],
                         render_kw={"autocomplete": "new-password"})


class NewPasswordForm(BaseForm):
    """Choose a password (invitation and reset); set `account_email` to refuse passwords built on it."""

    account_email: str | None = None
    password = _new_password()
    confirm = _confirm_password()


class ChangePasswordForm(BaseForm):
    account_email: str | None = None
    current = PasswordField("Current password", validators=[InputRequired("Enter your current password.")],
                            render_kw={"autocomplete": "current-password"})
    password = _new_password()
    confirm = _confirm_password()
