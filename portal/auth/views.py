"""Log in and out, invitations, password resets and changes, and re-authentication."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forms.accounts import ProfileForm
from forms.auth import ChangePasswordForm, ForgotPasswordForm, LoginForm, NewPasswordForm, ReauthenticateForm
from forms.base import ActionForm
from portal.auth import services
from portal.core.editing import Editor
from portal.core.permissions import mark_login
from portal.core.security import start_session
from portal.core.views import keeps_drafts, keeps_input, safe_next, see_other
from portal.extensions import db, limiter
from portal.models.users import TokenPurpose

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _token_limit() -> str:
    return current_app.config["TOKEN_RATE_LIMIT"]


def _account_key() -> str:
    return "account:" + services.normalize_email(request.form.get("email", ""))


def _own_account_key() -> str:
    return f"password-check:{current_user.get_id()}"


def _begin_session(user) -> None:
    start_session()
    login_user(user)
    mark_login()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key)
@keeps_input
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next())
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            services.record_failed_login(form.email.data)
            db.session.commit()
            form.form_errors.append("The e-mail address or the password is not correct.")
            return render_template("auth/login.html", form=form), 200
        target = safe_next()
        _begin_session(user)
        services.record_login(user)
        db.session.commit()
        return redirect(target, code=303)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@keeps_input
def logout():
    """Log out; a stale page (expired token) gets a page with a fresh button rather than an error."""
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("auth/logout.html"), 400
    logout_user()
    start_session()
    flash("You have logged out.", "success")
    return see_other("auth.login")


@bp.route("/reauthenticate", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"], key_func=_own_account_key)
@keeps_input
def reauthenticate():
    form = ReauthenticateForm()
    if form.validate_on_submit():
        if services.authenticate(current_user.email, form.password.data) is None:
            form.password.errors.append("That password is not correct.")
        else:
            mark_login()
            return redirect(safe_next(), code=303)
    return render_template("auth/reauthenticate.html", form=form)


def _token_or_gone(raw: str, purpose: TokenPurpose):
    check = services.check_token(raw, purpose)
    if check.token is None:
        abort(410, check.problem)
    return check.token


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(_token_limit, methods=["POST"])
@keeps_input
def accept_invitation(token: str):
    return _choose_password(token, TokenPurpose.INVITATION, services.accept_invitation,
                            "Your password is set. Log in with your e-mail address and your new password.",
                            "auth/accept_invitation.html")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_token_limit, methods=["POST"])
@limiter.limit(_token_limit, methods=["POST"], key_func=_account_key)
@keeps_input
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_token_limit, methods=["POST"])
@keeps_input
def reset_password(token: str):
    return _choose_password(token, TokenPurpose.RESET, services.reset_password,
                            "Your password was changed. Log in with your new password.",
                            "auth/reset_password.html")


def _choose_password(raw_token: str, purpose: TokenPurpose, service, done: str, template: str):
    """The page behind a one-time link: choose a password, then log in."""
    user_token = _token_or_gone(raw_token, purpose)
    form = NewPasswordForm()
    form.account_email = user_token.user.email
    if form.validate_on_submit():
        service(user_token, form.password.data)
        db.session.commit()
        flash(done, "success")
        return see_other("auth.login")
    return render_template(template, form=form, invited=user_token.user)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"], key_func=_own_account_key)
@keeps_input
def change_password():
    form = ChangePasswordForm()
    form.account_email = current_user.email
    if form.validate_on_submit():
        try:
            user = services.change_password(current_user._get_current_object(), form.current.data,
                                           form.password.data)
        except services.AccountError as error:
            form.current.errors.append(str(error))
        else:
            db.session.commit()
            _begin_session(user)  # the old session id is void; keep this browser logged in
            flash("Your password was changed. Your other sessions were logged out.", "success")
            return see_other("main.dashboard")
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
@keeps_drafts
def profile():
    editor = Editor(ProfileForm, current_user._get_current_object())
    response = editor.submit(services.update_profile, title="Your profile", saved="Your profile was saved.",
                             next_url=url_for("auth.profile"))
    return response or render_template("auth/profile.html", editor=editor)
