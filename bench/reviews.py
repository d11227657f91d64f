"""Review rounds at scale (issue 20), each figure measured side by side in one run, in process on SQLite:

1. A customer with 500 seats, 500 numbers and 5 call flows: the round's snapshot (every part, canonical
   bytes and their SHA-256), and the package PDF's render from it.
2. A download of the stored package PDF against its render (goal: at least 100x faster: the stored
   bytes are served, never rendered again).
3. The review queue's SQL statements with 10 and with 1,000 waiting packages (goal: the same).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date

from sqlalchemy import select

from bench.inprocess import QueryCounter, log_in
from portal.callflows.services import NODE_KINDS, create_node, set_keys, settings_of
from portal.core import snapshots
from portal.core.pdf import html_to_pdf
from portal.core.storage import store_generated
from portal.extensions import db
from portal.models.projects import Phase, Product, Project
from portal.models.reviews import PackageStage, ReviewPackage, ReviewRound
from portal.models.telephony import NumberKind, NumberSource
from portal.models.users import Organization, Role, User
from portal.reviews import document
from tests.conftest import make_test_app, reset_schema
from tests.factories import create_number, create_project, create_seat, create_site, create_user

SEATS, FLOWS = 500, 5
GOAL = 100


def large_customer(app) -> int:
    """500 seats each with a direct number, and 5 menus each on a main number; the project's id."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        site = create_site(project.organization, weekdays="08:00-17:00")
        project.sites.append(site)
        seats = [create_seat(project, extension=str(1000 + n), first_name=f"Person{n}", last_name="Large",
                             email=f"person{n}@large.example", site_id=site.id) for n in range(SEATS)]
        for n, seat in enumerate(seats[:SEATS - FLOWS]):
            create_number(project, e164=f"+1415{5550000 + n:07d}", destination_id=seat.destination_id,
                          site_id=site.id, kind=NumberKind.DIRECT, source=NumberSource.NEW)
        for n in range(FLOWS):
            menu = create_node(project, NODE_KINDS["menu"], {"name": f"Menu {n}", "greeting_text": "Press 1 or 2.",
                                                             "no_input_destination_id": seats[n].destination_id})
            set_keys(settings_of(menu), {"1": seats[n].destination_id, "2": seats[n + FLOWS].destination_id})
            create_number(project, e164=f"+1312{5550000 + n:07d}", destination_id=menu.id, site_id=site.id,
                          kind=NumberKind.MAIN, source=NumberSource.NEW)
        db.session.commit()
        return project.id


def snapshot_and_render(app, project_id: int) -> tuple[float, float, int, str]:
    """(median seconds of the snapshot, seconds of the PDF's render, the stored file's id, its contact)."""
    with app.test_request_context():
        project = db.session.get(Project, project_id)
        seconds = []
        for _ in range(3):
            started = time.perf_counter()
            taken = snapshots.take(project)
            seconds.append(time.perf_counter() - started)
        package = ReviewPackage(project_id=project.id, project=project)
        made = ReviewRound(package=package, number=1, snapshot=taken.raw, snapshot_sha256=taken.sha256,
                           schema_version=taken.schema_version, acknowledged=[])
        db.session.add_all([package, made])
        db.session.commit()
        started = time.perf_counter()
        data = html_to_pdf(document.package_html(made))
        render = time.perf_counter() - started
        stored = store_generated(data, document.filename(made), "application/pdf", organization=project.organization)
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        return statistics.median(seconds), render, stored.id, contact.email


def download(app, file_id: int, email: str) -> float:
    client = app.test_client()
    log_in(client, email)
    seconds = []
    for _ in range(20):
        started = time.perf_counter()
        with client.get(f"/files/{file_id}") as response:
            assert response.status_code == 200 and response.data.startswith(b"%PDF")
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def waiting_packages(app, count: int) -> None:
    """`count` more customers, each with a package waiting at a review stage (bare projects: no plan)."""
    with app.app_context():
        ipm = db.session.scalars(select(User).where(User.role == Role.IPM)).first()
        product = db.session.scalars(select(Product)).first()
        phase = db.session.scalars(select(Phase)).first()
        stages = (PackageStage.SUBMITTED, PackageStage.FIRST_REVIEW, PackageStage.ENGINEERING_REVIEW,
                  PackageStage.SECOND_REVIEW)
        start = db.session.query(Project).count()
        for n in range(count):
            organization = Organization(name=f"Waiting customer {start + n}")
            project = Project(organization=organization, product_id=product.id, name=f"Project {start + n}",
                              started_on=date(2026, 11, 2), target_go_live=date(2027, 2, 1), phase_id=phase.id,
                              ipm_id=ipm.id)
            package = ReviewPackage(project=project, stage=stages[n % len(stages)])
            db.session.add_all([organization, project, package,
                                ReviewRound(package=package, number=1, snapshot=b"{}", snapshot_sha256="0" * 64,
                                            schema_version=1, acknowledged=[])])
        db.session.commit()


def queue_queries(app, email: str) -> int:
    client = app.test_client()
    log_in(client, email)
    with app.app_context():
        counter = QueryCounter(db.engine)
        response = client.get("/reviews")
        assert response.status_code == 200
        return counter.count


def main() -> int:
    folder = tempfile.mkdtemp(prefix="portal-bench-reviews-")
    app = make_test_app(f"sqlite:///{folder}/bench.sqlite3", folder, JOBS="queue",
                        JOBS_SQLITE_PATH=f"{folder}/jobs.sqlite3")
    reset_schema(app)
    project_id = large_customer(app)
    snapshot, render, file_id, contact = snapshot_and_render(app, project_id)
    fetch = download(app, file_id, contact)
    with app.app_context():
        staff = create_user(Role.IPM, name="Bench IPM")
        db.session.commit()
        email = staff.email
    waiting_packages(app, 9)
    ten = queue_queries(app, email)
    waiting_packages(app, 990)
    thousand = queue_queries(app, email)
    print(f"snapshot of {SEATS} seats, {SEATS} numbers, {FLOWS} call flows: {snapshot * 1000:.0f} ms (median of 3)")
    print(f"package PDF render from the snapshot: {render:.2f} s")
    print(f"download of the stored package PDF: {fetch * 1000:.2f} ms (median of 20); "
          f"{render / fetch:.0f}x faster than the render (goal: at least {GOAL}x)")
    print(f"review queue SQL statements: {ten} with 10 packages, {thousand} with 1,000 (goal: the same)")
    return 0 if render / fetch >= GOAL and ten == thousand else 1


if __name__ == "__main__":
    sys.exit(main())
