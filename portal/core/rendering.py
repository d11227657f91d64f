"""Documents prepared in the background, with their progress (a worksheet of 5,000 seats takes about
a minute to lay out, far longer than a request should).

A feature registers each document it can render: its title, its HTML, its file name and an estimate
of the seconds it takes. `request_rendering` adds a row the caller commits; `start` then lays it out
in the background (portal.core.background) through the one PDF renderer, and stores the PDF with
core/storage. The row says how far it is, for a page that shows the progress and then the download.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from flask import url_for
from sqlalchemy import select

from portal.core import audit, background
from portal.core.pdf import html_to_pdf
from portal.core.registry import register
from portal.core.storage import store_generated
from portal.extensions import db
from portal.models.projects import Project
from portal.models.renderings import Rendering, RenderStatus
from portal.models.users import Organization, User

log = logging.getLogger(__name__)
GIVEN_UP_AFTER = timedelta(minutes=15)  # a rendering still unfinished by then was stopped with its process
FAILED = "The document could not be prepared. Try again; if it fails again, tell your project manager."


@dataclass(frozen=True)
class Document:
    title: str
    html_of: Callable[[Project], str]
    filename_of: Callable[[Project], str]
    seconds_for: Callable[[Project], int]
    page_of: Callable[[Project], str]  # where the person asks for it (again)
    rows_of: Callable[[Project], int]  # its size: above PORTAL_PDF_INLINE_ROWS it is prepared in the background
    unit: str = "rows"  # what rows_of counts, in words ("seats")


DOCUMENTS: dict[str, Document] = {}


def register_document(kind: str, document: Document) -> None:
    register(DOCUMENTS, kind, document, "document")


def request_rendering(project: Project, kind: str, user: User) -> tuple[Rendering, bool]:
    """(the rendering, whether it is new): the one of this document still queued or being prepared,
    or a new one, queued, which the caller commits and then start()s. Asking again while one is on
    its way joins it, so clicks cannot pile up work on the server."""
    under_way = next((item for item in recent(project, kind) if item.status in (RenderStatus.QUEUED,
                                                                               RenderStatus.RENDERING)
                      and not given_up(item)), None)
    if under_way is not None:
        return under_way, False
    document = DOCUMENTS[kind]
    rendering = Rendering(project_id=project.id, kind=kind, title=f"{document.title}: {project.name}"[:200],
                          expected_seconds=max(1, document.seconds_for(project)), requested_by_id=user.id)
    db.session.add(rendering)
    db.session.flush()
    audit.record("document.requested", rendering, organization_id=project.organization_id, note=rendering.title)
    return rendering, True


def recent(project: Project, kind: str, limit: int = 3) -> list[Rendering]:
    """The latest renderings of a document, to come back to (newest first)."""
    return list(db.session.scalars(select(Rendering).where(Rendering.project_id == project.id, Rendering.kind == kind)
                                   .order_by(Rendering.id.desc()).limit(limit)))


def start(rendering: Rendering) -> None:
    background.run_later(perform, rendering.id)


def perform(rendering_id: int) -> None:
    """Lay the document out and store it; on any error the row says it failed (the log has why).
    No transaction stays open during the layout (a minute for a large one): on SQLite it would hold
    the database's write lock, and on PostgreSQL a connection idle in a transaction."""
    rendering = db.session.get(Rendering, rendering_id)
    _move(rendering, RenderStatus.RENDERING)
    rendering.started_at = _now()
    db.session.commit()
    try:
        document, project = DOCUMENTS[rendering.kind], rendering.project
        html, name, organization_id = document.html_of(project), document.filename_of(project), project.organization_id
        db.session.commit()  # the reads are done: end their transaction before the long layout
        data = html_to_pdf(html)
        rendering = db.session.get(Rendering, rendering_id)
        stored = store_generated(data, name, "application/pdf", organization=db.session.get(Organization,
                                 organization_id), creator=db.session.get(User, rendering.requested_by_id or 0))
        rendering.stored_file_id = stored.id
        _move(rendering, RenderStatus.READY)
    except Exception:
        log.exception("rendering %s failed", rendering_id)
        db.session.rollback()
        rendering = db.session.get(Rendering, rendering_id)
        _move(rendering, RenderStatus.FAILED)
        rendering.error = FAILED
    rendering.finished_at = _now()
    db.session.commit()


def _move(rendering: Rendering, status: RenderStatus) -> None:
    rendering.status.check_transition(status)
    rendering.status = status


def _now() -> datetime:
    return datetime.now(timezone.utc)


def given_up(rendering: Rendering) -> bool:
    return rendering.status in (RenderStatus.QUEUED, RenderStatus.RENDERING) and \
        _now() - rendering.requested_at > GIVEN_UP_AFTER


def state_of(rendering: Rendering) -> dict:
    """What the progress page shows (and its script polls): status, seconds, an estimated fraction."""
    elapsed = int((_now() - (rendering.started_at or rendering.requested_at)).total_seconds())
    status = RenderStatus.FAILED if given_up(rendering) else rendering.status
    fraction = {RenderStatus.READY: 1.0, RenderStatus.QUEUED: 0.0}.get(
        status, min(0.95, elapsed / rendering.expected_seconds))
    return {"status": status.value, "status_title": status.title, "elapsed": elapsed,
            "expected": rendering.expected_seconds, "fraction": round(fraction, 2),
            "error": rendering.error or (FAILED if status == RenderStatus.FAILED else None),
            "download": url_for("files.download", file_id=rendering.stored_file_id)
            if status == RenderStatus.READY else None,
            "again": DOCUMENTS[rendering.kind].page_of(rendering.project)}
