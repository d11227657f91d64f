"""Download a stored file: only its organization's people and the provider's staff, as an attachment;
follow a document being prepared in the background until it can be downloaded."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, send_file
from flask_login import login_required

from portal.core import rendering as rendering_service
from portal.core.permissions import loads, register_loader, same_organization
from portal.core.storage import path_of
from portal.models.files import StoredFile
from portal.models.projects import Project
from portal.models.renderings import Rendering

bp = Blueprint("files", __name__)
file_loader = register_loader(
    "stored_file", StoredFile, lambda query, user: same_organization(query, user, StoredFile.organization_id))


@bp.get("/files/<int:file_id>")
@login_required
@loads(file_id=file_loader)
def download(stored_file):
    path = path_of(stored_file)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=stored_file.content_type, as_attachment=True,
                         download_name=stored_file.original_name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


rendering_loader = register_loader(
    "rendering", Rendering,
    lambda query, user: same_organization(query.join(Project, Project.id == Rendering.project_id), user,
                                          Project.organization_id))


@bp.get("/documents/<int:rendering_id>")
@login_required
@loads(rendering_id=rendering_loader)
def progress(rendering):
    """A document being prepared: its progress (the page's script follows it), then its download."""
    return render_template("files/progress.html", rendering=rendering, state=rendering_service.state_of(rendering))


@bp.get("/documents/<int:rendering_id>/state")
@login_required
@loads(rendering_id=rendering_loader)
def progress_state(rendering):
    response = jsonify(rendering_service.state_of(rendering))
    response.headers["Cache-Control"] = "no-store"
    return response
