"""The worksheet as a landscape PDF: laid out in the request for a small worksheet, prepared in the
background (portal.core.rendering) for a large one."""
from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import func, select

from portal.core.pdf import pdf_html
from portal.core.rendering import Document
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import Seat
from portal.worksheet import queries
from portal.worksheet.checks import problems_by_seat

SECONDS_PER_SEAT = 0.015  # measured: about 15 ms of WeasyPrint layout per row (README, Performance)


def worksheet_html(project: Project) -> str:
    seats = queries.project_seats(project.id, sort="name")
    return pdf_html("pdf/worksheet.html", project=project, seats=seats, problems=problems_by_seat(seats),
                    today=date.today())


def seat_count(project: Project) -> int:
    return db.session.scalar(select(func.count(Seat.id)).where(Seat.project_id == project.id))


def filename(project: Project) -> str:
    return f"worksheet-{project.id}.pdf"


def seconds_for(project: Project) -> int:
    return round(2 + seat_count(project) * SECONDS_PER_SEAT)


def page(project: Project) -> str:
    return url_for("worksheet.pdf", project_id=project.id)


DOCUMENT = Document("Client Worksheet", worksheet_html, filename, seconds_for, page, seat_count, "seats")
