"""Self administration (seed 003): invite colleagues, change their role, deactivate and reactivate them.

The per-user actions serve an organization's primary contact (own organization only, through the
scoped loader) and the provider's administrators (any user) alike.
"""
from __future__ import annotations

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user, login_required

from forms.accounts import CustomerPersonForm, InviteCustomerUserForm, OrganizationProfileForm, StaffPersonForm
from forms.base import ActionForm
from portal.auth import services
from portal.core import once
from portal.core.editing import Editor
from portal.core.permissions import fresh_login_required, organization_view, roles_required
from portal.core.security import invite_limit
from portal.core.views import keeps_drafts, keeps_input, see_other, see_other_url
from portal.extensions import db, limiter
from portal.main.queries import organization_people
from portal.models.users import Role
from portal.organization import services as organization_services
from portal.organization.access import user_loader

bp = Blueprint("organization", __name__)
PEOPLE_MANAGERS = (Role.PRIMARY_CONTACT, Role.ADMIN)  # the organization's people: its primary contact


def users_page_url(user) -> str:
    """Where a list of `user`'s colleagues is shown to the person managing them."""
    if current_user.is_staff and user.is_staff:
        return url_for("admin.staff")
    if current_user.is_staff:
        return url_for("admin.organization", organization_id=user.organization_id)
    return url_for("organization.users")


@bp.get("/organization/users")
@login_required
@roles_required(Role.PRIMARY_CONTACT)
def users():
    return render_template("organization/users.html", organization=current_user.organization,
                           people=organization_people(current_user.organization_id), action_form=ActionForm())


@bp.route("/organization/users/invite", methods=["GET", "POST"])
@login_required
@roles_required(Role.PRIMARY_CONTACT)
@limiter.limit(invite_limit, methods=["POST"])
@keeps_input
def invite():
    form = InviteCustomerUserForm()
    if form.validate_on_submit():
        claim = once.claim(form.once_token.data, form.once_purpose)
        if claim.repeated:
            return claim.replay()
        try:
            services.invite_user(form.email.data, form.name.data, form.role.data,
                                 current_user.organization, current_user)
        except services.AccountError as error:
            db.session.rollback()  # nothing of this attempt stays, not even its one-time token
            form.email.errors.append(str(error))
        else:
            claim.finish(url_for("organization.users"))
            db.session.commit()
            flash(f"We sent an invitation to {form.email.data}.", "success")
            return see_other("organization.users")
    return render_template("organization/invite.html", form=form, organization=current_user.organization,
                           cancel_url=url_for("organization.users"))


def _run(action, user, success: str):
    """Call one account service for `user`, then commit and go back to the list, or explain why not.

    The CSRF token of these one-button forms is checked for every POST by CSRFProtect."""
    try:
        action(user, current_user)
    except (services.AccountError, ValueError) as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return see_other_url(users_page_url(user))


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@organization_view(*PEOPLE_MANAGERS, edit=True, readable=False, user_id=user_loader)
def deactivate(user):
    if request.method == "POST":
        return _run(services.deactivate_user, user, f"{user.name} can no longer log in.")
    return render_template("organization/confirm_deactivate.html", form=ActionForm(), person=user,
                           cancel_url=users_page_url(user))


@bp.post("/users/<int:user_id>/reactivate")
@organization_view(*PEOPLE_MANAGERS, edit=True, user_id=user_loader)
def reactivate(user):
    return _run(services.reactivate_user, user, f"{user.name} has access again.")


@bp.post("/users/<int:user_id>/resend-invitation")
@organization_view(*PEOPLE_MANAGERS, edit=True, user_id=user_loader)
def resend_invitation(user):
    return _run(services.resend_invitation, user, f"We sent a new invitation to {user.email}.")


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@organization_view(*PEOPLE_MANAGERS, edit=True, readable=False, user_id=user_loader)
@fresh_login_required
@keeps_drafts
def edit_person(user):
    editor = Editor(StaffPersonForm if user.is_staff else CustomerPersonForm, user)
    response = editor.submit(lambda person, seen, changes: services.update_person(person, seen, changes, current_user),
                             title=f"The details of {user.name}", saved=f"The details of {user.name} were saved.",
                             next_url=users_page_url(user), refusals=(services.AccountError,), refusal_field="role")
    return response or render_template("organization/edit_person.html", editor=editor, person=user,
                                       cancel_url=users_page_url(user))


@bp.route("/organizations/<int:organization_id>/profile", methods=["GET", "POST"])
@organization_view(edit=True)
@keeps_drafts
def organization_profile(organization):
    editor = Editor(OrganizationProfileForm, organization)
    response = editor.submit(organization_services.update_organization, title=f"The details of {organization.name}",
                             saved="The organization's details were saved.",
                             next_url=url_for("organization.organization_profile", organization_id=organization.id))
    return response or render_template("organization/profile.html", editor=editor, organization=organization)
