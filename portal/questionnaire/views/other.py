"""Section 8 of the questionnaire: anything else, with the documents attached to it."""
from __future__ import annotations

from flask import flash, render_template, url_for
from flask_login import current_user

from forms.base import ActionForm
from forms.questionnaire import MAX_ATTACHMENT, AttachmentForm, OtherRequirementsForm
from portal.core.creating import Creator, held_on_page
from portal.core.editing import Editor
from portal.core.permissions import EDITORS, project_view
from portal.core.storage import ATTACHMENT, UploadRejected, store_upload
from portal.core.views import keeps_drafts, see_other_url
from portal.extensions import db
from portal.projects.services import follow_feature
from portal.questionnaire import other as other_section
from portal.questionnaire.access import attachment_loader
from portal.questionnaire.views import bp
from portal.questionnaire.views.common import project_answer


@bp.route("/projects/<int:project_id>/questionnaire/other", methods=["GET", "POST"])
@project_view(edit=True)
@keeps_drafts
def other(project):
    editor, response = project_answer(project, OtherRequirementsForm, project.other_requirements,
                                      other_section.save_requirements, title="Anything else",
                                      saved="Your other requirements were saved.",
                                      next_url=other_section.page_url(project))
    return response or _other_page(project, editor)


def _other_page(project, editor=None, attacher=None, status: int = 200):
    editor = editor or Editor(OtherRequirementsForm, project.other_requirements, key=other_section.page_url(project),
                              formdata=None)  # shown as saved beside a refused upload (a draft returns on reload)
    attacher = attacher or _attacher(project)
    return render_template("questionnaire/other.html", project=project, editor=editor, form=editor.form,
                           attacher=attacher, upload_form=attacher.form,
                           attachments=other_section.attachments_of(project.id)), status


def _attacher(project) -> Creator:
    """The attachment form, with the person's draft of its description, kept under the section's page."""
    return held_on_page(AttachmentForm, other_section.page_url(project), "attach", "questionnaire.attach",
                        url_for("questionnaire.attach", project_id=project.id))


@bp.post("/projects/<int:project_id>/questionnaire/other/attachments")
@project_view(*EDITORS, edit=True)
@keeps_drafts(held_on_parent="attach")
def attach(project):
    attacher = _attacher(project)
    response = attacher.submit(lambda: _attach(project, attacher.form), refusals=(UploadRejected,),
                               refusal_field="document", saved=lambda stored: f"{stored.original_name} was attached.",
                               next_url=other_section.page_url(project) + "#attachments")
    return response or _other_page(project, attacher=attacher)


def _attach(project, form):
    upload = form.document.data
    stored = store_upload(upload.stream, upload.filename, kind=ATTACHMENT, max_bytes=MAX_ATTACHMENT,
                          organization=project.organization, uploader=current_user)
    other_section.add_attachment(project, stored, form.description.data or None, current_user)
    follow_feature(project, "questionnaire")
    return stored


@bp.route("/projects/<int:project_id>/questionnaire/attachments/<int:attachment_id>/remove", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, attachment_id=attachment_loader)
def remove_attachment(project, attachment):
    form = ActionForm()
    if form.validate_on_submit():
        name = attachment.stored_file.original_name
        other_section.remove_attachment(attachment)
        follow_feature(project, "questionnaire")
        db.session.commit()
        flash(f"{name} was removed from the questionnaire.", "success")
        return see_other_url(other_section.page_url(project) + "#attachments")
    return render_template("questionnaire/remove_attachment.html", project=project, attachment=attachment, form=form)
