"""A flow's diagram on its page (issue 17): an image served by an authorizing route with a policy of
its own, an image map whose boxes lead to the nodes' forms, problems marked, names with markup and DOT
syntax drawn safely, a large flow drawn in parts, and Graphviz missing or too slow said on the page
with the outline still there."""
import html
import io
import re
import subprocess

import pytest
from flask import url_for
from PIL import Image
from pypdf import PdfReader

from portal.callflows import flows
from portal.callflows.services import NODE_KINDS, create_node, set_keys, settings_of
from portal.models.users import Role
from tests.factories import create_organization, create_user
from tests.integration.test_callflow_rows import _flow
from tests.unit.test_callflow_diagram import HOSTILE, needs_dot


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def _contact(project):
    return create_user(Role.PRIMARY_CONTACT, project.organization)


@needs_dot
def test_the_flow_page_shows_its_diagram_with_each_box_leading_to_its_form(client, app, session):
    project, made = _flow(app, session)
    client.login(_contact(project).email)
    hours = made["hours"].id
    page = _page(client.get(f"/projects/{project.id}/call-flows/flow/{hours}"))
    image = re.search(r'<img src="([^"]+)" alt="Diagram of the flow from Office hours; the outline below lists '
                      r'the same steps." usemap="#flow-map">', page).group(1)
    assert re.fullmatch(rf"/projects/{project.id}/call-flows/flow/{hours}/diagram.svg\?part=all&drawn=[0-9a-f]{{12}}",
                        image)
    areas = dict((alt, href) for href, alt in re.findall(r'<area shape="\w+" coords="[\d,]+" href="([^"]+)" '
                                                         r'alt="([^"]*)">', page))
    assert areas["Main menu"] == f"/projects/{project.id}/call-flows/nodes/{made['menu'].id}"
    assert areas["Sales queue"] == f"/projects/{project.id}/questionnaire/call-center/{made['queue'].destination_id}"
    assert areas["Office hours"] == f"/projects/{project.id}/call-flows/nodes/{hours}"
    assert "Outline" in page and "Key 1:" in page  # the same flow in words, for screen readers and phones
    with client.get(image) as drawn:
        assert drawn.status_code == 200 and drawn.mimetype == "image/svg+xml"
        assert drawn.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
        assert drawn.data.rstrip().endswith(b"</svg>") and b"Main menu" not in drawn.data


@needs_dot
def test_names_with_markup_and_dot_syntax_are_drawn_and_linked_safely(client, app, session):
    project, made = _flow(app, session)
    menu = made["menu"]
    menu.name = HOSTILE.replace("\n", " ")
    session.commit()
    client.login(_contact(project).email)
    page = client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}").get_data(as_text=True)
    shown = 'Sales &#34;A&#34; \\ &lt;b&gt;{x}&lt;/b&gt; ]; n9 [URL=&#34;http://evil&#34;]; second line \\N'
    assert f'alt="{shown}"' in page
    assert "http://evil" not in re.sub(r'alt="[^"]*"', "", page.split('id="diagram"')[1].split("</section>")[0])
    with client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}/diagram.svg") as drawn:
        assert drawn.status_code == 200 and b"evil" not in drawn.data


@needs_dot
def test_a_node_with_a_problem_is_marked_in_the_diagram(client, app, session, monkeypatch):
    project, made = _flow(app, session)
    settings_of(made["menu"]).greeting_text = "For sales press 1, for the front desk press 2, for billing press 3."
    session.commit()
    drawn_sources = []
    real = flows.draw_all

    def drawing(sources, **options):
        drawn_sources.extend(sources)
        return real(sources, **options)
    monkeypatch.setattr(flows, "draw_all", drawing)
    client.login(_contact(project).email)
    _page(client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}"))
    assert '"⚠ Problem: Auto attendant\\nMain menu"' in drawn_sources[0]
    assert "Main menu: the greeting says to press 3, but key 3 goes nowhere." in _page(
        client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}"))


def test_without_graphviz_the_page_says_so_and_keeps_the_outline(client, app, session, monkeypatch, tmp_path):
    project, made = _flow(app, session)
    monkeypatch.setitem(app.config, "DOT_PATH", str(tmp_path / "missing-dot"))
    monkeypatch.setitem(app.config, "DIAGRAM_DIR", str(tmp_path / "diagrams"))
    client.login(_contact(project).email)
    page = _page(client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}"))
    assert "The diagram is unavailable: Graphviz (dot) is not installed on the server. The outline below shows " \
           "the same flow." in page
    assert "<img" not in page.split('id="diagram"')[1].split("</section>")[0] and "Key 1:" in page
    drawn = client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}/diagram.svg")
    assert drawn.status_code == 503 and b"not installed" in drawn.data


def test_a_graphviz_too_slow_is_said_on_the_page(client, app, session, monkeypatch, tmp_path):
    project, made = _flow(app, session)
    slow = tmp_path / "slow-dot"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    monkeypatch.setitem(app.config, "DOT_PATH", str(slow))
    monkeypatch.setitem(app.config, "DOT_TIMEOUT", 0.3)
    monkeypatch.setitem(app.config, "DIAGRAM_DIR", str(tmp_path / "diagrams"))
    client.login(_contact(project).email)
    page = _page(client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}"))
    assert "The diagram is unavailable: Graphviz took more than 0.3 seconds to lay it out." in page


