"""The call-flow builder's pages (issue 16): nodes made and changed through their forms, a child made
in place from a key, a time condition with hours of its own, removal after a confirmation (refused for
a time condition calls still reach), the flow's outline with its loops named, readers who only read."""
import html
import re

from sqlalchemy import select

from portal.callflows import nodes
from portal.callflows.services import NODE_KINDS, settings_of
from portal.core.hours import summary
from portal.models.callflows import AutoAttendant
from portal.models.telephony import Destination, DestinationKind
from portal.models.users import Role
from tests.factories import create_call_group, create_number, create_project, create_seat, create_site, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    site = create_site(project.organization, name="Main office", weekdays="08:00-17:00", time_zone="America/Chicago")
    project.sites.append(site)
    desk = create_seat(project, extension="100", first_name="Front", last_name="Desk")
    queue = create_call_group(project, "queue", "Sales queue")
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, site, desk, queue, contact


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _menu_values(client, url, **values) -> dict:
    return {**client.form_values(url, "greeting_text"), **values}


def test_a_contact_builds_a_menu_and_sees_its_flow_and_problems(client, app, session):
    project, site, desk, queue, contact = _project(app, session)
    client.login(contact.email)
    url = f"/projects/{project.id}/call-flows/new/menu"
    refused = client.post(url, data=_menu_values(client, url, name="", greeting_text=""))
    page = _page(refused)
    assert refused.status_code == 200 and "Give it a name, like Main menu or After hours." in page
    assert "Write what callers hear, or choose a recording." in page
    made = client.post(url, data=_menu_values(client, url, name="Main menu", greeting_text=(
        "For sales press 1, for the front desk press 2, for billing press 3."), key_1=str(queue.destination_id),
        key_2=str(desk.destination_id)))
    assert made.status_code == 303
    menu = session.scalars(select(Destination).where(Destination.kind == DestinationKind.AUTO_ATTENDANT)).one()
    assert made.headers["Location"] == f"/projects/{project.id}/call-flows/flow/{menu.id}"
    assert {key.key: key.target_destination_id for key in settings_of(menu).keys} == {
        "1": queue.destination_id, "2": desk.destination_id}
    create_number(project, e164="+13125550100", destination_id=menu.id)
    session.commit()
    flow = _page(client.get(made.headers["Location"]))
    assert "Key 1:</span>" in flow and "Sales queue</a>" in flow and "Front Desk" in flow
    assert "Error: Main menu: the greeting says to press 3, but key 3 goes nowhere." in flow
    listing = _page(client.get(f"/projects/{project.id}/call-flows"))
    assert "Main menu</a></h2>" in listing and "1 problem to fix" in listing
    check = _page(client.get(f"/projects/{project.id}/questionnaire/check"))  # under 5. Calling patterns
    assert (f'<a href="/projects/{project.id}/call-flows/nodes/{menu.id}">Main menu: the greeting says to press 3, '
            f'but key 3 goes nowhere.</a>') in check


