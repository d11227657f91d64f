"""The questionnaire so far as a PDF, marked DRAFT until it is submitted: every registered section
adds its own part (Section.pdf_template). Voicemail PINs are never in it, only whether one is set."""
from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import func, select

from portal.core import snapshots
from portal.core.pdf import pdf_html
from portal.core.rendering import Document
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import PhoneNumber, Seat
from portal.questionnaire.extensions import features_of
from portal.questionnaire.frozen import Frozen
from portal.questionnaire.sections import overview

SECONDS_PER_ROW = 0.015  # as the worksheet's: WeasyPrint lays out about one table row per 11 to 15 ms


def questionnaire_html(project: Project) -> str:
    """The questionnaire now: its sections read a snapshot taken now, as a review round's package does."""
    return pdf_html("pdf/questionnaire.html", project=project, overview=overview(project), draft=True,
                    today=date.today(), seat_features=features_of, frozen=Frozen(snapshots.read(
                        snapshots.take(project).raw)))


def rows(project: Project) -> int:
    return sum(db.session.scalar(select(func.count(model.id)).where(model.project_id == project.id))
               for model in (Seat, PhoneNumber))


DOCUMENT = Document(
    "Programming Data Questionnaire", questionnaire_html, lambda project: f"questionnaire-{project.id}.pdf",
    lambda project: round(2 + rows(project) * SECONDS_PER_ROW),
    lambda project: url_for("questionnaire.pdf", project_id=project.id), rows, "seats and numbers")
