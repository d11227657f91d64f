"""A greeting's recording (issue 16): uploaded on the node's page through a form of its own, checked
by content as WAV or MP3 (portal.core.storage), played there, and taken away after a confirmation."""
from __future__ import annotations

from flask import flash, render_template, url_for
from flask_login import current_user

from forms.base import ActionForm
from forms.callflows import MAX_RECORDING, RecordingForm
from portal.callflows import progress, services
from portal.callflows.services import FlowError
from portal.callflows.views import bp
from portal.core.creating import Creator, held_on_page
from portal.core.permissions import EDITORS, project_view
from portal.core.storage import AUDIO, UploadRejected, store_upload
from portal.core.views import keeps_drafts, see_other_url
from portal.extensions import db
from portal.questionnaire.access import destination_loader


def _node_url(project, destination) -> str:
    return url_for("callflows.node", project_id=project.id, destination_id=destination.id)


def recorder(project, destination) -> Creator:
    """The upload form of a node's recording, kept under the node's page."""
    return held_on_page(RecordingForm, _node_url(project, destination), "recording", "callflows.record",
                        url_for("callflows.record", project_id=project.id, destination_id=destination.id))


@bp.post("/projects/<int:project_id>/call-flows/nodes/<int:destination_id>/recording")
@project_view(*EDITORS, edit=True, destination_id=destination_loader)
@keeps_drafts(held_on_parent="recording")
def record(project, destination):
    from portal.callflows.views.builder import node_page  # the page the form is on
    if _greeted(destination) is None:
        return _no_greeting(project, destination)
    uploader = recorder(project, destination)
    response = uploader.submit(lambda: _store(project, destination, uploader.form),
                               refusals=(UploadRejected, FlowError), refusal_field="recording",
                               saved=lambda stored: f"{stored.original_name} is now the greeting of "
                                                    f"{destination.name}.",
                               next_url=_node_url(project, destination) + "#greeting-recording")
    return response or node_page(project, destination, recorder=uploader)


def _greeted(destination):
    """The settings of a node with a greeting (an auto attendant, an announcement), else None."""
    settings = services.settings_of(destination)
    return settings if hasattr(settings, "greeting_file_id") else None


def _no_greeting(project, destination):
    flash(f"{destination.name} has no greeting, so no recording.", "info")
    return see_other_url(_node_url(project, destination))


def _store(project, destination, form):
    upload = form.recording.data
    stored = store_upload(upload.stream, upload.filename, kind=AUDIO, max_bytes=MAX_RECORDING,
                          organization=project.organization, uploader=current_user)
    services.set_recording(destination, stored)
    progress.follow(project)
    return stored


@bp.route("/projects/<int:project_id>/call-flows/nodes/<int:destination_id>/recording/remove",
          methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, destination_id=destination_loader)
def remove_recording(project, destination):
    if _greeted(destination) is None:
        return _no_greeting(project, destination)
    recording = _greeted(destination).greeting_file
    if recording is None:
        flash(f"{destination.name} has no recording to remove.", "info")
        return see_other_url(_node_url(project, destination))
    form = ActionForm()
    if form.validate_on_submit():
        services.set_recording(destination, None)
        progress.follow(project)
        db.session.commit()
        flash(f"{recording.original_name} was removed from {destination.name}.", "success")
        return see_other_url(_node_url(project, destination) + "#greeting-recording")
    return render_template("callflows/remove_recording.html", project=project, destination=destination,
                           recording=recording, form=form)
