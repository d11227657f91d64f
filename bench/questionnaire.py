"""The questionnaire at scale (issue 6), each figure measured side by side in one run.

1. SQL queries of the extensions page and of the check page with 10 seats and numbers, and with
   1,000 (goal: the same number).
2. The time of all checks with 1,000 seats and numbers against 10 (goal: linear, so about 100x, or
   the same time per seat).
The paste of 1,000 rows in one transaction waits for the paste itself (not built yet).
"""
from __future__ import annotations

import sys
import tempfile
import time

from bench.inprocess import QueryCounter, log_in
from portal.extensions import db
from portal.models.telephony import NumberStatus, PhoneNumber
from portal.models.users import Role
from portal.questionnaire.sections import findings
from tests.conftest import make_test_app, reset_schema
from tests.factories import create_project, create_seat, create_site, create_user


def build(app, size: int) -> tuple[int, str]:
    """A project with `size` seats (each with a direct number) and a site; (project id, a contact)."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        project.sites.append(create_site(project.organization, name="Main office"))
        project.dial_plan.extension_length = 4
        for n in range(size):
            seat = create_seat(project, extension=str(2000 + n), first_name=f"P{n}", email=f"p{n}@bench.example")
            db.session.add(PhoneNumber(project_id=project.id, e164=f"+1312555{n:04d}", status=NumberStatus.ASSIGNED,
                                       destination_id=seat.destination_id))
        user = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        return project.id, user.email


def page_queries(app, project_id: int, email: str) -> dict[str, int]:
    client = app.test_client()
    log_in(client, email)
    with app.app_context():
        counter = QueryCounter(db.engine)
    counts = {}
    for name, path in (("extensions page", "extensions"), ("check page", "check")):
        url = f"/projects/{project_id}/questionnaire/{path}"
        client.get(url)
        before = counter.count
        assert client.get(url).status_code == 200
        counts[name] = counter.count - before
    return counts


def check_time(app, project_id: int) -> float:
    """The best of three runs of every check of the questionnaire."""
    from portal.models.projects import Project
    with app.test_request_context():
        project = db.session.get(Project, project_id)
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            findings(project)
            runs.append(time.perf_counter() - started)
        return min(runs)


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


if __name__ == "__main__":
    sys.exit(main())
