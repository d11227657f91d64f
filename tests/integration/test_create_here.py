"""Choose a destination, or create a new one here (issue 15, item 6): every list of destinations
offers a shared voicemail box, a ring group and a call queue made on the spot; the person comes back
with the new one chosen and everything they had typed kept, detours nest, and nothing is saved on
the form left until the person saves it."""
import html
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from portal.models.telephony import CallQueue, Destination, DestinationKind, VoicemailBox
from portal.models.users import Role
from portal.questionnaire.calling import RoutingView
from tests.factories import create_number, create_project, create_seat, create_site, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    site = create_site(project.organization)
    project.sites.append(site)
    seats = [create_seat(project, extension=str(100 + n), first_name=f"Agent{n}", last_name="Desk", site_id=site.id)
             for n in range(2)]
    number = create_number(project, e164="+14155550150", site_id=site.id)
    session.commit()
    return project, seats, number, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _routing_url(project, number) -> str:
    return f"/projects/{project.id}/questionnaire/calling/numbers/{number.id}"


def _leave(client, url: str, values: dict, button: str):
    """Press a "New ..." button of the form at `url` having typed `values`: where it goes."""
    typed = {**client.form_values(url, button.partition(":")[0]), **values, "create_here": button}
    response = client.post(url, data=typed)
    assert response.status_code == 303, _page(response)[:500]
    return response.headers["Location"]


def _box(client, url: str, name: str = "After-hours box", seat=None) -> object:
    values = {**client.form_values(url, "name"), "name": name, "extension": "590"}
    if seat is not None:
        values["recipients"] = [str(seat.id)]
    return client.post(url, data=values)


def test_every_destination_list_offers_to_create_one_here(client, app, session):
    project, seats, number, contact = _project(app, session)
    client.login(contact.email)
    base = f"/projects/{project.id}/questionnaire"
    pages = {_routing_url(project, number): 2, f"{base}/numbers/{number.id}": 1, f"{base}/numbers/new": 1,
             f"{base}/call-center/new/queue": 2, f"{base}/call-center/new/group": 1}
    for url, lists in pages.items():
        page = _page(client.get(url))
        assert page.count("New shared voicemail box<") == lists, url
        assert page.count("New ring or hunt group<") == lists and page.count("New call queue<") == lists, url
        # Enter in a text box saves the form: its first button is a save, not a "New ..."
        offer = page.index('name="create_here"')
        first_button = page.index("<button", page.rindex("<form", 0, offer))
        assert first_button < offer and "create_here" not in page[first_button:page.index(">", first_button)], url


def test_a_box_made_from_a_numbers_routing_comes_back_chosen_with_the_rest_kept(client, app, session):
    project, seats, number, contact = _project(app, session)
    client.login(contact.email)
    url = _routing_url(project, number)
    away = _leave(client, url, {"open_destination_id": str(seats[0].destination_id)},
                  "closed_destination_id:box")
    assert urlsplit(away).path == f"/projects/{project.id}/questionnaire/call-center/new/box"
    assert number.destination_id is None  # nothing saved on the form left
    form = _page(client.get(away))
    assert "Once added, it is chosen under “After hours”" in form
    made = _box(client, away, seat=seats[1])
    assert made.status_code == 303 and made.headers["Location"] == url
    box = session.scalars(select(VoicemailBox)).one()
    flashed = _page(client.get(url))
    assert "After-hours box was added. It is chosen under “After hours”" in flashed
    assert "We restored your unsaved changes" in flashed
    values = client.form_values(url, "closed_destination_id")
    assert values["closed_destination_id"] == str(box.destination_id)
    assert values["open_destination_id"] == str(seats[0].destination_id)  # what was chosen before: kept
    saved = client.post(url, data=values)
    assert saved.status_code == 303
    session.refresh(number)
    assert RoutingView(number).closed_destination_id == box.destination_id


def test_detours_nest_a_queue_whose_overflow_box_is_made_first(client, app, session):
    project, seats, number, contact = _project(app, session)
    client.login(contact.email)
    url = _routing_url(project, number)
    to_queue = _leave(client, url, {}, "open_destination_id:queue")
    typed = {"name": "Support", "extension": "500", "agents": [str(seat.id) for seat in seats]}
    to_box = _leave(client, to_queue, typed, "overflow_destination_id:box")
    assert "Once added, it is chosen under “Overflow goes to”" in _page(client.get(to_box))
    assert _box(client, to_box, "Support mailbox", seats[0]).headers["Location"] == to_queue
    queue_form = client.form_values(to_queue, "name")
    box = session.scalars(select(VoicemailBox)).one()
    assert (queue_form["name"], queue_form["extension"]) == ("Support", "500")
    assert queue_form["overflow_destination_id"] == str(box.destination_id)
    assert sorted(queue_form["agents"]) == sorted(str(seat.id) for seat in seats)
    back = client.post(to_queue, data=queue_form)
    assert back.status_code == 303 and back.headers["Location"] == url
    queue = session.scalars(select(CallQueue)).one()
    assert queue.overflow_destination_id == box.destination_id
    assert client.form_values(url, "open_destination_id")["open_destination_id"] == str(queue.destination_id)


