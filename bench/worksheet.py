"""The worksheet at scale (issue 5), each figure measured side by side in one run.

1. Import of a 5,000-row CSV through read, map, preview and commit: the time of each step, SQL
   statements of the commit, and the whole import against parsing and validating the same file in
   plain Python without the database (goal: at most 3x).
2. SQL queries of the worksheet page with 10 seats and with 5,000 (goal: the same number).
3. Peak memory of the import above the process's size before it (goal: under 100 MB).
4. The worksheet PDF of 500 seats, per seat (larger worksheets are prepared in the background).
"""
from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
import tracemalloc

import phonenumbers
from email_validator import validate_email

from bench.inprocess import QueryCounter, log_in
from portal.core.importing import suggest_mapping
from portal.core.tabular import read_table
from portal.extensions import db
from portal.imports import services as imports
from portal.models.users import Role
from portal.worksheet.fields import SEAT_IMPORT_FIELDS
from portal.worksheet.imports import SEATS
from tests.conftest import make_test_app, reset_schema
from tests.factories import create_project, create_seat, create_site, create_user

ROWS = 5000
HEADER = "First name,Last name,E-mail,Extension,Direct number,Job title,Department,Site\n"


def source_file() -> bytes:
    lines = [HEADER] + [f"Person{n},Émile{n},person{n}@bench.example,{10000 + n},+1312555{n:04d},Agent,Sales,"
                        f"Main office\n" for n in range(ROWS)]
    return "".join(lines).encode("utf-8")


def plain_python(data: bytes) -> float:
    """The baseline: parse and validate the same rows without the portal or a database (the best of
    three runs, after the libraries have loaded their data)."""
    return min(_plain_python_once(data) for _ in range(3))


def _plain_python_once(data: bytes) -> float:
    started = time.perf_counter()
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        validate_email(row["E-mail"], check_deliverability=False)
        phonenumbers.is_valid_number(phonenumbers.parse(row["Direct number"], "US"))
        assert row["Extension"].isdecimal()
    return time.perf_counter() - started


def new_project():
    project = create_project(with_kick_off=False)
    create_site(project.organization, name="Main office")
    user = create_user(Role.PRIMARY_CONTACT, project.organization)
    db.session.commit()
    return project, user


def run_import(project, user, data: bytes, counter: QueryCounter) -> tuple[dict, int, dict]:
    """The four steps as the pages run them: (seconds of each step, statements of the commit, outcome)."""
    timings = {}
    started = time.perf_counter()
    table = read_table(data)
    timings["read"] = time.perf_counter() - started
    started = time.perf_counter()
    data_import = imports.start_import(project, user, table, "bench.csv", SEATS)
    imports.save_mapping(data_import, suggest_mapping(table.headers, SEAT_IMPORT_FIELDS))
    db.session.commit()
    timings["map"] = time.perf_counter() - started
    started = time.perf_counter()
    checked = imports.checked_state(data_import, imports.preview_of(data_import))
    timings["preview"] = time.perf_counter() - started
    before = counter.count
    started = time.perf_counter()
    outcome = imports.commit_import(data_import, checked)
    db.session.commit()
    timings["commit"] = time.perf_counter() - started
    return timings, counter.count - before, outcome


def report(title: str, timings: dict, statements: int, outcome: dict, baseline: float) -> None:
    whole = sum(timings.values())
    steps = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in timings.items())
    print(f"{title}: {steps}; {outcome['added']} added, {outcome['updated']} updated, "
          f"{len(outcome['skipped'])} skipped")
    print(f"  whole import {whole:.2f} s; plain-Python parse and validate {baseline:.2f} s; "
          f"ratio {whole / baseline:.1f}x (goal: at most 3x)")
    print(f"  SQL statements of the commit: {statements} ({statements / ROWS:.2f} per row)")


def import_steps(app, data: bytes) -> None:
    with app.test_request_context():
        counter = QueryCounter(db.engine)
        project, user = new_project()
        baseline = plain_python(data)
        report(f"import of {ROWS} new rows", *run_import(project, user, data, counter), baseline)
        changed = data.replace(b",Agent,", b",Senior agent,")
        report(f"re-import of {ROWS} changed rows", *run_import(project, user, changed, counter), baseline)
        project, user = new_project()
        tracemalloc.start()
        run_import(project, user, data, counter)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"  peak Python memory of the import: {peak / 1024 / 1024:.0f} MB (goal: under 100 MB)")


def page_queries(app) -> None:
    counts = []
    for seats in (10, ROWS):
        with app.test_request_context():
            project = create_project(with_kick_off=False)
            for n in range(seats):
                create_seat(project, extension=str(20000 + n), first_name=f"P{n}")
            user = create_user(Role.PRIMARY_CONTACT, project.organization)
            db.session.commit()
            project_id, email = project.id, user.email
        client = app.test_client()
        log_in(client, email)
        with app.app_context():
            counter = QueryCounter(db.engine)
        client.get(f"/projects/{project_id}/worksheet")
        before = counter.count
        assert client.get(f"/projects/{project_id}/worksheet").status_code == 200
        counts.append(counter.count - before)
    print(f"worksheet page queries: {counts[0]} with 10 seats, {counts[1]} with {ROWS} seats")


def pdf_timing(app) -> None:
    """The worksheet PDF of 500 seats: the layout time per seat behind the background threshold and
    the estimate the progress page shows (portal/worksheet/document.py)."""
    from portal.core.pdf import html_to_pdf
    from portal.worksheet.document import SECONDS_PER_SEAT, worksheet_html
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        for n in range(500):
            create_seat(project, extension=str(30000 + n), first_name=f"P{n}", last_name="Núñez")
        db.session.commit()
        started = time.perf_counter()
        data = html_to_pdf(worksheet_html(project))
        seconds = time.perf_counter() - started
    print(f"worksheet PDF of 500 seats: {seconds:.1f} s, {len(data) // 1024} KB; {seconds / 500 * 1000:.1f} ms per "
          f"seat (the progress estimate assumes {SECONDS_PER_SEAT * 1000:.0f} ms)")


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    app = make_test_app(f"sqlite:///{folder}/worksheet.sqlite3", folder)
    reset_schema(app)
    import_steps(app, source_file())
    page_queries(app)
    pdf_timing(app)


if __name__ == "__main__":
    sys.exit(main())
