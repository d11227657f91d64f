"""The questionnaire at scale (issue 6), each figure measured side by side in one run.

1. SQL queries of the extensions page, the key layouts page and the check page with 10 seats and
   numbers (each seat with a desk phone and keys of its own), and with 1,000 (goal: the same number).
2. The time of all checks with 1,000 seats and numbers against 10 (goal: linear, so about 100x, or
   the same time per seat).
3. A paste of 1,000 rows through the shared import pipeline, committed in one transaction: 1,000
   new numbers routed to their seats, and 1,000 extensions' features and outbound calls (statements
   and transactions of the commit, printed with those of a paste of 10).
"""
from __future__ import annotations

import sys
import tempfile
import time

from sqlalchemy import event, select

from bench.inprocess import QueryCounter, log_in
from portal.core.importing import suggest_mapping
from portal.core.tabular import read_pasted
from portal.extensions import db
from portal.imports import services as imports
from portal.models.projects import Project
from portal.models.questionnaire import KeyLayout
from portal.models.telephony import NumberStatus, PhoneModel, PhoneNumber, Seat
from portal.models.users import Role
from portal.questionnaire.call_center import BOX, QUEUE
from portal.questionnaire.number_import import NUMBER_IMPORT_FIELDS, NUMBERS
from portal.questionnaire.sections import findings
from portal.questionnaire.services import create_call_group
from portal.worksheet.fields import SEAT_IMPORT_FIELDS
from portal.worksheet.imports import SEATS
from tests.conftest import make_test_app, reset_schema
from tests.factories import create_project, create_seat, create_site, create_user


def build(app, size: int) -> tuple[int, str]:
    """A project with `size` seats, each with a direct number, a VVX 450 and keys of its own over the
    model's default layout and all agents of one call queue, and a site; (project id, a contact)."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        project.sites.append(create_site(project.organization, name="Main office"))
        project.dial_plan.extension_length = 4
        model = db.session.scalars(select(PhoneModel).where(PhoneModel.model == "VVX 450")).one()
        db.session.add(KeyLayout(project_id=project.id, phone_model_id=model.id, keys={
            "1": {"function": "line", "label": "Line 1", "target": ""},
            "2": {"function": "blf", "label": "Reception", "target": "2000"}}))
        for n in range(size):
            seat = create_seat(project, extension=str(2000 + n), first_name=f"P{n}", email=f"p{n}@bench.example",
                               phone_model_id=model.id)
            db.session.add(PhoneNumber(project_id=project.id, e164=f"+1312555{n:04d}", status=NumberStatus.ASSIGNED,
                                       destination_id=seat.destination_id))
            db.session.add(KeyLayout(project_id=project.id, phone_model_id=model.id, seat_id=seat.id, keys={
                "3": {"function": "blf", "label": f"P{(n + 1) % size}", "target": str(2000 + (n + 1) % size)}}))
        db.session.flush()
        seat_ids = [str(seat) for seat in db.session.scalars(select(Seat.id).where(Seat.project_id == project.id))]
        mailbox = create_call_group(project, BOX, {"name": "Bench mailbox", "recipients": seat_ids[:1]})
        create_call_group(project, QUEUE, {"name": "Bench queue", "agents": seat_ids, "overflow_calls": 10,
                                           "overflow_destination_id": mailbox.destination_id})
        user = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        return project.id, user.email


def page_queries(app, project_id: int, email: str) -> dict[str, int]:
    client = app.test_client()
    log_in(client, email)
    with app.app_context():
        counter = QueryCounter(db.engine)
    counts = {}
    for name, path in (("extensions page", "extensions"), ("key layouts page", "keys"),
                       ("call center page", "call-center"), ("check page", "check")):
        url = f"/projects/{project_id}/questionnaire/{path}"
        client.get(url)
        before = counter.count
        assert client.get(url).status_code == 200
        counts[name] = counter.count - before
    return counts


def check_time(app, project_id: int) -> float:
    """The best of three runs of every check of the questionnaire."""
    with app.test_request_context():
        project = db.session.get(Project, project_id)
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            findings(project)
            runs.append(time.perf_counter() - started)
        return min(runs)


def paste(app, project_id: int, email: str, kind, text: str) -> tuple[int, int, float, dict]:
    """One paste committed as the pages do: (statements, transactions, seconds of the commit, outcome)."""
    from portal.models.users import User
    fields = NUMBER_IMPORT_FIELDS if kind is NUMBERS else SEAT_IMPORT_FIELDS
    with app.test_request_context():
        project = db.session.get(Project, project_id)
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        table = read_pasted(text)
        started = imports.start_import(project, user, table, "pasted rows", kind)
        imports.save_mapping(started, suggest_mapping(table.headers, fields))
        db.session.commit()
        checked = imports.checked_state(started, imports.preview_of(started))
        counter, commits = QueryCounter(db.engine), []
        listener = lambda *args: commits.append(1)  # noqa: E731
        event.listen(db.engine, "commit", listener)
        began = time.perf_counter()
        outcome = imports.commit_import(started, checked)
        db.session.commit()
        seconds = time.perf_counter() - began
        event.remove(db.engine, "commit", listener)
        return counter.count, len(commits), seconds, outcome


def number_rows(size: int, first: int) -> str:
    return "Number\tKind\tRings\tCaller-ID name\n" + "".join(
        f"+1773555{first + n:04d}\tDirect\t{2000 + n}\tBENCH\n" for n in range(size))


def extension_rows(size: int) -> str:
    return "E-mail\tCall forwarding\tCall park\tDo not disturb\tOutbound calls\n" + "".join(
        f"p{n}@bench.example\tYes\tYes\tNo\tLong distance\n" for n in range(size))


def pastes(app, small: tuple, large: tuple) -> None:
    for label, kind, texts in (("numbers (added)", NUMBERS, (number_rows(10, 0), number_rows(1000, 0))),
                               ("extensions (updated)", SEATS, (extension_rows(10), extension_rows(1000)))):
        few, many = paste(app, *small, kind, texts[0]), paste(app, *large, kind, texts[1])
        done = many[3]["added"] + many[3]["updated"]
        print(f"paste of 1000 {label}: {done} written, {many[0]} statements in {many[1]} transaction "
              f"({many[2]:.2f} s); 10 rows: {few[0]} statements in {few[1]} transaction ({few[2]:.3f} s)")


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    app = make_test_app(f"sqlite:///{folder}/questionnaire.sqlite3", folder)
    reset_schema(app)
    small, large = build(app, 10), build(app, 1000)
    queries = page_queries(app, *small), page_queries(app, *large)
    for name in queries[0]:
        print(f"{name} queries: {queries[0][name]} with 10 seats and numbers, {queries[1][name]} with 1000")
    seconds = check_time(app, small[0]), check_time(app, large[0])
    print(f"all checks: {seconds[0] * 1000:.1f} ms for 10 seats and numbers, {seconds[1] * 1000:.1f} ms for 1000; "
          f"ratio {seconds[1] / seconds[0]:.0f}x for 100x the data (goal: linear, about 100x); "
          f"{seconds[1] / 1000 * 1000:.2f} ms per seat")
    pastes(app, small, large)


if __name__ == "__main__":
    sys.exit(main())
