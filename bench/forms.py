"""The forms machinery's costs, each as a ratio measured side by side in one run.

1. An autosave round trip (POST of a form's values as a draft, JSON answer) through gunicorn,
   against a hello-world GET on the same server.
2. A versioned bulk update of 5,000 rows (check each row's version, write only where it matches),
   against the same update without version checks; on SQLite and, when PORTAL_BENCH_POSTGRES_URL is
   set (make bench sets it), on PostgreSQL. Goal (issue 3): the checks cost at most 1.5x.
"""
from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time

from sqlalchemy import bindparam, delete, insert, select, update

from bench.common import login, request, running_server, session_cookie
from portal.core.versioning import RowChange, bulk_update_versioned
from portal.extensions import db
from portal.models.users import Organization, Role, User

ROWS = 5000
REPEATS = 9
ROUND_TRIPS = 300


def _median_ms(call, count: int) -> float:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def autosave_round_trip() -> None:
    with running_server(workers=1) as (port, _, email, password, _):
        cookie = login(port, email, password)
        response, page = request(port, "/account/profile", cookie)
        cookie = session_cookie(response) if response.getheader("Set-Cookie") else cookie  # holds the CSRF secret
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
        body = f"csrf_token={token}&version=1&name=Maria+Lopez&job_title=Office+manager&phone="
        headers = {"X-Autosave": "1", "Content-Type": "application/x-www-form-urlencoded"}

        def autosave():
            response, _ = request(port, "/account/profile", cookie, body, headers)
            assert response.status == 200, response.status

        def hello():
            request(port, "/bench/hello")
        hello_ms, autosave_ms = [], []
        for _ in range(3):
            hello_ms.append(_median_ms(hello, ROUND_TRIPS))
            autosave_ms.append(_median_ms(autosave, ROUND_TRIPS))
        print(f"autosave round trip:    {min(autosave_ms):6.2f} ms median; hello-world {min(hello_ms):6.2f} ms; "
              f"ratio {min(autosave_ms) / min(hello_ms):.1f}x")


def _seed_rows(organization_id: int) -> list[tuple[int, int]]:
    db.session.execute(insert(User), [
        {"email": f"bulk{n}@bench.example", "name": f"Bulk {n}", "role": Role.VIEWER,
         "organization_id": organization_id} for n in range(ROWS)])
    db.session.commit()
    return [tuple(row) for row in db.session.execute(
        select(User.id, User.version).where(User.organization_id == organization_id))]


def _unchecked(rows, title: str) -> float:
    """The same update without version checks; returns the seconds the write took."""
    table = User.__table__
    statement = update(table).where(table.c.id == bindparam("row_id")).values(job_title=bindparam("title"))
    parameters = [{"row_id": row_id, "title": title} for row_id, _ in rows]
    started = time.perf_counter()
    db.session.execute(statement, parameters)
    db.session.commit()
    return time.perf_counter() - started


def _versioned(rows, title: str) -> tuple[float, list[tuple[int, int]]]:
    """The versioned bulk writer; returns the seconds the write took and the rows' new versions."""
    changes = [RowChange(row_id, version, {"job_title": title}) for row_id, version in rows]
    started = time.perf_counter()
    result = bulk_update_versioned(User, changes)
    db.session.commit()
    elapsed = time.perf_counter() - started
    assert len(result.updated) == ROWS and not result.conflicts
    return elapsed, [(row_id, version + 1) for row_id, version in rows]


def bulk_update(database_url: str, label: str) -> None:
    from tests.conftest import make_test_app, reset_schema
    app = make_test_app(database_url, tempfile.mkdtemp(prefix="portal-bench-"))
    reset_schema(app)
    with app.app_context():
        organization = Organization(name="Bulk bench")
        db.session.add(organization)
        db.session.commit()
        rows = _seed_rows(organization.id)
        plain, checked = [], []
        for repeat in range(REPEATS):
            plain.append(_unchecked(rows, f"plain {repeat}"))
            elapsed, rows = _versioned(rows, f"checked {repeat}")
            checked.append(elapsed)
        db.session.execute(delete(User).where(User.organization_id == organization.id))
        db.session.commit()
        db.engine.dispose()
    best_plain, best_checked = min(plain), min(checked)
    print(f"bulk update {ROWS} rows, {label:10s}: plain {best_plain * 1000:7.1f} ms, versioned "
          f"{best_checked * 1000:7.1f} ms, ratio {best_checked / best_plain:.2f}x (goal: at most 1.5x)")


def main() -> None:
    autosave_round_trip()
    bulk_update(f"sqlite:///{tempfile.mkdtemp(prefix='portal-bench-')}/bulk.sqlite3", "SQLite")
    if os.environ.get("PORTAL_BENCH_POSTGRES_URL"):
        bulk_update(os.environ["PORTAL_BENCH_POSTGRES_URL"], "PostgreSQL")


if __name__ == "__main__":
    sys.exit(main())
