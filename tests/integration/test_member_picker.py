"""Member pickers (issue 15, item 8): queue agents and supervisors, group members, box recipients and
recording listeners list the chosen seats first, then the others by name, each checkbox with its
site, user type and searchable text for static/js/member-picker.js; a new queue starts with the
seats typed "call-center agent" as its agents; validation and saving are unchanged."""
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from portal.models.telephony import CallQueue, MemberRole
from portal.models.users import Role
from tests.factories import create_project, create_seat, create_site, create_user
from tests.integration.test_questionnaire_call_center import _queue

AUTOSAVE = {"X-Autosave": "1", "Accept": "application/json"}


class Checkboxes(HTMLParser):
    """The checkboxes of a page in their order: name -> [(value, checked, their data-member-* attributes)]."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[tuple[str, bool, dict]]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "checkbox":
            data = {name.removeprefix("data-member-"): value for name, value in attributes.items()
                    if name.startswith("data-member-")}
            self.found.setdefault(attributes["name"], []).append((attributes["value"], "checked" in attributes, data))


def _boxes(client, path: str, name: str) -> list[tuple[str, bool, dict]]:
    response = client.get(path)
    assert response.status_code == 200
    return Checkboxes(response.get_data(as_text=True)).found[name]


def _project(app, session):
    """Five seats at two sites (one at none), two of them typed "call-center agent"."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    north = create_site(project.organization, name="North office")
    south = create_site(project.organization, name="South office")
    people = [("Yara", "Quinn", "call_center_agent", "105", north), ("Bo", "Adams", "standard", "101", south),
              ("Cleo", "Ng", "call_center_agent", "102", south), ("Dan", "Ortiz", "executive", "103", north),
              ("Eve", "Brown", "standard", "104", None)]
    seats = {first: create_seat(project, seat_type_key=kind, extension=extension, first_name=first, last_name=last,
                                email=f"{first.lower()}@example.com", site_id=site.id if site else None)
             for first, last, kind, extension, site in people}
    session.commit()
    return project, seats, create_user(Role.PRIMARY_CONTACT, project.organization)


def _queue_of(session, name: str = "Support") -> CallQueue:
    session.expire_all()
    return next(queue for queue in session.scalars(select(CallQueue)) if queue.name == name)


def _ids(seats, *firsts) -> list[str]:
    return [str(seats[first].id) for first in firsts]


def _listed(boxes) -> tuple[list[str], list[str]]:
    """The seats in the order the page lists them, and the ticked ones."""
    return [value for value, _, _ in boxes], [value for value, checked, _ in boxes if checked]


def test_the_chosen_seats_come_first_each_with_its_site_type_and_text(client, app, session):
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    client.submit(f"{base}/new/queue", _queue([seats["Yara"], seats["Dan"]]))
    boxes = _boxes(client, f"{base}/{_queue_of(session).destination_id}", "agents")
    # chosen (by name), then the others by name; ticked exactly the chosen ones
    assert _listed(boxes) == (_ids(seats, "Dan", "Yara", "Bo", "Cleo", "Eve"), _ids(seats, "Dan", "Yara"))
    data = {value: attributes for value, _, attributes in boxes}
    assert data[str(seats["Cleo"].id)] == {"site": "South office", "type": "Call-center agent",
                                           "text": "Cleo Ng 102 cleo@example.com"}
    assert data[str(seats["Eve"].id)] == {"site": "No site", "type": "Standard user",
                                          "text": "Eve Brown 104 eve@example.com"}
    supervisors = _boxes(client, f"{base}/{_queue_of(session).destination_id}", "supervisors")
    assert [value for value, _, _ in supervisors] == _ids(seats, "Bo", "Cleo", "Dan", "Eve", "Yara")
    assert all(attributes.keys() == {"site", "type", "text"} for _, _, attributes in supervisors)


@pytest.mark.parametrize(("page", "name"), [("call-center/new/queue", "supervisors"),
                                            ("call-center/new/group", "members"),
                                            ("call-center/new/box", "recipients"),
                                            ("recording", "listeners")])
def test_every_seat_list_is_a_member_picker(page, name, client, app, session):
    project, seats, contact = _project(app, session)
    client.login(contact.email)
    path = f"/projects/{project.id}/questionnaire/{page}"
    boxes = _boxes(client, path, name)
    assert [value for value, _, _ in boxes] == _ids(seats, "Bo", "Cleo", "Dan", "Eve", "Yara")
    assert _listed(boxes)[1] == []  # only a new queue's agents start ticked
    assert boxes[-1][2] == {"site": "North office", "type": "Call-center agent",
                            "text": "Yara Quinn 105 yara@example.com"}
    assert "js/member-picker.js" in client.get(path).get_data(as_text=True)


