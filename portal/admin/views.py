"""Administrators manage customer organizations and provider staff, and watch the e-mail the portal sends."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import false

from forms.accounts import InviteCustomerUserForm, InviteStaffForm, OrganizationForm
from forms.base import ActionForm
from portal.admin import queries
from portal.auth import services
from portal.core import once
from portal.core.mail import KEPT_FOR, send_again
from portal.core.permissions import MANAGERS, loads, organization_view, register_loader, roles_required
from portal.core.security import invite_limit
from portal.core.views import keeps_input, see_other
from portal.extensions import db, limiter
from portal.main.queries import organization_people
from portal.models.mail import OutboxMessage
from portal.models.users import Role
from portal.projects.queries import organization_projects

bp = Blueprint("admin", __name__, url_prefix="/admin")
# The outbox belongs to no organization: staff may name a message (the role check then says 403 to
# everyone but admins, as the catalog does); for a customer it does not exist (404).
outbox_message_loader = register_loader(
    "outbox_message", OutboxMessage, lambda query, user: query if user.is_staff else query.where(false()))


@bp.route("/organizations", methods=["GET", "POST"])
@login_required
@roles_required(Role.ADMIN, Role.IPM)
@keeps_input
def organizations():
    form = OrganizationForm()
    if form.validate_on_submit():
        claim = once.claim(form.once_token.data, form.once_purpose)
        if claim.repeated:
            return claim.replay()
        try:
            organization = services.create_organization(form.name.data)
        except services.AccountError as error:
            db.session.rollback()  # nothing of this attempt stays, not even its one-time token
            form.name.errors.append(str(error))
        else:
            claim.finish(url_for("admin.organization_invite", organization_id=organization.id))
            db.session.commit()
            flash(f"{organization.name} was added. Invite its primary contact next.", "success")
            return see_other("admin.organization_invite", organization_id=organization.id)
    return render_template("admin/organizations.html", form=form,
                           organizations=queries.organizations_with_counts())


@bp.get("/organizations/<int:organization_id>")
@organization_view(*MANAGERS, ipm_edits=True)
def organization(organization):
    return render_template("admin/organization.html", organization=organization,
                           people=organization_people(organization.id), action_form=ActionForm(),
                           projects=organization_projects(organization.id))


@bp.route("/organizations/<int:organization_id>/invite", methods=["GET", "POST"])
@organization_view(*MANAGERS, edit=True, readable=False, ipm_edits=True)
@limiter.limit(invite_limit, methods=["POST"])
@keeps_input
def organization_invite(organization):
    form = InviteCustomerUserForm()
    if form.validate_on_submit():
        return _invite(form, organization, "admin.organization", organization_id=organization.id)
    return render_template("organization/invite.html", form=form, organization=organization,
                           cancel_url=url_for("admin.organization", organization_id=organization.id))


@bp.get("/staff")
@login_required
@roles_required(Role.ADMIN)
def staff():
    return render_template("admin/staff.html", people=queries.staff_users(), action_form=ActionForm())


@bp.route("/staff/invite", methods=["GET", "POST"])
@login_required
@roles_required(Role.ADMIN)
@limiter.limit(invite_limit, methods=["POST"])
@keeps_input
def staff_invite():
    form = InviteStaffForm()
    if form.validate_on_submit():
        return _invite(form, None, "admin.staff")
    return render_template("organization/invite.html", form=form, organization=None,
                           cancel_url=url_for("admin.staff"))


def _invite(form, organization, endpoint: str, **values):
    """Invite from a validated form, once; on a refusal show the form again with the reason."""
    claim = once.claim(form.once_token.data, form.once_purpose)
    if claim.repeated:
        return claim.replay()
    try:
        services.invite_user(form.email.data, form.name.data, form.role.data, organization, current_user)
    except services.AccountError as error:
        db.session.rollback()  # nothing of this attempt stays, not even its one-time token
        form.email.errors.append(str(error))
        return render_template("organization/invite.html", form=form, organization=organization,
                               cancel_url=url_for(endpoint, **values))
    claim.finish(url_for(endpoint, **values))
    db.session.commit()
    flash(f"We sent an invitation to {form.email.data}.", "success")
    return see_other(endpoint, **values)


@bp.get("/mail")
@login_required
@roles_required(Role.ADMIN)
def mail():
    """The outbox, newest first, filtered by status; never a message's body (it may hold a live link)."""
    shown = request.args.get("status", "")
    shown = shown if shown in queries.MAIL_FILTERS else ""
    return render_template("admin/mail.html", page=queries.outbox_page(shown), shown=shown,
                           filters=queries.MAIL_FILTERS, kept_days=KEPT_FOR.days, stalled=queries.stalled_mail(),
                           stalled_minutes=int(queries.STALLED_AFTER.total_seconds() // 60))


@bp.post("/mail/<int:message_id>/send-again")
@login_required
@loads(message_id=outbox_message_loader)
@roles_required(Role.ADMIN)
def mail_send_again(outbox_message):
    """Send a failed message again (a fresh link for a reset or an invitation); back to all the mail,
    where the row shows what became of it. The CSRF token is checked by CSRFProtect."""
    try:
        outcome = send_again(outbox_message, current_user)
    except ValueError as error:  # a MailError, or a resender's reason (the account is gone or inactive)
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(outcome, "success")
    return see_other("admin.mail")
