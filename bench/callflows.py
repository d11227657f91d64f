"""Call flows at scale (issue 16), each figure measured side by side in one run.

1. The checks and a test call (through every menu, to the deepest one) of a 300-node flow against a
   10-node flow (goal: at most 30x, that is linear for 30 times the nodes).
2. SQL queries of the Call flows page and of the flow's outline page for both (goal: the same).
3. The diagrams (issue 17) of both flows, every part laid out by Graphviz with nothing kept from
   before (goal: at most 30x), and the call-flow PDF of both projects.
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bench.inprocess import QueryCounter, log_in
from portal.callflows import nodes
from portal.callflows.calls import place_call
from portal.callflows.checks import check_graph
from portal.callflows.description import project_graph
from portal.callflows.diagram import dot_source, draw_all, parts_of
from portal.callflows.document import call_flows_html
from portal.callflows.flows import project_flows
from portal.callflows.services import NODE_KINDS, set_keys, settings_of
from portal.core.pdf import html_to_pdf
from portal.extensions import db
from portal.models.projects import Project
from portal.models.users import Role
from tests.conftest import make_test_app, reset_schema
from tests.factories import create_number, create_project, create_seat, create_site, create_user

NUMBER = "+13125550100"


def build(app, size: int) -> tuple[int, int, str, int]:
    """A flow of about `size` nodes: office hours, then a chain of menus, each with a person on key 2,
    an announcement to that person on key 3 and the next menu on key 1; (project, entry, contact,
    menus)."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        site = create_site(project.organization, name="Main office", weekdays="08:00-17:00",
                           time_zone="America/Chicago")
        project.sites.append(site)
        menus = max(1, (size - 1) // 3)
        previous = None
        for n in reversed(range(menus)):
            person = create_seat(project, extension=str(1000 + n), first_name=f"P{n}", last_name="Bench")
            note = nodes.create(project, NODE_KINDS["announcement"], {"name": f"Note {n}", "greeting_text": "Hi.",
                                                                      "next_destination_id": person.destination_id})
            menu = nodes.create(project, NODE_KINDS["menu"], {"name": f"Menu {n}", "greeting_text": (
                "Press 1 for more, 2 for a person, 3 for a note." if previous else "Press 2 or 3."),
                "no_input_destination_id": person.destination_id})
            set_keys(settings_of(menu), {"1": previous, "2": person.destination_id, "3": note.id})
            previous = menu.id
        entry = nodes.create(project, NODE_KINDS["hours"], {"name": "Office hours", "site_id": site.id,
                                                           "follows_site": True, "open_destination_id": previous,
                                                           "closed_destination_id": previous})
        create_number(project, e164=NUMBER, destination_id=entry.id)
        user = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        return project.id, entry.id, user.email, menus


def best_of_three(work) -> float:
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    return min(runs)


def engine_seconds(app, project_id: int, menus: int) -> tuple[float, int, str]:
    """(seconds of the checks and one test call through every menu, nodes, how the call ended)."""
    with app.app_context():
        graph = project_graph(project_id)
        moment = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
        keys = "1" * (menus - 1) + "2"

        def work():
            check_graph(graph, today=date(2026, 12, 4))
            return place_call(graph, NUMBER, moment, keys)
        return best_of_three(work), len(graph.nodes), work().outcome


def page_queries(app, project_id: int, entry_id: int, email: str) -> dict[str, int]:
    client = app.test_client()
    log_in(client, email)
    with app.app_context():
        counter = QueryCounter(db.engine)
    counts = {}
    for name, url in (("Call flows page", f"/projects/{project_id}/call-flows"),
                      ("flow outline page", f"/projects/{project_id}/call-flows/flow/{entry_id}")):
        client.get(url)
        before = counter.count
        assert client.get(url).status_code == 200
        counts[name] = counter.count - before
    return counts


def drawing_seconds(app, project_id: int, entry_id: int) -> tuple[float, int]:
    """(seconds to lay out every part of the flow's diagram, with no drawing kept, the parts)."""
    with app.app_context():
        flows = project_flows(db.session.get(Project, project_id))
        parts = parts_of(flows.graph, entry_id)
        sources = [dot_source(flows.graph, part, flows.marks()) for part in parts]
        return best_of_three(lambda: draw_all(sources, dot=app.config["DOT_PATH"], timeout=120)), len(parts)


def pdf_seconds(app, project_id: int) -> tuple[float, int]:
    """(seconds to write and lay out the call-flow PDF, its size in bytes)."""
    with app.test_request_context():
        project = db.session.get(Project, project_id)
        started = time.perf_counter()
        pdf = html_to_pdf(call_flows_html(project))
        return time.perf_counter() - started, len(pdf)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    app = make_test_app(f"sqlite:///{folder}/callflows.sqlite3", folder)
    reset_schema(app)
    small, large = build(app, 10), build(app, 300)
    (few, few_nodes, few_end), (many, many_nodes, many_end) = (engine_seconds(app, small[0], small[3]),
                                                               engine_seconds(app, large[0], large[3]))
    print(f"checks and a test call: {few * 1000:.2f} ms for {few_nodes} nodes, {many * 1000:.2f} ms for "
          f"{many_nodes}; ratio {many / few:.1f}x for {many_nodes / few_nodes:.0f}x the nodes (goal: at most 30x)")
    print(f"the test calls ended: “{few_end}” and “{many_end}”")
    queries = page_queries(app, *small[:3]), page_queries(app, *large[:3])
    for name in queries[0]:
        print(f"{name} queries: {queries[0][name]} with {few_nodes} nodes, {queries[1][name]} with {many_nodes} "
              f"(goal: the same)")
    (few_drawn, few_parts), (many_drawn, many_parts) = (drawing_seconds(app, *small[:2]),
                                                        drawing_seconds(app, *large[:2]))
    print(f"diagrams: {few_drawn * 1000:.0f} ms for {few_nodes} nodes ({few_parts} part), {many_drawn * 1000:.0f} ms "
          f"for {many_nodes} ({many_parts} parts, one run of dot); ratio {many_drawn / few_drawn:.1f}x "
          f"(goal: at most 30x)")
    (few_pdf, few_bytes), (many_pdf, many_bytes) = pdf_seconds(app, small[0]), pdf_seconds(app, large[0])
    print(f"call-flow PDF: {few_pdf:.2f} s ({few_bytes // 1024} KB) for {few_nodes} nodes, {many_pdf:.2f} s "
          f"({many_bytes // 1024} KB) for {many_nodes}; ratio {many_pdf / few_pdf:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
