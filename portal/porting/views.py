"""Number porting's pages (issue 18): the project's port requests, and a request's form (made once,
then changed while it is the customer's to change) with its numbers ticked or pasted."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user

from forms.base import select_choices
from forms.porting import MAX_BILL, CarrierDocumentForm, NewPortRequestForm, PortRequestForm, PortStatusForm
from portal.core.creating import Creator, held_on_page
from portal.core.editing import Editor
from portal.core.pdf import html_to_pdf, pdf_html
from portal.core.permissions import EDITORS, can_edit, project_view
from portal.core.phones import format_phone
from portal.core.storage import UploadRejected
from portal.core.views import attachment, keeps_drafts, keeps_input, see_other_url
from portal.extensions import db
from portal.models.porting import ExceptionReason, PortRequest, PortStatus
from portal.models.users import Role
from portal.porting import documents, link_views, progress, services, statuses
from portal.porting.access import port_request_loader
from portal.porting.rules import PortError, earliest_port_date
from portal.projects.services import followed_by

bp = Blueprint("porting", __name__)


def index_url(project) -> str:
    return url_for("porting.index", project_id=project.id)


@bp.get("/projects/<int:project_id>/porting")
@project_view()
def index(project):
    requests = list(db.session.scalars(db.select(PortRequest).where(PortRequest.project_id == project.id)
                                       .order_by(PortRequest.id)))
    return render_template("porting/index.html", project=project, requests=requests,
                           unrequested=services.offered_numbers(project))


def _choices(form, project, request: PortRequest | None = None) -> None:
    form.numbers.choices = select_choices((number.id, format_phone(number.e164))
                                          for number in services.offered_numbers(project, request))


def _defaults(project) -> dict:
    """What a new request starts from: the project's first site, the go-live, and the person."""
    site = project.sites[0] if project.sites else None
    address = {name: getattr(site, name) for name in ("street", "suite", "city", "state", "postal_code", "country")} \
        if site else {"country": services.project_country(project)}
    return {**address, "customer_name": project.organization.name, "requested_on": services.default_port_date(project),
            "authorized_name": current_user.name, "authorized_email": current_user.email,
            "authorized_phone": current_user.phone}


def _page(project, editor, request: PortRequest | None = None, uploader=None, mover=None, link_form=None):
    if request is not None and uploader is None:
        uploader = _uploader(project, request)
    if request is not None and mover is None and current_user.role in STAFF:
        mover = _mover(request, formdata=None)
    return render_template("porting/request.html", project=project, editor=editor, form=editor.form,
                           port_request=request, lead_days=services.lead_days(), uploader=uploader, mover=mover,
                           findings_of=documents.findings_of,
                           signing=link_views.panel(request, link_form) if request is not None else None,
                           earliest=earliest_port_date(date.today(), services.lead_days(),
                                                       services.project_country(project)))


def _request_url(project, request: PortRequest) -> str:
    return url_for("porting.request", project_id=project.id, port_request_id=request.id)


def _uploader(project, request: PortRequest) -> Creator:
    """The document form, with its draft kept under the request's page."""
    return held_on_page(CarrierDocumentForm, _request_url(project, request), "documents", "porting.upload",
                        url_for("porting.upload", project_id=project.id, port_request_id=request.id))


@bp.post("/projects/<int:project_id>/porting/<int:port_request_id>/documents")
@project_view(*EDITORS, edit=True, port_request_id=port_request_loader)
@keeps_drafts(held_on_parent="documents")
def upload(project, port_request):
    uploader = _uploader(project, port_request)

    def write():
        upload = uploader.form.document.data
        made = documents.add_document(port_request, upload, MAX_BILL, current_user)
        progress.follow(project)
        return made.stored_file
    response = uploader.submit(write, refusals=(UploadRejected,), refusal_field="document",
                               saved=lambda stored: f"{stored.original_name} was added; it is being read against "
                                                    f"this request.",
                               next_url=_request_url(project, port_request) + "#documents")
    editor = Editor(PortRequestForm, services.RequestView(port_request), key=_request_url(project, port_request),
                    formdata=None)
    _choices(editor.form, project, port_request)
    return response or _page(project, editor, port_request, uploader)


