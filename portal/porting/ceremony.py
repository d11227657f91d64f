"""The signing ceremony's pages (issue 19), for the two who sign: the customer's contact, logged in
and after a fresh login; and the authorized person through a signing link, with no account (an
access code first when the inviter set one). Both go the same two steps: read the letter and agree
to sign electronically (the disclosure's version recorded), then adopt a signature, drawn or
typed, confirm the intent and sign, exactly once. The session remembers the consented ceremony
between the two steps. The verify page, for anyone with a PDF, is here too."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, current_app, flash, render_template, request, session, url_for
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer

from forms.signing import AccessCodeForm, ConsentForm, SignForm, time_zone_of
from portal.core import once
from portal.core.permissions import fresh_login_required, project_view
from portal.core.views import keeps_input, see_other_url
from portal.extensions import db, limiter
from portal.models.porting import PortRequest
from portal.models.signatures import LoaSignature, SignatureMark, SignatureStatus, SigningInvitation
from portal.models.users import CONTACT_ROLES
from portal.porting import links, signing
from portal.porting.access import port_request_loader
from portal.porting.rules import PortError

bp = Blueprint("signing", __name__)
VIEWED_SALT = "portal.loa.viewed"
VIEWED_MAX_AGE = 24 * 3600  # a letter read yesterday is read again before consenting


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=VIEWED_SALT)


def _viewed_token(port_request: PortRequest) -> str:
    return _serializer().dumps({"r": port_request.id, "t": _now().isoformat()})


def _viewed_at(form: ConsentForm, port_request: PortRequest) -> datetime | None:
    """When the signer was shown the letter, as the page said it (signed by the portal)."""
    try:
        data = _serializer().loads(form.viewed.data or "", max_age=VIEWED_MAX_AGE)
    except BadData:
        return None
    return datetime.fromisoformat(data["t"]) if data.get("r") == port_request.id else None


def _evidence(time_zone: str | None) -> signing.Evidence:
    return signing.Evidence(request.remote_addr, request.user_agent.string, time_zone_of(time_zone))


def _ceremonies() -> dict:
    return session.setdefault("loa_ceremonies", {})


def _ceremony(port_request: PortRequest, signer_email: str) -> LoaSignature | None:
    """The consented ceremony of this request this browser is in, if it is still to sign."""
    signature = db.session.get(LoaSignature, _ceremonies().get(str(port_request.id)) or 0)
    if signature is None or signature.port_request_id != port_request.id or signature.signer_email != signer_email \
            or signature.status != SignatureStatus.CONSENTED:
        return None
    return signature


def _remember(signature: LoaSignature) -> None:
    _ceremonies()[str(signature.port_request_id)] = signature.id
    session.modified = True


def _page(port_request: PortRequest, signer: signing.Signer, urls: dict, consent_form=None, sign_form=None):
    """Step 1 (read and agree) or, once agreed in this browser, step 2 (adopt and sign)."""
    signature = _ceremony(port_request, signer.email)
    if signature is None or consent_form is not None:
        consent_form = consent_form or ConsentForm(viewed=_viewed_token(port_request))
        sign_form = None
    else:
        sign_form = sign_form or SignForm(name=signature.signer_name, title=signature.signer_title)
    return render_template("porting/sign.html", port_request=port_request, signer=signer, urls=urls,
                           consent_form=consent_form, sign_form=sign_form, signature=signature,
                           disclosure_version=signing.DISCLOSURE_VERSION)


def _consent(port_request: PortRequest, signer: signing.Signer, urls: dict):
    form = ConsentForm()
    if not form.validate_on_submit():
        return _page(port_request, signer, urls, consent_form=form)
    viewed_at = _viewed_at(form, port_request)
    if viewed_at is None:
        form.viewed.data = _viewed_token(port_request)  # shown again now
        form.consent.errors.append("The letter was shown too long ago: read it again, then agree.")
        return _page(port_request, signer, urls, consent_form=form)
    try:
        signature = signing.consent(port_request, signer, viewed_at, _evidence(form.time_zone.data))
    except PortError as error:
        db.session.rollback()
        flash(str(error), "error")
        return see_other_url(urls["back"])
    db.session.commit()
    _remember(signature)
    return see_other_url(urls["page"])


def _sign(port_request: PortRequest, signer: signing.Signer, urls: dict):
    form = SignForm()
    if once.is_used(form.once_token.data):  # a second click or a replay: the first outcome, nothing more
        return once.claim(form.once_token.data, form.once_purpose).replay()
    signature = _ceremony(port_request, signer.email)
    if signature is None:
        flash("Agree to sign electronically first: your signing session ended or was finished.", "info")
        return see_other_url(urls["page"])
    if not form.validate_on_submit():
        return _page(port_request, signer, urls, sign_form=form)
    claim = once.claim(form.once_token.data, form.once_purpose)
    if claim.repeated:
        return claim.replay()
    mark = signing.Mark(SignatureMark(form.mark.data), typed=(form.typed.data or "").strip() or None,
                        drawn_png=form.drawn_png)
    try:
        signing.sign(signature, mark, form.name.data.strip(), (form.title.data or "").strip() or None,
                     _evidence(form.time_zone.data))
    except signing.LetterChanged as error:  # the ceremony is superseded: that stays, and so does the token
        claim.finish(urls["page"])
        db.session.commit()
        flash(str(error), "error")
        return see_other_url(urls["page"])
    except PortError as error:
        db.session.rollback()
        flash(str(error), "error")
        return see_other_url(urls["page"])
    claim.finish(urls["done"])
    db.session.commit()
    flash(f"The Letter of Authorization is signed by {signature.signer_name}. The sealed PDF is being prepared; "
          f"a copy is e-mailed to {signature.signer_email}.", "success")
    return see_other_url(urls["done"])


# The customer's contact, logged in.

def _contact_urls(project, port_request) -> dict:
    page = url_for("signing.contact", project_id=project.id, port_request_id=port_request.id)
    back = url_for("porting.request", project_id=project.id, port_request_id=port_request.id)
    return {"page": page, "consent": page + "/consent", "sign": page, "back": back, "done": back}


def _contact_signer() -> signing.Signer:
    return signing.Signer(current_user.name, current_user.job_title, current_user.email,
                          user=current_user._get_current_object())


@bp.get("/projects/<int:project_id>/porting/<int:port_request_id>/sign")
@project_view(*CONTACT_ROLES, port_request_id=port_request_loader)
@fresh_login_required
def contact(project, port_request):
    urls = _contact_urls(project, port_request)
    try:
        signing.check_signable(port_request)
    except PortError as error:
        flash(str(error), "info")
        return see_other_url(urls["back"])
    return _page(port_request, _contact_signer(), urls)


@bp.post("/projects/<int:project_id>/porting/<int:port_request_id>/sign/consent")
@project_view(*CONTACT_ROLES, edit=True, port_request_id=port_request_loader)
@fresh_login_required
@keeps_input
def contact_consent(project, port_request):
    return _consent(port_request, _contact_signer(), _contact_urls(project, port_request))


@bp.post("/projects/<int:project_id>/porting/<int:port_request_id>/sign")
@project_view(*CONTACT_ROLES, edit=True, port_request_id=port_request_loader)
@fresh_login_required
@keeps_input
def contact_sign(project, port_request):
    return _sign(port_request, _contact_signer(), _contact_urls(project, port_request))


# The authorized person, through a signing link (no account).

def _token_limit() -> str:
    return current_app.config["TOKEN_RATE_LIMIT"]


def _link_urls(token: str) -> dict:
    page = url_for("signing.link", token=token)
    return {"page": page, "consent": page + "/consent", "sign": page + "/sign", "back": page, "done": page}


def _link_signer(invitation: SigningInvitation) -> signing.Signer:
    return signing.Signer(invitation.name, invitation.title, invitation.email, invitation=invitation)


def _code_ok(invitation: SigningInvitation) -> bool:
    return invitation.access_code_hash is None or invitation.id in session.get("signing_codes", [])


def _opened(token: str):
    """(the invitation, None) when the link can be used, else (None, the page saying why)."""
    found = links.find(token)
    if found.problem is None:
        return found.invitation, None
    signed = found.invitation is not None and found.invitation.status.value == "signed"
    page = render_template("porting/link_problem.html", problem=found.problem, signed=signed)
    return None, (page, 200 if signed else 404 if found.invitation is None else 410)


def _code_page(invitation: SigningInvitation, form=None):
    return render_template("porting/access_code.html", invitation=invitation, form=form or AccessCodeForm(),
                           attempts=links.attempts_left(invitation))


@bp.get("/sign/<token>")
def link(token: str):
    invitation, problem = _opened(token)
    if problem:
        return problem
    if not _code_ok(invitation):
        return _code_page(invitation)
    try:
        signing.check_signable(invitation.port_request)
    except PortError as error:
        return render_template("porting/link_problem.html", problem=str(error), signed=False)
    links.opened(invitation)
    db.session.commit()
    return _page(invitation.port_request, _link_signer(invitation), _link_urls(token))


@bp.post("/sign/<token>/code")
@limiter.limit(_token_limit)
@keeps_input
def link_code(token: str):
    invitation, problem = _opened(token)
    if problem:
        return problem
    form = AccessCodeForm()
    if not form.validate_on_submit():
        return _code_page(invitation, form)
    if not links.check_code(invitation, form.code.data):
        db.session.commit()  # the wrong try counts
        if invitation.status.value == "locked":
            return _opened(token)[1]
        form.code.errors.append(f"That is not the access code. {links.attempts_left(invitation)} tries left.")
        return _code_page(invitation, form)
    session.setdefault("signing_codes", []).append(invitation.id)
    session.modified = True
    return see_other_url(url_for("signing.link", token=token))


def _link_post(token: str, step):
    invitation, problem = _opened(token)
    if problem:
        return problem
    if not _code_ok(invitation):
        return see_other_url(url_for("signing.link", token=token))
    return step(invitation.port_request, _link_signer(invitation), _link_urls(token))


@bp.post("/sign/<token>/consent")
@limiter.limit(_token_limit)
@keeps_input
def link_consent(token: str):
    return _link_post(token, _consent)


@bp.post("/sign/<token>/sign")
@limiter.limit(_token_limit)
@keeps_input
def link_sign(token: str):
    return _link_post(token, _sign)


def _now() -> datetime:
    return datetime.now(timezone.utc)
