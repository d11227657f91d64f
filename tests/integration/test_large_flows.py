"""A flow of 500 nodes (issue 16, bad input): the Call flows page, the flow's outline, the check page
and a node's form all answer with every step there, and a test call through it is cut with a plain
message instead of running on."""
import html
import re
from urllib.parse import urlencode

from portal.callflows.services import NODE_KINDS, create_node
from portal.models.users import Role
from tests.factories import create_number, create_project, create_user

NODES = 500


def _long_flow(app, session):
    """A number ringing "Step 1", an announcement leading to "Step 2" ... to "Step 500", which hangs up."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        after = create_node(project, NODE_KINDS["hang_up"], {"name": "Goodbye"})
        for n in range(NODES, 0, -1):
            after = create_node(project, NODE_KINDS["announcement"], {
                "name": f"Step {n}", "greeting_text": f"This is step {n}.", "next_destination_id": after.id})
    number = create_number(project, e164="+13125550100", destination_id=after.id)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, after, number, contact


def _page(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_a_flow_of_500_nodes_is_shown_checked_and_test_called(client, app, session):
    project, first, number, contact = _long_flow(app, session)
    client.login(contact.email)
    listing = _page(client.get(f"/projects/{project.id}/call-flows"))
    assert "Step 1</a></h2>" in listing and f"{NODES + 1} steps." in listing and "Nothing to fix." in listing
    outline = _page(client.get(f"/projects/{project.id}/call-flows/flow/{first.id}"))
    assert all(f">Step {n}</a>" in outline for n in (1, 250, NODES))
    assert max(len(re.findall("<ul", part)) for part in outline.split("</ul>")) <= 13  # no 500-step staircase
    assert outline.count("its next steps are further down") == outline.count("Continued from above:") > 30
    last = re.search(rf'href="(/projects/{project.id}/call-flows/nodes/\d+)">Step {NODES}</a>', outline).group(1)
    assert "This is step 500." in _page(client.get(last))
    query = urlencode({"number": number.id, "shown": number.id, "date": "2026-12-07", "time": "10:05"})
    called = _page(client.get(f"/projects/{project.id}/call-flows/test-call?{query}"))
    assert "The call took more than 200 steps: cut here." in called
