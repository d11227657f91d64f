"""Download a stored file: only its organization's people and the provider's staff, as an attachment;
follow a document being prepared in the background until it can be downloaded."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, render_template, send_file
from flask_login import current_user

from forms.base import ActionForm
from portal.core import rendering as rendering_service
from portal.core.permissions import (
    organization_view,
    project_view,
    register_loader,
    register_project_child,
    same_organization,
)
from portal.core.storage import path_of
from portal.core.views import see_other, see_other_url
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.renderings import Rendering

bp = Blueprint("files", __name__)
file_loader = register_loader(
    "stored_file", StoredFile, lambda query, user: same_organization(query, user, StoredFile.organization_id),
    owner="organization")


@bp.get("/files/<int:file_id>")
@organization_view(file_id=file_loader)
def download(stored_file):
    path = path_of(stored_file)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=stored_file.content_type, as_attachment=True,
                         download_name=stored_file.original_name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


rendering_loader = register_project_child("rendering", Rendering)


@bp.get("/documents/<int:rendering_id>")
@project_view(rendering_id=rendering_loader)
def progress(rendering):
    """A document being prepared: its progress (the page's script follows it), then its download."""
    return render_template("files/progress.html", rendering=rendering, state=rendering_service.state_of(rendering))


@bp.get("/documents/<int:rendering_id>/state")
@project_view(rendering_id=rendering_loader)
def progress_state(rendering):
    response = jsonify(rendering_service.state_of(rendering))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/projects/<int:project_id>/documents/<document>")
@project_view()  # asking for a document changes nothing: readers may
def prepare(project, document: str):
    """Ask for a large document: it is prepared in the background, and the person follows it."""
    if document not in rendering_service.DOCUMENTS:
        abort(404)
    if not ActionForm().validate_on_submit():
        flash("The page had expired; ask for the document again.", "error")
        return see_other_url(rendering_service.DOCUMENTS[document].page_of(project))
    rendering, _ = rendering_service.request_rendering(project, document, current_user)
    db.session.commit()  # a new one starts now, in the worker
    return see_other("files.progress", rendering_id=rendering.id)