def test_a_key_makes_an_announcement_in_place_and_comes_back_with_it_chosen(client, app, session):
    project, site, desk, queue, contact = _project(app, session)
    with app.test_request_context():
        menu = nodes.create(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": "Press 9."})
    session.commit()
    client.login(contact.email)
    url = f"/projects/{project.id}/call-flows/nodes/{menu.id}"
    away = client.post(url, data=_menu_values(client, url, repeats="3", create_here="key_9:announcement"))
    assert away.status_code == 303 and "/call-flows/new/announcement?detour=" in away.headers["Location"]
    there = away.headers["Location"]
    assert "Once added, it is chosen under “Key 9”" in _page(client.get(there))
    back = client.post(there, data={**client.form_values(there, "greeting_text"), "name": "Opening hours",
                                    "greeting_text": "We are open from 8 to 5.",
                                    "next_destination_id": str(desk.destination_id)})
    assert back.status_code == 303 and back.headers["Location"] == url
    values = client.form_values(url, "greeting_text")
    announcement = session.scalars(select(Destination).where(Destination.kind == DestinationKind.ANNOUNCEMENT)).one()
    assert (values["key_9"], values["repeats"]) == (str(announcement.id), "3")  # chosen, and the rest kept
    assert client.post(url, data=values).status_code == 303
    assert [(key.key, key.target_destination_id) for key in settings_of(menu).keys] == [("9", announcement.id)]


def test_a_time_condition_with_hours_of_its_own(client, app, session):
    project, site, desk, queue, contact = _project(app, session)
    client.login(contact.email)
    url = f"/projects/{project.id}/call-flows/new/hours"
    values = {**client.form_values(url, "weekdays"), "name": "Support hours", "site_id": str(site.id),
              "follows_site": "no", "weekdays": "07:00-19:00", "sat": "9 to noonish",
              "open_destination_id": str(queue.destination_id), "closed_destination_id": str(desk.destination_id)}
    refused = _page(client.post(url, data=values))
    assert "“9 to noonish” is not a time range" in refused and 'value="07:00-19:00"' in refused
    assert client.post(url, data={**values, "sat": "09:00-12:00"}).status_code == 303
    made = session.scalars(select(Destination).where(Destination.kind == DestinationKind.SCHEDULE)).one()
    schedule = settings_of(made)
    assert (schedule.follows_site, summary(schedule.own_hours)) == (False, "Mon–Fri 07:00-19:00; Sat 09:00-12:00")
    follows = {**values, "name": "Site hours", "follows_site": "yes", "site_id": ""}
    assert "Choose the site whose hours it follows" in _page(client.post(url, data=follows))


def test_removal_asks_first_and_a_time_condition_calls_reach_stays(client, app, session):
    project, site, desk, queue, contact = _project(app, session)
    with app.test_request_context():
        hours = nodes.create(project, NODE_KINDS["hours"], {"name": "Office hours", "site_id": site.id,
                                                            "follows_site": True,
                                                            "open_destination_id": desk.destination_id,
                                                            "closed_destination_id": queue.destination_id})
        gone = nodes.create(project, NODE_KINDS["hang_up"], {"name": "Goodbye"})
    create_number(project, e164="+13125550100", destination_id=hours.id)
    session.commit()
    client.login(contact.email)
    remove = f"/projects/{project.id}/call-flows/nodes/{gone.id}/remove"
    assert "Remove Goodbye?" in _page(client.get(remove))
    assert session.get(Destination, gone.id) is not None  # asking removed nothing
    assert client.submit(remove).status_code == 303
    assert session.get(Destination, gone.id) is None
    refused = client.submit(f"/projects/{project.id}/call-flows/nodes/{hours.id}/remove")
    assert refused.headers["Location"].endswith(f"/call-flows/nodes/{hours.id}")
    assert "Office hours is still where calls go: send them elsewhere first." in _page(
        client.get(refused.headers["Location"]))
    assert session.get(Destination, hours.id) is not None


def test_the_outline_names_a_loop_instead_of_repeating_it(client, app, session):
    project, site, desk, queue, contact = _project(app, session)
    with app.test_request_context():
        menu = nodes.create(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": "Press 1."})
        promo = nodes.create(project, NODE_KINDS["announcement"], {"name": "Promo", "greeting_text": "Hello.",
                                                                   "next_destination_id": menu.id})
        nodes.save(nodes.NodeView(menu), 1, {"name": "Main menu", "greeting_text": "Press 1.", "greeting_mode": "text",
                                             "repeats": 2, "key_1": promo.id, "dial_by_extension": True,
                                             "dial_by_name": False})
    create_number(project, e164="+13125550100", destination_id=menu.id)
    session.commit()
    client.login(contact.email)
    flow = _page(client.get(f"/projects/{project.id}/call-flows/flow/{menu.id}"))
    assert flow.count(">Main menu</a>") == 2 and ", shown above" in flow
    assert "goes round forever" in flow


def test_a_viewer_reads_a_node_and_changes_nothing(client, app, session):
    project, site, desk, queue, contact = _project(app, session)
    with app.test_request_context():
        menu = nodes.create(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": "Welcome."})
    viewer = create_user(Role.VIEWER, project.organization)
    session.commit()
    client.login(viewer.email)
    page = _page(client.get(f"/projects/{project.id}/call-flows/nodes/{menu.id}"))
    assert "<dt>Greeting</dt><dd>Welcome.</dd>" in page and "<form method=\"post\" novalidate" not in page
    token = client.csrf_token(f"/projects/{project.id}/call-flows")
    assert client.post(f"/projects/{project.id}/call-flows/nodes/{menu.id}",
                       data={"csrf_token": token, "name": "Hacked", "version": "1"}).status_code == 403
    assert client.get(f"/projects/{project.id}/call-flows/new/menu").status_code == 403
    assert session.scalars(select(AutoAttendant)).one().destination.name == "Main menu"


def test_the_call_flows_are_completed_only_once_nothing_blocks_and_the_plan_follows(client, app, session):
    from portal.models.projects import TaskStatus
    project, site, desk, queue, contact = _project(app, session)
    with app.test_request_context():
        menu = nodes.create(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": "Press 1 or 2.",
                                                          "key_1": desk.destination_id})
    create_number(project, e164="+13125550100", destination_id=menu.id)
    session.commit()
    client.login(contact.email)
    page_url = f"/projects/{project.id}/call-flows"
    task = next(task for task in project.tasks if task.feature_key == "call_flows")
    refused = _page(client.submit(f"{page_url}/progress", {"completed": "yes"}, page=page_url))
    assert ("This section still has 1 error to fix first: Main menu: the greeting says to press 2, but key 2 goes "
            "nowhere.") in refused
    assert re.search(r'<input[^>]*checked[^>]*value="yes"|<input[^>]*value="yes"[^>]*checked', refused), \
        "the choice is kept"
    url = f"/projects/{project.id}/call-flows/nodes/{menu.id}"
    assert client.post(url, data=_menu_values(client, url, key_2=str(queue.destination_id))).status_code == 303
    session.refresh(task)
    assert (task.status, task.summary) == (TaskStatus.IN_PROGRESS, "1 flow")
    done = client.submit(f"{page_url}/progress", {"completed": "yes"}, page=page_url)
    assert done.status_code == 303
    session.refresh(task)
    assert task.status == TaskStatus.DONE
    assert "The call flows: completed." in _page(client.get(page_url))


def _routed_after_hours(client, app, session):
    """Section 5 sends a number's after-hours calls to a box, which makes its time condition: (the
    front desk, the queue, another box, the number, its routing page, the time condition, the
    builder's page of it), the contact logged in."""
    project, site, desk, queue, contact = _project(app, session)
    number = create_number(project, e164="+13125550100", site_id=site.id)
    box, other_box = (create_call_group(project, "box", name) for name in ("After-hours box", "Weekend box"))
    session.commit()
    client.login(contact.email)
    routing = f"/projects/{project.id}/questionnaire/calling/numbers/{number.id}"
    assert client.post(routing, data={**client.form_values(routing, "open_destination_id"), "open_destination_id": str(
        desk.destination_id), "closed_destination_id": str(box.destination_id)}).status_code == 303
    session.expire_all()
    hours = session.get(Destination, number.destination_id)
    node = f"/projects/{project.id}/call-flows/nodes/{hours.id}"
    return desk, queue, other_box, number, routing, hours, node


def test_section_fives_change_of_a_time_condition_is_not_undone_by_its_form_opened_before(client, app, session):
    desk, queue, other_box, number, routing, hours, node = _routed_after_hours(client, app, session)
    opened = client.form_values(node, "name")  # a tab on the time condition's form
    assert client.post(routing, data={**client.form_values(routing, "open_destination_id"),
                                      "closed_destination_id": str(other_box.destination_id)}).status_code == 303
    saved = client.post(node, data={**opened, "name": "Office hours"})
    assert saved.status_code == 303, _page(saved)[:1500]  # merged: the tab changed only the name
    session.expire_all()
    schedule = settings_of(session.get(Destination, hours.id))
    assert (schedule.destination.name, schedule.closed_destination_id) == ("Office hours", other_box.destination_id)


def test_the_builders_change_of_a_branch_is_not_undone_by_a_section_five_form_opened_before(client, app, session):
    """The reverse: section 5's routing form of the number, opened before the builder sends the
    after-hours branch elsewhere, then saved with a new business-hours choice, keeps the builder's."""
    desk, queue, other_box, number, routing, hours, node = _routed_after_hours(client, app, session)
    opened = client.form_values(routing, "open_destination_id")  # section 5, at this version
    assert client.post(node, data={**client.form_values(node, "name"),
                                   "closed_destination_id": str(other_box.destination_id)}).status_code == 303
    saved = client.post(routing, data={**opened, "open_destination_id": str(queue.destination_id)})
    assert saved.status_code == 303, _page(saved)[:1500]  # merged: section 5 changed only the open branch
    session.expire_all()
    schedule = settings_of(session.get(Destination, hours.id))
    assert (schedule.open_destination_id, schedule.closed_destination_id) == (queue.destination_id,
                                                                              other_box.destination_id)


def test_an_autosave_checks_the_version_committed_not_the_one_read_before_its_lock(app, session):
    """A save that commits while an autosave of the same node waits for the row must make the autosave
    refuse (409): its draft of the older version would come back over the save."""
    from sqlalchemy import update

    from portal.core.editing import _locked_version
    project, site, desk, queue, contact = _project(app, session)
    with app.test_request_context():
        menu = nodes.create(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": "Hello."})
    session.commit()
    view = nodes.NodeView(menu)  # what the autosave read first
    session.execute(update(Destination).where(Destination.id == menu.id).values(version=Destination.version + 1))
    assert _locked_version(view) == view.version + 1


def test_a_branch_changed_in_section_five_and_in_a_node_form_opened_before_is_the_conflict_page(client, app, session):
    """Section 5 and the builder's form of the same time condition both change its after-hours branch:
    the form opened before section 5's save is refused with both values side by side, and neither
    side's choice is lost."""
    desk, queue, other_box, number, routing, hours, node = _routed_after_hours(client, app, session)
    opened = client.form_values(node, "name")  # a tab on the time condition's form, at this version
    assert client.post(routing, data={**client.form_values(routing, "open_destination_id"),
                                      "closed_destination_id": str(other_box.destination_id)}).status_code == 303
    refused = client.post(node, data={**opened, "closed_destination_id": str(queue.destination_id)})
    page = _page(refused)
    assert refused.status_code == 409 and "Someone else saved this first" in page
    mine = f'name="closed_destination_id" value="{queue.destination_id}" checked'
    theirs = f'name="closed_destination_id" value="{other_box.destination_id}"'
    assert mine in page and theirs in page  # the person's choice and section 5's, side by side
    session.expire_all()
    assert settings_of(session.get(Destination, hours.id)).closed_destination_id == other_box.destination_id
    chosen = client.post(node, data={**client.form_values(node, "name"), "closed_destination_id": str(
        queue.destination_id)})
    assert chosen.status_code == 303
    session.expire_all()
    assert settings_of(session.get(Destination, hours.id)).closed_destination_id == queue.destination_id


def test_section_fives_change_moves_the_version_past_a_builder_save_committed_meanwhile(client, app, session):
    """Section 5 moves the time condition's version in the database, not from the copy its request read
    first: a builder's save committing in between must not leave both saves at one version, or a form
    at the builder's version would then put its branch back over section 5's without a word."""
    from sqlalchemy import update

    from portal.models.telephony import PhoneNumber, Schedule
    from portal.questionnaire import calling
    desk, queue, other_box, number, routing, hours, node = _routed_after_hours(client, app, session)
    opened, seen = client.form_values(node, "name"), hours.version
    with app.test_request_context():
        view = calling.RoutingView(session.get(PhoneNumber, number.id))  # section 5's request reads it first
        assert view.schedule.destination.version == seen
        # then the builder's save commits: the after-hours branch to the queue, at the next version
        session.execute(update(Destination.__table__).where(Destination.__table__.c.id == hours.id)
                        .values(version=Destination.__table__.c.version + 1))
        session.execute(update(Schedule.__table__).where(Schedule.__table__.c.destination_id == hours.id)
                        .values(closed_destination_id=queue.destination_id))
        assert calling.route_number(view, view.version, {"open_destination_id": desk.destination_id,
                                                         "closed_destination_id": other_box.destination_id}) is None
        session.commit()
    session.expire_all()
    assert hours.version == seen + 2  # two saves, two versions
    builders = client.post(node, data={**opened, "version": str(seen + 1),
                                       "closed_destination_id": str(queue.destination_id)})
    assert builders.status_code == 409  # a form at the builder's version meets section 5's change
    session.expire_all()
    assert settings_of(hours).closed_destination_id == other_box.destination_id
