"""Download a stored file: only its organization's people and the provider's staff, as an attachment."""
from __future__ import annotations

from flask import Blueprint, abort, send_file
from flask_login import login_required

from portal.core.permissions import loads, register_loader, same_organization
from portal.core.storage import path_of
from portal.models.files import StoredFile

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