def test_a_bad_new_one_is_explained_and_the_way_back_stays(client, app, session):
    project, seats, number, contact = _project(app, session)
    client.login(contact.email)
    url = _routing_url(project, number)
    away = _leave(client, url, {}, "closed_destination_id:box")
    refused = _box(client, away, name="")
    assert refused.status_code == 200 and "Once added, it is chosen under “After hours”" in _page(refused)
    assert session.scalars(select(VoicemailBox)).first() is None
    assert _box(client, away, "Late box").headers["Location"] == url


def test_going_back_without_adding_keeps_what_was_typed(client, app, session):
    project, seats, number, contact = _project(app, session)
    client.login(contact.email)
    url = _routing_url(project, number)
    away = _leave(client, url, {"open_destination_id": str(seats[1].destination_id)}, "closed_destination_id:group")
    form = _page(client.get(away))
    assert f'<a href="{url}">Go back without adding one</a>' in form
    assert client.form_values(url, "open_destination_id")["open_destination_id"] == str(seats[1].destination_id)


def test_a_forged_or_unoffered_detour_does_nothing_unexpected(client, app, session):
    project, seats, number, contact = _project(app, session)
    client.login(contact.email)
    url = _routing_url(project, number)
    away = _leave(client, url, {}, "closed_destination_id:box")
    token = parse_qs(urlsplit(away).query)["detour"][0]
    forged = f"{urlsplit(away).path}?detour={token[:-4]}AAAA"
    assert "Once added" not in _page(client.get(forged))
    made = _box(client, forged, "Plain box")
    assert made.headers["Location"] == f"/projects/{project.id}/questionnaire/call-center"
    # a button the form does not offer is no detour: the form is saved as it is
    values = {**client.form_values(url, "open_destination_id"), "create_here": "version:box"}
    assert client.post(url, data=values).headers["Location"].endswith("/questionnaire/calling")
    kinds = session.scalars(select(Destination.kind).where(Destination.project_id == project.id)).all()
    assert kinds.count(DestinationKind.VOICEMAIL) == 1


def test_section_seven_lists_what_others_depend_on_first(client, app, session):
    project, seats, number, contact = _project(app, session)
    client.login(contact.email)
    page = _page(client.get(f"/projects/{project.id}/questionnaire/call-center"))
    headings = [page.index(f">{title}</h2>") for title in ("Shared voicemail boxes", "Ring and hunt groups",
                                                            "Call queues")]
    assert headings == sorted(headings)


def test_a_queue_is_listed_after_the_queue_it_overflows_to(client, app, session):
    project, seats, number, contact = _project(app, session)
    client.login(contact.email)
    base = f"/projects/{project.id}/questionnaire/call-center"
    agents = [str(seat.id) for seat in seats]
    for name, extension in (("Alpha", "500"), ("Beta", "501")):
        client.post(f"{base}/new/queue", data={**client.form_values(f"{base}/new/queue", "name"), "name": name,
                                               "extension": extension, "agents": agents})
    alpha, beta = session.scalars(select(CallQueue).order_by(CallQueue.id)).all()
    url = f"{base}/{alpha.destination_id}"
    client.post(url, data={**client.form_values(url, "name"), "overflow_destination_id": str(beta.destination_id)})
    session.refresh(alpha)
    assert alpha.overflow_destination_id == beta.destination_id
    page = _page(client.get(base))
    assert page.index(">Beta</a>") < page.index(">Alpha</a>")


def test_a_menu_offers_the_dial_plans_operator_first_called_so(client, app, session):
    project, seats, number, contact = _project(app, session)
    project.dial_plan.operator_extension = "101"
    session.commit()
    client.login(contact.email)
    page = _page(client.get(f"/projects/{project.id}/call-flows/new/menu"))
    key_0 = page[page.index('name="key_0"'):]
    options = key_0[:key_0.index("</select>")].split("<option")[1:]
    assert "Nothing yet" in options[0] and f'value="{seats[1].destination_id}"' in options[1]
    assert "The operator: Agent1 Desk (101)" in options[1]
    assert sum("Agent1 Desk (101)" in option for option in options) == 1  # not listed twice