def test_the_listeners_chosen_come_first_on_the_recording_page(client, app, session):
    project, seats, contact = _project(app, session)
    client.login(contact.email)
    path = f"/projects/{project.id}/questionnaire/recording"
    assert client.submit(path, {"retention_days": "30", "announcement": "",
                                "listeners": _ids(seats, "Eve", "Cleo")}).status_code == 303
    boxes = _boxes(client, path, "listeners")
    assert _listed(boxes) == (_ids(seats, "Cleo", "Eve", "Bo", "Dan", "Yara"), _ids(seats, "Cleo", "Eve"))


def test_a_new_queue_starts_with_the_call_center_agents_and_an_existing_one_does_not(client, app, session):
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    agents = _boxes(client, f"{base}/new/queue", "agents")
    assert _listed(agents) == (_ids(seats, "Cleo", "Yara", "Bo", "Dan", "Eve"), _ids(seats, "Cleo", "Yara"))
    # sent as the page stands (a browser's values), the queue has those two
    sent = client.form_values(f"{base}/new/queue", "agents")
    assert client.submit(f"{base}/new/queue", {**sent, "name": "Support", "extension": "500"}).status_code == 303
    assert sorted(_queue_of(session).agents) == sorted(_ids(seats, "Cleo", "Yara"))
    # an existing queue shows its own agents, never the call-center agents it does not have
    client.submit(f"{base}/new/queue", _queue([seats["Bo"]], name="Sales", extension="501"))
    sales = _boxes(client, f"{base}/{_queue_of(session, 'Sales').destination_id}", "agents")
    assert _listed(sales)[1] == _ids(seats, "Bo")


def test_a_restored_draft_of_a_new_queue_keeps_its_own_agents(client, app, session):
    project, seats, contact = _project(app, session)
    path = f"/projects/{project.id}/questionnaire/call-center/new/queue"
    client.login(contact.email)
    kept = client.post(path, data={**client.hidden_fields(path), "name": "Night line",
                                   "agents": _ids(seats, "Bo")}, headers=AUTOSAVE)
    assert kept.status_code == 200
    boxes = _boxes(client, path, "agents")
    assert _listed(boxes)[1] == _ids(seats, "Bo")  # not Cleo and Yara again


def test_a_refused_queue_keeps_its_ticks_first_and_a_foreign_seat_is_refused(client, app, session):
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    refused = client.submit(f"{base}/new/queue", _queue([seats["Eve"]], max_wait_seconds="-1"))
    assert refused.status_code == 200 and "Use 10 to 3600 seconds." in refused.get_data(as_text=True)
    boxes = Checkboxes(refused.get_data(as_text=True)).found["agents"]
    # what was sent, first; the call-center agents are ticked only on a fresh page, not over a refusal
    assert _listed(boxes) == (_ids(seats, "Eve", "Bo", "Cleo", "Dan", "Yara"), _ids(seats, "Eve"))
    with app.test_request_context():
        other = create_seat(create_project(with_kick_off=False), first_name="Mallory")
    session.commit()
    foreign = client.submit(f"{base}/new/queue", _queue([seats["Eve"], other]))
    assert foreign.status_code == 200
    assert f"&#39;{other.id}&#39; is not a valid choice for this field." in foreign.get_data(as_text=True)
    assert session.scalars(select(CallQueue)).all() == []


def test_a_saved_queue_keeps_its_agents_and_their_order(client, app, session):
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    client.submit(f"{base}/new/queue", _queue([seats["Yara"], seats["Bo"]]))
    url = f"{base}/{_queue_of(session).destination_id}"
    order = [member.seat_id for member in _queue_of(session).members_in(MemberRole.AGENT)]
    assert order == [seats["Yara"].id, seats["Bo"].id]  # ringing order, not the page's name order
    # saved again as the page stands (the chosen listed first, by name): nothing changes
    assert client.submit(url, {**client.form_values(url, "agents")}).status_code == 303
    assert [member.seat_id for member in _queue_of(session).members_in(MemberRole.AGENT)] == order
    # one more ticked: the others keep their places, the new one comes last
    sent = client.form_values(url, "agents")
    assert client.submit(url, {**sent, "agents": [*sent["agents"], str(seats["Dan"].id)]}).status_code == 303
    assert [member.seat_id for member in _queue_of(session).members_in(MemberRole.AGENT)] == \
        [*order, seats["Dan"].id]