@needs_dot
def test_a_large_flow_is_drawn_in_parts_linked_from_each_other(client, app, session):
    project, made = _flow(app, session)
    with app.test_request_context():
        after = made["desk"].destination_id
        for n in range(45):  # Notice 44 -> ... -> Notice 0 -> the front desk
            after = create_node(project, NODE_KINDS["announcement"], {
                "name": f"Notice {n}", "greeting_text": "Hello.", "next_destination_id": after}).id
        billing = create_node(project, NODE_KINDS["menu"], {"name": "Billing menu", "greeting_text": "Press 1."})
    set_keys(settings_of(billing), {"1": after})
    set_keys(settings_of(made["menu"]), {"1": made["queue"].destination_id, "2": made["desk"].destination_id,
                                         "3": billing.id})
    session.commit()
    client.login(_contact(project).email)
    url = f"/projects/{project.id}/call-flows/flow/{made['hours'].id}"
    page = _page(client.get(url))
    assert "This flow is large, so it is drawn in parts:" in page
    assert '<strong aria-current="page">Overview</strong>' in page
    assert f'<a href="{url}?part=menu-{billing.id}#diagram">Billing menu</a>' in page
    main = _page(client.get(f"{url}?part=menu-{made['menu'].id}"))
    assert f'href="{url}?part=menu-{billing.id}" alt="The diagram of Billing menu"' in main  # its box leads there
    billing_page = _page(client.get(f"{url}?part=menu-{billing.id}"))
    assert "Diagram: Billing menu" in billing_page and 'alt="Notice 0"' in billing_page
    with client.get(f"{url}/diagram.svg?part=menu-{billing.id}") as drawn:
        assert drawn.status_code == 200 and drawn.mimetype == "image/svg+xml"


def test_another_organizations_diagram_answers_404(client, app, session):
    project, made = _flow(app, session)
    stranger = create_user(Role.PRIMARY_CONTACT, create_organization("Elsewhere"))
    session.commit()
    client.login(stranger.email)
    assert client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}/diagram.svg").status_code == 404


@pytest.fixture(autouse=True)
def _own_drawings(app, monkeypatch, tmp_path):
    """Each test draws into a folder of its own (a kept drawing must not hide what a test checks)."""
    monkeypatch.setitem(app.config, "DIAGRAM_DIR", str(tmp_path / "drawings"))



def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def _drawn_pixels(data: bytes, colour: tuple[int, int, int], tmp_path) -> int:
    """How many pixels of `colour` page 1 shows once rendered (WeasyPrint draws an SVG as paths)."""
    (tmp_path / "flows.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(tmp_path / "flows.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)
    with Image.open(next(tmp_path.glob("page*.png"))) as image:
        return sum(1 for pixel in image.convert("RGB").get_flattened_data() if pixel == colour)


@needs_dot
def test_the_call_flows_pdf_holds_every_step_and_its_diagram(client, app, session, tmp_path):
    project, made = _flow(app, session)
    client.login(_contact(project).email)
    assert "Download the call flows (PDF)" in _page(client.get(f"/projects/{project.id}/call-flows"))
    response = client.get(f"/projects/{project.id}/call-flows.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    for name in ("Office hours", "Main menu", "Sales queue", "Front Desk", "After-hours box"):
        assert name in text
    assert "Rings it: (312) 555-0100." in text and "Key 1: Sales queue" in text
    assert _drawn_pixels(response.data, (0xDD, 0xF4, 0xFF), tmp_path) > 100  # the auto attendant's box


def test_without_graphviz_the_pdf_says_so_and_keeps_the_table(client, app, session, monkeypatch, tmp_path):
    project, made = _flow(app, session)
    monkeypatch.setitem(app.config, "DOT_PATH", str(tmp_path / "missing-dot"))
    client.login(_contact(project).email)
    text = _pdf_text(client.get(f"/projects/{project.id}/call-flows.pdf").data)
    assert "The diagram is unavailable: Graphviz (dot) is not installed on the server." in text
    assert "Key 1: Sales queue" in text


def test_the_questionnaire_pdf_says_where_the_call_flows_are(client, app, session):
    project, made = _flow(app, session)
    client.login(_contact(project).email)
    text = _pdf_text(client.get(f"/projects/{project.id}/questionnaire.pdf").data)
    with app.test_request_context():
        address = app.config["PUBLIC_URL"].rstrip("/") + url_for("callflows.pdf", project_id=project.id)
    assert f"are in their own PDF: {address}" in text.replace("call- flows", "call-flows")  # a line's end


@needs_dot
def test_housekeeping_forgets_drawings_laid_out_a_month_ago(client, app, session, tmp_path):
    import os
    import time

    from portal.core.jobs import housekeeping
    project, made = _flow(app, session)
    client.login(_contact(project).email)
    _page(client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}"))
    drawn = sorted((tmp_path / "drawings").iterdir())
    assert [path.suffix for path in drawn] == [".map", ".svg"]
    month_ago = time.time() - 31 * 86400
    os.utime(drawn[0], (month_ago, month_ago))
    with app.app_context():
        assert "1 old call-flow drawings removed" in housekeeping()
    assert sorted((tmp_path / "drawings").iterdir()) == drawn[1:]
    _page(client.get(f"/projects/{project.id}/call-flows/flow/{made['hours'].id}"))  # drawn again
    assert len(list((tmp_path / "drawings").iterdir())) == 2
