"""Documents prepared in the background, with their progress (a worksheet of 5,000 seats takes about
a minute to lay out, far longer than a request should).

A feature registers each document it can render: its title, its HTML, its file name and an estimate
of the seconds it takes. A document is of its project, or of a row within it, its subject (a
signature for a signed LOA, a review round for its record): the rendering keeps the subject's id and
the document's `subject_of` reads it back; `finish` may change the laid-out bytes (a seal) and
`stored` is told of the stored file in the transaction that marks the rendering ready.
`request_rendering` adds a row the caller commits; once it is committed a job (portal.core.jobs)
lays it out through the one PDF renderer and stores the PDF with core/storage. The row is the work's
durable record: the job claims it with a lease (claimed at, attempts) before laying it out, and a
row whose lease ran out (its worker died) is queued again by the sweeper, up to MAX_ATTEMPTS times.
The row says how far it is, for a page that shows the progress and then the download.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from flask import current_app, url_for
from sqlalchemy import and_, or_, select, update

from portal.core import audit, jobs
from portal.core.pdf import html_to_pdf
from portal.core.registry import register
from portal.core.storage import store_generated
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.projects import Project
from portal.models.renderings import Rendering, RenderStatus
from portal.models.users import Organization, User

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3  # a document whose worker died this often while laying it out is given up
DELAYED_AFTER = timedelta(seconds=30)  # still waiting to start by then: the page says it is delayed
FAILED = "The document could not be prepared. Try again; if it fails again, tell your project manager."
DELAYED = ("Waiting to start: the document service is busy or being restarted. Nothing is lost; it will be "
           "prepared as soon as it can, and you can leave this page and come back.")


@dataclass(frozen=True)
class Document:
    title: str
    html_of: Callable[[Project], str]
    filename_of: Callable[[Project], str]
    seconds_for: Callable[[Project], int]
    page_of: Callable[[Project], str]  # where the person asks for it (again)
    rows_of: Callable[[Project], int]  # its size: above PORTAL_PDF_INLINE_ROWS it is prepared in the background
    unit: str = "rows"  # what rows_of counts, in words ("seats")
    subject_of: Callable[[Project, int | None], object] | None = None  # None: the document is of the project
    finish: Callable[[bytes], bytes] | None = None  # the laid-out PDF made final (sealed)
    stored: Callable[[object, StoredFile], None] | None = None  # the subject keeps its file


def subject(document: Document, project: Project, subject_id: int | None):
    """What the document's callables take: the project, or the row `subject_of` reads."""
    return project if document.subject_of is None else document.subject_of(project, subject_id)


DOCUMENTS: dict[str, Document] = {}


def register_document(kind: str, document: Document) -> None:
    register(DOCUMENTS, kind, document, "document")


def request_rendering(project: Project, kind: str, user: User | None,
                      subject_id: int | None = None) -> tuple[Rendering, bool]:
    """(the rendering, whether it is new): the one of this document still queued or being prepared,
    or a new one, queued, whose job starts when the caller commits. Asking again while one is on
    its way joins it, so clicks cannot pile up work on the server."""
    under_way = next((item for item in recent(project, kind, subject_id=subject_id)
                      if item.status in (RenderStatus.QUEUED, RenderStatus.RENDERING)), None)
    if under_way is not None:
        return under_way, False
    document = DOCUMENTS[kind]
    of = subject(document, project, subject_id)
    rendering = Rendering(project_id=project.id, kind=kind, subject_id=subject_id,
                          title=f"{document.title}: {project.name}"[:200],
                          expected_seconds=max(1, document.seconds_for(of)), requested_by_id=user.id if user else None)
    db.session.add(rendering)
    db.session.flush()
    audit.record("document.requested", rendering, organization_id=project.organization_id, note=rendering.title)
    jobs.after_commit(render, rendering.id)
    return rendering, True


def recent(project: Project, kind: str, limit: int = 3, subject_id: int | None = None) -> list[Rendering]:
    """The latest renderings of a document, to come back to (newest first)."""
    return list(db.session.scalars(select(Rendering).where(
        Rendering.project_id == project.id, Rendering.kind == kind, Rendering.subject_id.is_(subject_id)
        if subject_id is None else Rendering.subject_id == subject_id).order_by(Rendering.id.desc()).limit(limit)))


@jobs.job()
def render(rendering_id: int) -> None:
    """Lay the document out and store it, if the row is still to do and nobody else holds it; on
    any error the row says it failed (the log has why). No transaction stays open during the
    layout (a minute for a large one): on SQLite it would hold the database's write lock, and on
    PostgreSQL a connection idle in a transaction."""
    attempt = _claim(rendering_id)
    if attempt is None:
        return
    try:
        with jobs.reading():
            rendering = db.session.get(Rendering, rendering_id)
            document, project = DOCUMENTS[rendering.kind], rendering.project
            of = subject(document, project, rendering.subject_id)
            html, name, organization_id = document.html_of(of), document.filename_of(of), project.organization_id
            requested_by_id, subject_id = rendering.requested_by_id, rendering.subject_id
            db.session.commit()  # the reads are done: end their transaction before the long layout
        data = html_to_pdf(html)
        data = document.finish(data) if document.finish else data
        stored = store_generated(data, name, "application/pdf", organization=db.session.get(Organization,
                                 organization_id), creator=db.session.get(User, requested_by_id or 0))
        db.session.flush()
        if document.stored:
            document.stored(subject(document, db.session.get(Project, project.id), subject_id), stored)
        _finish(rendering_id, attempt, RenderStatus.READY, stored_file_id=stored.id)
    except Exception:
        log.exception("rendering %s failed", rendering_id)
        db.session.rollback()
        _finish(rendering_id, attempt, RenderStatus.FAILED, error=FAILED)
        _record_failure(db.session.get(Rendering, rendering_id), "could not be laid out")
    db.session.commit()


