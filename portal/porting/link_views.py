"""The signature panel of a port request's page (issue 19): the signature the request stands on and
its sealed PDF, the earlier ones (superseded), and the signing links sent to the authorized person,
each with its state, to send again or cancel (after a confirmation)."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask import request as http
from flask_login import current_user

from forms.signing import LinkActionForm, SigningLinkForm
from portal.core.permissions import EDITORS, can_edit, project_view
from portal.core.rendering import recent, request_rendering
from portal.core.views import keeps_input, see_other_url
from portal.extensions import db
from portal.models.porting import PortRequest
from portal.models.signatures import SigningInvitation
from portal.models.users import CONTACT_ROLES
from portal.porting import links, signing
from portal.porting.access import port_request_loader
from portal.porting.rules import PortError

bp = Blueprint("signing_links", __name__)


def panel(request: PortRequest, link_form: SigningLinkForm | None = None) -> dict:
    """What the request page's signature section shows."""
    current = signing.current_signature(request)
    sealing = recent(request.project, signing.DOCUMENT_KIND, limit=1, subject_id=current.id) if current else []
    return {"current": current, "sealing": sealing[0] if sealing else None,
            "earlier": [item for item in signing.history(request) if item is not current],
            "links": links.links_of(request), "state_of": links.state_title, "signable": request.status in
            signing.SIGNABLE, "can_sign": current_user.role in CONTACT_ROLES and can_edit(),
            "link_form": link_form or SigningLinkForm(formdata=None, name=request.authorized_name,
                                                      title=request.authorized_title, email=request.authorized_email),
            "action_form": LinkActionForm(formdata=None), "too_old": current is not None and signing.too_old(current)}


def _request_url(project, request: PortRequest) -> str:
    return url_for("porting.request", project_id=project.id, port_request_id=request.id) + "#signature"


def _invitation(request: PortRequest, form: LinkActionForm) -> SigningInvitation:
    """The link the form names, of this request; PortError when there is none (an old page)."""
    invitation = db.session.get(SigningInvitation, int(form.invitation.data)) if form.validate_on_submit() else None
    if invitation is None or invitation.port_request_id != request.id:
        raise PortError("That signing link is not one of this request: reload the page and try again.")
    return invitation


@bp.post("/projects/<int:project_id>/porting/<int:port_request_id>/links")
@project_view(*EDITORS, edit=True, port_request_id=port_request_loader)
@keeps_input
def send(project, port_request):
    form = SigningLinkForm()
    if form.validate_on_submit():
        try:
            invitation = links.send(port_request, form.data, current_user)
        except PortError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"A signing link was sent to {invitation.name} at {invitation.email}; it works for "
                  f"{(invitation.expires_at - invitation.created_at).days} days."
                  + (" Tell them the access code by phone." if invitation.access_code_hash else ""), "success")
            return see_other_url(_request_url(project, port_request))
    from portal.porting.views import request_page  # the page with this form's errors and what was typed
    return request_page(project, port_request, link_form=form)


@bp.post("/projects/<int:project_id>/porting/<int:port_request_id>/links/again")
@project_view(*EDITORS, edit=True, port_request_id=port_request_loader)
def send_again(project, port_request):
    try:
        fresh = links.send_again(_invitation(port_request, LinkActionForm()), current_user)
    except PortError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"A new signing link was sent to {fresh.name} at {fresh.email}; the earlier one no longer works.",
              "success")
    return see_other_url(_request_url(project, port_request))


@bp.post("/projects/<int:project_id>/porting/<int:port_request_id>/seal")
@project_view(*EDITORS, edit=True, port_request_id=port_request_loader)
def seal_again(project, port_request):
    """The sealed PDF asked for again, when its job failed (the signature itself is kept)."""
    current = signing.current_signature(port_request)
    if current is None or current.sealed_file_id is not None:
        flash("There is no signed letter waiting for its sealed PDF.", "info")
    else:
        request_rendering(project, signing.DOCUMENT_KIND, current_user, subject_id=current.id)
        db.session.commit()
        flash("The sealed PDF is being prepared again; reload the page in a moment.", "success")
    return see_other_url(_request_url(project, port_request))


@bp.get("/projects/<int:project_id>/porting/<int:port_request_id>/links/cancel")
@project_view(*EDITORS, edit=True, port_request_id=port_request_loader)
def confirm_cancel(project, port_request):
    """The confirmation, naming the link and what cancelling it does."""
    invitation = db.session.get(SigningInvitation, http.args.get("invitation", 0, type=int))
    if invitation is None or invitation.port_request_id != port_request.id:
        flash("That signing link is not one of this request: reload the page and try again.", "error")
        return see_other_url(_request_url(project, port_request))
    return render_template("porting/cancel_link.html", project=project, port_request=port_request,
                           invitation=invitation, form=LinkActionForm(formdata=None, invitation=invitation.id),
                           back=_request_url(project, port_request))


@bp.post("/projects/<int:project_id>/porting/<int:port_request_id>/links/cancel")
@project_view(*EDITORS, edit=True, port_request_id=port_request_loader)
def cancel(project, port_request):
    try:
        invitation = _invitation(port_request, LinkActionForm())
        links.cancel(invitation)
    except PortError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"The signing link sent to {invitation.name} was cancelled: it no longer opens the letter.", "success")
    return see_other_url(_request_url(project, port_request))
