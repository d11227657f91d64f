"""Review rounds part 2 at scale (issue 21), measured side by side in one run, in process on SQLite:

1. A customer with 500 seats, 500 numbers and 5 call flows, submitted twice (round 2 with 100 job
   titles changed and 5 numbers removed): what changed between the rounds, computed from the two
   snapshots alone; and the planned configuration's exports (the five CSVs and the Teams script).
2. The SQL statements of the review page, the discrepancies' list, a round's page and a seat's form
   with 10 and with 500 discrepancies on the package (goal: the same for each).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time

from sqlalchemy import delete, select, update

from bench.inprocess import QueryCounter, log_in
from bench.reviews import large_customer
from portal.core import snapshots
from portal.extensions import db
from portal.models.projects import Project
from portal.models.reviews import Discrepancy, DiscrepancyKind, PackageStage, ReviewPackage, ReviewRound
from portal.models.telephony import PhoneNumber, Seat
from portal.models.users import Role
from portal.reviews.configuration import Plan, teams_script
from portal.reviews.diff import diff
from tests.conftest import make_test_app, reset_schema
from tests.factories import create_user


def _round(package: ReviewPackage, number: int) -> ReviewRound:
    taken = snapshots.take(package.project)
    made = ReviewRound(package=package, number=number, snapshot=taken.raw, snapshot_sha256=taken.sha256,
                       schema_version=taken.schema_version, acknowledged=[])
    db.session.add(made)
    db.session.commit()
    return made


def two_rounds(app, project_id: int) -> tuple[bytes, bytes]:
    """Round 1, then 100 job titles changed and 5 numbers removed, then round 2; their snapshots."""
    with app.test_request_context():
        project = db.session.get(Project, project_id)
        package = ReviewPackage(project_id=project.id, project=project, stage=PackageStage.FIRST_REVIEW)
        db.session.add(package)
        first = _round(package, 1)
        seat_ids = db.session.scalars(select(Seat.id).where(Seat.project_id == project_id).order_by(Seat.id)).all()
        db.session.execute(update(Seat).where(Seat.id.in_(seat_ids[:100])).values(job_title="Dentist"))
        number_ids = db.session.scalars(select(PhoneNumber.id).where(PhoneNumber.project_id == project_id)
                                        .order_by(PhoneNumber.id)).all()
        db.session.execute(delete(PhoneNumber).where(PhoneNumber.id.in_(number_ids[-5:])))
        db.session.commit()
        second = _round(package, 2)
        return first.snapshot, second.snapshot


def timed(work, times: int = 5) -> tuple[float, object]:
    """(median seconds, the last result) of `work()`."""
    seconds, result = [], None
    for _ in range(times):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def exports(parts: dict) -> int:
    """Every CSV of the planned configuration and the Teams script; their bytes in all."""
    plan = Plan(parts)
    files = [kind.csv() for kind in plan.kinds() if kind.exported]
    return sum(map(len, files)) + len(teams_script(plan, "Large customer", 2, "0" * 64).encode())


def add_discrepancies(app, project_id: int, count: int) -> None:
    """`count` more open discrepancies on the package, each on a seat's job title, with a reply."""
    with app.app_context():
        package = db.session.scalars(select(ReviewPackage).where(ReviewPackage.project_id == project_id)).one()
        seat_ids = db.session.scalars(select(Seat.id).where(Seat.project_id == project_id).order_by(Seat.id)).all()
        start = db.session.query(Discrepancy).count()
        db.session.add_all([Discrepancy(package=package, raised_in=package.current, kind=DiscrepancyKind.QUESTION,
                                        address=f"seat:{seat_ids[(start + n) % len(seat_ids)]}/job_title",
                                        label="A seat: job title", text=f"Question {start + n}")
                            for n in range(count)])
        db.session.commit()


def page_queries(app, email: str, paths: list[str]) -> list[int]:
    client = app.test_client()
    log_in(client, email)
    counts = []
    with app.app_context():
        for path in paths:
            counter = QueryCounter(db.engine)
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts.append(counter.count)
    return counts


def main() -> int:
    folder = tempfile.mkdtemp(prefix="portal-bench-discrepancies-")
    app = make_test_app(f"sqlite:///{folder}/bench.sqlite3", folder)
    reset_schema(app)
    project_id = large_customer(app)
    old_raw, new_raw = two_rounds(app, project_id)
    old, new = snapshots.read(old_raw), snapshots.read(new_raw)
    with app.test_request_context():
        diff_seconds, changes = timed(lambda: diff(snapshots.read(old_raw), snapshots.read(new_raw)))
        export_seconds, size = timed(lambda: exports(new))
        project = db.session.get(Project, project_id)
        ipm_email = project.ipm.email
        seat_id = db.session.scalars(select(Seat.id).where(Seat.project_id == project_id).order_by(Seat.id)).first()
        round_id = db.session.scalars(select(ReviewRound.id).order_by(ReviewRound.id.desc())).first()
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        contact_email = contact.email
    staff_paths = [f"/projects/{project_id}/review", f"/projects/{project_id}/review/discrepancies",
                   f"/projects/{project_id}/review/rounds/{round_id}"]
    add_discrepancies(app, project_id, 10)
    ten = page_queries(app, ipm_email, staff_paths) + page_queries(app, contact_email, [f"/seats/{seat_id}"])
    add_discrepancies(app, project_id, 490)
    five_hundred = page_queries(app, ipm_email, staff_paths) + page_queries(app, contact_email, [f"/seats/{seat_id}"])
    print(f"{len(old['seats'])} seats, {len(old['numbers'])} numbers, 5 call flows; round 2 changes 100 job titles "
          f"and removes 5 numbers")
    print(f"what changed between the two rounds (both snapshots read and compared): {diff_seconds * 1000:.0f} ms "
          f"(median of 5), {len(changes)} changes")
    print(f"planned configuration exports (5 CSVs and the Teams script, {size / 1024:.0f} KiB): "
          f"{export_seconds * 1000:.0f} ms (median of 5)")
    for name, few, many in zip(("review page", "discrepancies' list", "round page", "a seat's form (pins)"),
                               ten, five_hundred, strict=True):
        print(f"{name} SQL statements: {few} with 10 discrepancies, {many} with 500 (goal: the same)")
    return 0 if ten == five_hundred and len(changes) == 105 else 1


if __name__ == "__main__":
    sys.exit(main())
