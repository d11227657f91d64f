"""Section 8, anything else: requirements the other sections do not ask about, in the customer's
words, and the files that go with them (an existing system's configuration export, a floor plan),
kept through the shared storage. Nothing here is required: the section is completed when the
person says so."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.core import audit
from portal.core.versioning import Conflict, update_versioned
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.projects import Project
from portal.models.questionnaire import OtherRequirements, QuestionnaireAttachment
from portal.questionnaire import frozen
from portal.questionnaire.sections import Section

KEY = "other"


def page_url(project: Project) -> str:
    return url_for("questionnaire.other", project_id=project.id)


def attachments_of(project_id: int) -> list[QuestionnaireAttachment]:
    return list(db.session.scalars(select(QuestionnaireAttachment).where(
        QuestionnaireAttachment.project_id == project_id).options(joinedload(QuestionnaireAttachment.stored_file))
        .order_by(QuestionnaireAttachment.id)))


def _started(project: Project) -> bool:
    return bool(project.other_requirements and project.other_requirements.requirements) or db.session.scalar(
        select(QuestionnaireAttachment.id).where(QuestionnaireAttachment.project_id == project.id).limit(1)) is not None


def save_requirements(requirements: OtherRequirements, seen_version: int | None, changes: dict) -> Conflict | None:
    conflict = update_versioned(requirements, seen_version, changes)
    if conflict is None:
        audit.record("questionnaire.other_saved", requirements.project,
                     note=f"{len(requirements.requirements or '')} characters")
    return conflict


def add_attachment(project: Project, stored: StoredFile, description: str | None, user) -> QuestionnaireAttachment:
    attachment = QuestionnaireAttachment(project_id=project.id, stored_file=stored, description=description,
                                         created_by_id=user.id)
    db.session.add(attachment)
    db.session.flush()
    audit.record("questionnaire.attachment_added", project, note=stored.original_name)
    return attachment


def remove_attachment(attachment: QuestionnaireAttachment) -> None:
    """The attachment goes from the questionnaire (the stored file stays, as every stored file does,
    for the audit trail)."""
    audit.record("questionnaire.attachment_removed", attachment.project, note=attachment.stored_file.original_name)
    db.session.delete(attachment)
    db.session.flush()


SECTION = Section(KEY, 8, "Anything else", page_url, _started, lambda project: True,
                  "pdf/questionnaire/other.html",
                  frozen.other)
