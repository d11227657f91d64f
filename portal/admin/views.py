"""Administrators manage customer organizations and provider staff."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user, login_required

from forms.accounts import InviteCustomerUserForm, InviteStaffForm, OrganizationForm
from forms.base import ActionForm
from portal.admin import queries
from portal.auth import services
from portal.core import once
from portal.core.permissions import MANAGERS, organization_view, roles_required
from portal.core.security import invite_limit
from portal.core.views import keeps_input, see_other
from portal.extensions import db, limiter
from portal.main.queries import organization_people
from portal.models.users import Role
from portal.projects.queries import organization_projects

bp = Blueprint("admin", __name__, url_prefix="/admin")


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