@bp.route("/projects/<int:project_id>/porting/new", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_drafts
def new(project):
    creator = Creator(NewPortRequestForm, data=_defaults(project), version=1)
    _choices(creator.form, project)
    fields = [field.name for field in creator.form if field.name not in ("csrf_token", "once_token", "version", "base")]
    def write():
        made = services.create_request(project, {name: creator.form[name].data for name in fields}, date.today())
        progress.follow(project)
        return made
    response = creator.submit(write,
                              saved=lambda made: f"The port request for account {made.account_number} was added.",
                              next_url=lambda made: url_for("porting.request", project_id=project.id,
                                                            port_request_id=made.id),
                              refusals=(PortError,), refusal_field="customer_name")
    return response or _page(project, creator)


@bp.route("/projects/<int:project_id>/porting/<int:port_request_id>", methods=["GET", "POST"])
@project_view(edit=True, port_request_id=port_request_loader)
@keeps_drafts
def request(project, port_request):
    editor = Editor(PortRequestForm, services.RequestView(port_request))
    _choices(editor.form, project, port_request)
    if can_edit() and port_request.status in services.EDITABLE:
        response = editor.submit(followed_by(progress.KEYS, project, lambda view, seen, changes: services.save_request(
                                     view, seen, changes, date.today())),
                                 title=f"The port request for account {port_request.account_number}",
                                 saved=f"The port request for account {port_request.account_number} was saved.",
                                 next_url=index_url(project), refusals=(PortError,), refusal_field="customer_name")
        if response is not None:
            return response
    return _page(project, editor, port_request)


def request_page(project, port_request: PortRequest, link_form=None):
    """The request's page as it is saved, with another form's errors (the signing link's)."""
    editor = Editor(PortRequestForm, services.RequestView(port_request), formdata=None)
    _choices(editor.form, project, port_request)
    return _page(project, editor, port_request, link_form=link_form)


STAFF = (Role.IPM, Role.ADMIN, Role.ENGINEER)  # move a request as the carrier answers


def _mover(request: PortRequest, **options) -> PortStatusForm:
    form = PortStatusForm(version=request.version, **options)
    form.foc_at.description = f"For “FOC confirmed”: when the carrier moves the numbers, " \
                              f"{statuses.local_zone(request.project)} time."
    form.target.choices = select_choices([("", "Choose")] + [(status.value, status.title) for status in PortStatus
                                                             if request.status.can_become(status)
                                                             and status != PortStatus.SIGNED])  # signed online
    return form


@bp.post("/projects/<int:project_id>/porting/<int:port_request_id>/status")
@project_view(*STAFF, edit=True, port_request_id=port_request_loader)
@keeps_input
def move(project, port_request):
    form = _mover(port_request)
    if form.validate_on_submit():
        try:
            conflict = statuses.move(port_request, PortStatus(form.target.data), form.version.data,
                                     note=form.note.data or None, reason=ExceptionReason(form.reason.data)
                                     if form.reason.data else None,
                                     foc_at=form.foc_at.data)
        except PortError as error:
            db.session.rollback()
            form[error.field or "target"].errors.append(str(error))
        else:
            if conflict is not None:
                db.session.rollback()
                flash("Someone else moved this request meanwhile; its status is shown again.", "warning")
                return see_other_url(_request_url(project, port_request))
            progress.follow(project)
            db.session.commit()
            flash(f"The port request for account {port_request.account_number} is now "
                  f"{port_request.status.title.lower()}; the customer's contacts are told.", "success")
            return see_other_url(_request_url(project, port_request))
    editor = Editor(PortRequestForm, services.RequestView(port_request), key=_request_url(project, port_request),
                    formdata=None)
    _choices(editor.form, project, port_request)
    return _page(project, editor, port_request, mover=form)


@bp.get("/projects/<int:project_id>/porting/<int:port_request_id>/loa")
@project_view(port_request_id=port_request_loader)
def loa(project, port_request):
    return render_template("porting/loa.html", project=project, port_request=port_request)


@bp.get("/projects/<int:project_id>/porting/<int:port_request_id>/loa.pdf")
@project_view(port_request_id=port_request_loader)
def loa_pdf(project, port_request):
    """The letter as it will be signed, to read (issue 19 signs and seals it)."""
    html = pdf_html("pdf/loa.html", project=project, request=port_request)
    return attachment(html_to_pdf(html), "application/pdf", f"loa-{port_request.id}-unsigned.pdf")