def _claim(rendering_id: int) -> int | None:
    """Take the row in a transaction of its own: a queued one, or one being prepared whose lease
    ran out; returns the attempt's number (the claim's token), None if it is not ours to do."""
    now = _now()
    claimed = db.session.execute(
        update(Rendering).where(Rendering.id == rendering_id, Rendering.attempts < MAX_ATTEMPTS, _claimable(now))
        .values(status=RenderStatus.RENDERING, claimed_at=now, attempts=Rendering.attempts + 1,
                started_at=now).execution_options(synchronize_session=False))
    attempt = db.session.scalar(select(Rendering.attempts).where(Rendering.id == rendering_id)) \
        if claimed.rowcount == 1 else None
    db.session.commit()
    return attempt


def _claimable(now: datetime):
    """Queued (RenderStatus: queued to rendering), or being prepared by a worker whose lease ran out."""
    lease = timedelta(seconds=current_app.config["RENDER_LEASE_SECONDS"])
    return or_(Rendering.status == RenderStatus.QUEUED,
               and_(Rendering.status == RenderStatus.RENDERING, Rendering.claimed_at < now - lease))


def _finish(rendering_id: int, attempt: int, status: RenderStatus, **values) -> None:
    """The end of this attempt, unless another worker took the row over meanwhile (its lease ran
    out): then that worker's outcome counts, and this one's PDF is an orphan housekeeping removes."""
    RenderStatus.RENDERING.check_transition(status)
    db.session.execute(update(Rendering).where(Rendering.id == rendering_id, Rendering.attempts == attempt,
                                               Rendering.status == RenderStatus.RENDERING)
                       .values(status=status, finished_at=_now(), claimed_at=None, **values)
                       .execution_options(synchronize_session=False))


def sweep_renderings() -> int:
    """Queue again each rendering whose job was lost (queued, or its worker's lease ran out); give
    up those that were tried MAX_ATTEMPTS times."""
    now = _now()
    stuck = list(db.session.scalars(select(Rendering).where(_claimable(now))))
    for rendering in stuck:
        if rendering.attempts >= MAX_ATTEMPTS:
            _move(rendering, RenderStatus.FAILED)
            rendering.error, rendering.finished_at = FAILED, now
            log.error("rendering %s given up after %s attempts", rendering.id, rendering.attempts)
            _record_failure(rendering, f"its worker stopped {rendering.attempts} times while laying it out")
    db.session.commit()
    return sum(jobs.enqueue(render, rendering.id) for rendering in stuck if rendering.status != RenderStatus.FAILED)



def _record_failure(rendering: Rendering | None, why: str) -> None:
    """A failed document in the activity feed, where admins (and the project's people) see it."""
    if rendering is not None:
        audit.record("document.failed", rendering, organization_id=rendering.organization_id,
                     note=f"{rendering.title}: {why}")


def _move(rendering: Rendering, status: RenderStatus) -> None:
    rendering.status.check_transition(status)
    rendering.status = status


def _now() -> datetime:
    return datetime.now(timezone.utc)


def delayed(rendering: Rendering) -> bool:
    return rendering.status == RenderStatus.QUEUED and _now() - rendering.requested_at > DELAYED_AFTER


def state_of(rendering: Rendering) -> dict:
    """What the progress page shows (and its script polls): status, seconds, an estimated fraction."""
    elapsed = int((_now() - (rendering.started_at or rendering.requested_at)).total_seconds())
    status = rendering.status
    fraction = {RenderStatus.READY: 1.0, RenderStatus.QUEUED: 0.0}.get(
        status, min(0.95, elapsed / rendering.expected_seconds))
    return {"status": status.value, "status_title": status.title, "elapsed": elapsed, "message": _message(rendering),
            "expected": rendering.expected_seconds, "fraction": round(fraction, 2),
            "error": rendering.error or FAILED if status == RenderStatus.FAILED else None,
            "download": url_for("files.download", file_id=rendering.stored_file_id)
            if status == RenderStatus.READY else None,
            "again": _again(rendering)}


def _again(rendering: Rendering) -> str:
    document = DOCUMENTS[rendering.kind]
    return document.page_of(subject(document, rendering.project, rendering.subject_id))


def _message(rendering: Rendering) -> str:
    """What the progress page says, in words (its script shows the same)."""
    if rendering.status == RenderStatus.READY:
        return "The PDF is ready."
    if rendering.status == RenderStatus.FAILED:
        return rendering.error or FAILED
    if rendering.status == RenderStatus.QUEUED:
        return DELAYED if delayed(rendering) else "Waiting to start."
    elapsed = int((_now() - (rendering.started_at or rendering.requested_at)).total_seconds())
    return f"Being prepared for {elapsed} seconds; it takes about {rendering.expected_seconds} seconds in all."
