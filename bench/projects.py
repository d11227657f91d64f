"""Implementation projects at scale, each figure measured side by side in one run.

1. SQL queries of the IPM dashboard with 5 projects and with 500 (goal: the same number).
2. SQL queries of the project page with 10 tasks and with 200 (goal: the same number).
3. The plan PDF's render time against a one-line PDF through the same renderer (a ratio).
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta

from bench.inprocess import QueryCounter, log_in
from portal.core.pdf import html_to_pdf, render_pdf
from portal.extensions import db
from portal.models.projects import Anchor, PlanStep, ProjectTask, Side
from portal.models.users import Role
from portal.projects import plan, queries
from portal.projects.timeline import build_timeline
from tests.conftest import make_test_app, reset_schema
from tests.factories import create_project, create_user


def _queries_of(app, counter: QueryCounter, email: str, path: str) -> int:
    client = app.test_client()
    log_in(client, email)
    client.get(path)  # warm up
    before = counter.count
    assert client.get(path).status_code == 200
    return counter.count - before


def _ipm_with(app, projects: int) -> tuple[str, int]:
    with app.test_request_context():
        ipm = create_user(Role.IPM)
        made = [create_project(ipm=ipm, started_on=date(2026, 11, 2) + timedelta(days=n % 20), with_kick_off=False)
                for n in range(projects)]
        db.session.commit()
        return ipm.email, made[0].id


def _grow_to(project_id: int, tasks: int) -> None:
    project = queries.project_with_plan(project_id)
    steps = list(db.session.scalars(db.select(PlanStep).order_by(PlanStep.number)))
    for n in range(len(project.tasks), tasks):
        db.session.add(ProjectTask(project=project, step_id=steps[n % 9].id, side=Side.PROVIDER,
                                   title=f"Extra {n}", anchor=Anchor.START, offset_days=n % 30,
                                   due_on=date(2026, 11, 2) + timedelta(n % 60), position=1000 + n))
    db.session.commit()


def _trim_to(project_id: int, tasks: int) -> None:
    project = queries.project_with_plan(project_id)
    for task in project.tasks[tasks:]:
        db.session.delete(task)
    db.session.commit()


def query_counts(app) -> None:
    counter = QueryCounter(_engine(app))
    small_ipm, small_project = _ipm_with(app, 5)
    large_ipm, _ = _ipm_with(app, 500)
    admin = _admin(app)
    dashboard = (_queries_of(app, counter, small_ipm, "/"), _queries_of(app, counter, large_ipm, "/"))
    print(f"IPM dashboard queries:  {dashboard[0]} with 5 projects, {dashboard[1]} with 500 projects")
    with app.app_context():
        _trim_to(small_project, 10)
    ten = _queries_of(app, counter, admin, f"/projects/{small_project}")
    with app.app_context():
        _grow_to(small_project, 200)
    two_hundred = _queries_of(app, counter, admin, f"/projects/{small_project}")
    print(f"project page queries:   {ten} with 10 tasks, {two_hundred} with 200 tasks")


def _engine(app):
    with app.app_context():
        return db.engine


def _admin(app) -> str:
    with app.app_context():
        admin = create_user(Role.ADMIN)
        db.session.commit()
        return admin.email


def pdf_ratio(app) -> None:
    with app.test_request_context():
        project = queries.project_with_plan(create_project().id)
        context = dict(project=project, steps=plan.tasks_by_step(project), contacts=[], today=date(2026, 11, 20),
                       timeline=build_timeline(project, queries.phases(), date(2026, 11, 20)))
        plan_times, line_times = [], []
        for _ in range(5):
            started = time.perf_counter()
            html_to_pdf("<p>One line.</p>")
            line_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            render_pdf("pdf/plan.html", **context)
            plan_times.append(time.perf_counter() - started)
        db.session.rollback()
    best_plan, best_line = min(plan_times), min(line_times)
    print(f"plan PDF render:        {best_plan * 1000:6.0f} ms; one-line PDF {best_line * 1000:6.0f} ms; "
          f"ratio {best_plan / best_line:.1f}x ({len(project.tasks)} tasks, 4 pages)")


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    app = make_test_app(f"sqlite:///{folder}/projects.sqlite3", folder)
    reset_schema(app)
    query_counts(app)
    pdf_ratio(app)


if __name__ == "__main__":
    sys.exit(main())
