"""The real worker (`flask --app app worker`) in a process of its own, on its own database (a SQLite
file, or PostgreSQL's portal_servers on the PostgreSQL run) and its SQLite job queue in the instance
folder: work committed while no worker runs is done once one starts, and a document whose worker
was killed mid-layout (`kill -9`) is laid out again by the next one, with nobody asking again.

The rows are written by the portal in this process (tests/processes.py: portal_app), committed for
real, as a web server would; the worker sees them through the database and the queue's file."""
import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal.core.rendering import request_rendering
from portal.core.storage import path_of
from portal.extensions import db
from portal.models.mail import MailStatus, OutboxMessage
from portal.models.projects import Project
from portal.models.renderings import Rendering, RenderStatus
from portal.models.users import User
from tests.factories import create_outbox_message
from tests.processes import (
    eventually,
    large_worksheet,
    portal_app,
    portal_environment,
    servers_database,
    start_worker,
    stopping,
    worker_process,
)

SEATS = 1000  # about 6 s of layout on these machines: long enough to kill the worker in the middle
LEASE_SECONDS = 3


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """(the environment of the worker processes, the portal in this process, a large worksheet's
    project id and its contact's e-mail)."""
    folder = tmp_path_factory.mktemp("worker-process")
    env = portal_environment(folder, servers_database(folder))
    with portal_app(env) as application:
        with application.test_request_context():
            project_id, email = large_worksheet(SEATS)
        yield env, application, project_id, email


def _row(application, model, row_id: int):
    """The row as the database has it now (a fresh session: what the worker committed)."""
    with application.app_context():
        row = db.session.get(model, row_id)
        db.session.expunge(row)
        return row


def test_an_email_committed_while_no_worker_runs_is_sent_once_a_worker_starts(portal):
    env, application, _, _ = portal
    with application.app_context():  # committed minutes ago, but its job never queued (its process died first)
        message_id = create_outbox_message(MailStatus.QUEUED, subject="Committed while no worker ran",
                                           next_attempt_at=datetime.now(timezone.utc) - timedelta(minutes=3)).id
        db.session.commit()
    outbox = Path(env["PORTAL_INSTANCE_PATH"]) / "outbox"
    assert not list(outbox.glob("*.eml"))
    with worker_process(env) as worker:
        assert re.search(r"worker: [1-9]\d* due items queued again", worker.log())  # the sweeper, at start
        sent = eventually(lambda: list(outbox.glob("*.eml")), "the e-mail was written to the outbox", 20, worker)
        assert "Subject: Committed while no worker ran" in sent[0].read_text()
        eventually(lambda: _row(application, OutboxMessage, message_id).status == MailStatus.SENT,
                   "the outbox row says sent", 10, worker)


def test_a_document_whose_worker_was_killed_mid_layout_is_finished_by_the_next_worker(portal):
    env, application, project_id, email = portal
    with stopping(start_worker(env, "worker-killed")) as first:
        with application.test_request_context():
            project = db.session.get(Project, project_id)
            contact = db.session.scalars(select(User).where(User.email == email)).one()
            rendering_id = request_rendering(project, "worksheet", contact)[0].id
            db.session.commit()  # its job goes to the queue the worker reads
        eventually(lambda: _row(application, Rendering, rendering_id).status == RenderStatus.RENDERING,
                   "the worker took the rendering", 20, first)
        eventually(lambda: "Creating layout" in first.log(), "WeasyPrint began the layout", 20, first)
        first.kill()  # kill -9, mid-layout (huey had removed the job from its queue before running it)
    assert "Creating PDF" not in first.log()  # WeasyPrint's step after the layout
    taken = _row(application, Rendering, rendering_id)
    assert (taken.status, taken.attempts, taken.stored_file_id) == (RenderStatus.RENDERING, 1, None)
    expired = taken.claimed_at + timedelta(seconds=LEASE_SECONDS) - datetime.now(timezone.utc)
    time.sleep(max(0.0, expired.total_seconds()) + 0.5)  # the dead worker's lease has run out
    assert _row(application, Rendering, rendering_id).status == RenderStatus.RENDERING  # nobody finished it

    with worker_process({**env, "PORTAL_RENDER_LEASE_SECONDS": str(LEASE_SECONDS)}, "worker-next") as second:
        assert re.search(r"worker: [1-9]\d* due items queued again", second.log())  # its sweeper, at start
        done = eventually(lambda: (row := _row(application, Rendering, rendering_id)).status != RenderStatus.RENDERING
                          and row, "the next worker finished the rendering", 45, second)
    assert (done.status, done.attempts) == (RenderStatus.READY, 2)
    with application.app_context():
        stored = db.session.get(Rendering, rendering_id).stored_file
        pdf = PdfReader(path_of(stored))
        assert len(pdf.pages) > 10 and "Person999" in "".join(page.extract_text() for page in pdf.pages[-3:])
