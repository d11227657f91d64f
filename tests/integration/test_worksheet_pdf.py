"""The worksheet PDF: laid out at once when small, prepared in the background with its progress when
large (portal.core.rendering); the background job runs inline in these tests (tests/conftest.py)."""
import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal.models.audit import AuditEvent
from portal.models.renderings import Rendering, RenderStatus
from portal.models.users import Role
from tests.factories import create_project, create_rendering, create_seat, create_user


@pytest.fixture
def large_from_two_seats(app):
    """Documents of more than one row count as large."""
    before = app.config["PDF_INLINE_ROWS"]
    app.config["PDF_INLINE_ROWS"] = 1
    yield
    app.config["PDF_INLINE_ROWS"] = before


def _worksheet(app, seats: int = 2):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    for n in range(seats):
        create_seat(project, first_name="José" if n == 0 else f"Person{n}", last_name="Núñez")
    return project, create_user(Role.VIEWER, project.organization)


def test_a_small_worksheet_downloads_at_once(client, app):
    project, viewer = _worksheet(app, seats=1)
    client.login(viewer.email)
    response = client.get(f"/projects/{project.id}/worksheet.pdf")
    assert response.mimetype == "application/pdf"
    assert "José Núñez" in PdfReader(io.BytesIO(response.data)).pages[0].extract_text()


def test_a_large_worksheet_is_prepared_in_the_background_then_downloaded(client, app, session,
                                                                           large_from_two_seats):
    project, viewer = _worksheet(app)
    client.login(viewer.email)
    offer = client.get(f"/projects/{project.id}/worksheet.pdf").get_data(as_text=True)
    assert "It has 2 seats." in offer and "Prepare the PDF" in offer
    response = client.submit(f"/projects/{project.id}/documents/worksheet",
                             page=f"/projects/{project.id}/worksheet.pdf")
    assert re.fullmatch(r"/documents/\d+", response.headers["Location"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The PDF is ready." in page
    state = client.get(response.headers["Location"] + "/state").get_json()
    assert (state["status"], state["fraction"]) == ("ready", 1.0)
    with client.get(state["download"]) as document:
        assert document.mimetype == "application/pdf" and "attachment" in document.headers["Content-Disposition"]
        assert "José Núñez" in PdfReader(io.BytesIO(document.data)).pages[0].extract_text()
    assert 'Asked for earlier' in client.get(f"/projects/{project.id}/worksheet.pdf").get_data(as_text=True)
    assert session.scalars(select(AuditEvent.object_label).where(AuditEvent.action == "document.requested")).all() \
        == [f"Client Worksheet: {project.name}"]


def test_a_failed_rendering_says_so_and_offers_to_ask_again(client, app, session, monkeypatch,
                                                            large_from_two_seats):
    from portal.core import rendering

    def broken(html):
        raise RuntimeError("layout exploded")
    monkeypatch.setattr(rendering, "html_to_pdf", broken)
    project, viewer = _worksheet(app)
    client.login(viewer.email)
    location = client.submit(f"/projects/{project.id}/documents/worksheet",
                             page=f"/projects/{project.id}/worksheet.pdf").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "could not be prepared" in page and "layout exploded" not in page
    assert f'href="/projects/{project.id}/worksheet.pdf" data-progress-again>' in page
    assert session.scalars(select(AuditEvent.note).where(AuditEvent.action == "document.failed")).all() == [
        f"Client Worksheet: {project.name}: could not be laid out"]


def _left_by_a_dead_worker(app, session, attempts: int) -> Rendering:
    with app.test_request_context():
        rendering = create_rendering()
    rendering.status, rendering.attempts = RenderStatus.RENDERING, attempts
    rendering.claimed_at = datetime.now(timezone.utc) - timedelta(minutes=20)  # its lease ran out long ago
    session.commit()
    return rendering


def test_a_rendering_whose_worker_died_is_laid_out_again_by_the_sweeper(app, session):
    from portal.core.jobs import sweep_due
    rendering = _left_by_a_dead_worker(app, session, attempts=1)
    with app.test_request_context():
        assert sweep_due() == 1  # in immediate mode the queued job runs at once
    session.refresh(rendering)
    assert (rendering.status, rendering.attempts) == (RenderStatus.READY, 2) and rendering.stored_file_id


def test_a_rendering_that_killed_its_worker_three_times_is_given_up_and_says_so(app, session):
    from portal.core.jobs import sweep_due
    from portal.core.rendering import state_of
    rendering = _left_by_a_dead_worker(app, session, attempts=3)
    with app.test_request_context():
        assert sweep_due() == 0
        session.refresh(rendering)
        state = state_of(rendering)
    assert rendering.status == RenderStatus.FAILED and "could not be prepared" in state["message"]
    assert session.scalars(select(AuditEvent.note).where(AuditEvent.action == "document.failed")).all() == [
        f"{rendering.title}: its worker stopped 3 times while laying it out"]  # admins see it in the activity


def test_a_rendering_still_waiting_after_half_a_minute_says_it_is_delayed_not_lost(app, session):
    from portal.core.rendering import state_of
    with app.test_request_context():
        rendering = create_rendering()
        rendering.requested_at = datetime.now(timezone.utc) - timedelta(minutes=2)
        session.commit()
        message = state_of(rendering)["message"]
    assert "Nothing is lost" in message and rendering.status == RenderStatus.QUEUED


def test_asking_again_while_a_rendering_is_on_its_way_joins_it(app, session):
    from portal.core.rendering import request_rendering
    with app.test_request_context():
        queued = create_rendering()
        again, new = request_rendering(queued.project, "worksheet", create_user(Role.VIEWER,
                                                                                queued.project.organization))
    assert (again.id, new) == (queued.id, False)


def test_no_transaction_stays_open_while_the_pdf_is_laid_out(client, app, session, monkeypatch,
                                                             large_from_two_seats):
    from portal.core import pdf, rendering
    from portal.extensions import db
    seen = []

    def layout(html):
        seen.append(db.session().in_transaction())
        return pdf.html_to_pdf(html)
    monkeypatch.setattr(rendering, "html_to_pdf", layout)
    project, viewer = _worksheet(app)
    client.login(viewer.email)
    location = client.submit(f"/projects/{project.id}/documents/worksheet",
                             page=f"/projects/{project.id}/worksheet.pdf").headers["Location"]
    assert seen == [False] and "The PDF is ready." in client.get(location).get_data(as_text=True)
