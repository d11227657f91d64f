"""Call flows from the rows (issue 16): a project's auto attendant, time condition with a holiday set,
queue and voicemail read into the plain graph; its checks and test calls; the Call flows page."""
import html
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import event

from portal.callflows.calls import place_call
from portal.callflows.checks import check_graph
from portal.callflows.description import project_graph
from portal.callflows.services import NODE_KINDS, FlowError, create_holiday_set, create_node, remove_node, set_keys
from portal.extensions import db
from portal.models.callflows import Holiday, HolidayRepeat
from portal.models.users import Role
from tests.factories import create_call_group, create_number, create_project, create_seat, create_site, create_user

CHICAGO = ZoneInfo("America/Chicago")


def _flow(app, session, menus: int = 1):
    """Main line -> office hours (Mon-Fri 08:00-17:00 in Chicago, Christmas a holiday) -> main menu(s)
    (1: sales queue with two agents, 2: the front desk) -> voicemail after hours and on holidays."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    site = create_site(project.organization, name="Main office", weekdays="08:00-17:00", time_zone="America/Chicago")
    project.sites.append(site)
    desk = create_seat(project, extension="100", first_name="Front", last_name="Desk")
    agents = [create_seat(project, extension=str(101 + n), first_name=f"Agent{n}", last_name="Sales") for n in range(2)]
    queue = create_call_group(project, "queue", "Sales queue")
    for position, agent in enumerate(agents):
        queue.destination.members.append(_member(agent, position))
    box = create_call_group(project, "box", "After-hours box")
    queue.timeout_destination_id = box.destination_id  # a caller nobody answers leaves a message
    holidays = create_holiday_set(project, "US holidays")
    holidays.holidays.append(Holiday(name="Christmas Day", starts_on=date(2026, 12, 25), ends_on=date(2026, 12, 25),
                                     repeats=HolidayRepeat.COUNTRY, country="US"))
    menu = None
    for n in range(menus):
        menu = create_node(project, NODE_KINDS["menu"], {"name": f"Main menu {n}" if n else "Main menu",
                                                         "greeting_text": "For sales press 1, for the front desk "
                                                                          "press 2.", "no_input_destination_id":
                                                             desk.destination_id})
        set_keys(menu_settings(menu), {"1": queue.destination_id, "2": desk.destination_id})
    hours = create_node(project, NODE_KINDS["hours"], {
        "name": "Office hours", "site_id": site.id, "open_destination_id": menu.id,
        "closed_destination_id": box.destination_id, "holiday_set_id": holidays.id,
        "holiday_destination_id": box.destination_id})
    number = create_number(project, e164="+13125550100", destination_id=hours.id, site_id=site.id)
    session.commit()
    return project, {"desk": desk, "queue": queue, "box": box, "menu": menu, "hours": hours, "number": number}


def _member(seat, position):
    from portal.models.telephony import DestinationMember, MemberRole
    return DestinationMember(seat_id=seat.id, role=MemberRole.AGENT, position=position)


def menu_settings(destination):
    from portal.callflows.services import settings_of
    return settings_of(destination)


def test_the_rows_read_as_a_flow_with_no_problem_and_calls_that_end_where_expected(app, session):
    project, made = _flow(app, session)
    graph = project_graph(project.id)
    hours, menu = graph.nodes[made["hours"].id], graph.nodes[made["menu"].id]
    assert (hours.kind, hours.time_zone, [holiday.name for holiday in hours.holidays]) == (
        "time_condition", "America/Chicago", ["Christmas Day"])
    assert len(hours.hours) == 5 and menu.keys == {"1": made["queue"].destination_id, "2": made["desk"].destination_id}
    assert graph.nodes[made["queue"].destination_id].people == 2
    assert check_graph(graph, today=date(2026, 12, 4)) == []
    monday = datetime(2026, 12, 7, 10, 5, tzinfo=CHICAGO)
    assert place_call(graph, "+13125550100", monday, "1", {made["queue"].destination_id: "no_answer"}).path == (
        "A call to +13125550100 → Monday 10:05 at Office hours: open → Main menu → key 1 → Sales queue → no agent "
        "answers within 5 minutes: time-out → After-hours box takes a message.")
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=CHICAGO)
    assert place_call(graph, "+13125550100", christmas).outcome == "After-hours box takes a message."


def test_a_removed_target_is_flagged_at_its_key_and_a_time_condition_in_use_stays(app, session):
    project, made = _flow(app, session)
    from portal.questionnaire.services import remove_call_group
    remove_call_group(made["queue"])
    session.commit()
    messages = [(problem.address, problem.message) for problem in check_graph(project_graph(project.id),
                                                                               today=date(2026, 12, 4))]
    assert (f"node:{made['menu'].id}/key:1", "Main menu: choose where key 1 goes.") in messages
    try:
        remove_node(made["hours"])
    except FlowError as error:
        assert str(error) == "Office hours is still where calls go: send them elsewhere first."
    else:
        raise AssertionError("a time condition a number rings was removed")


def test_the_graph_is_read_in_the_same_number_of_queries_however_large(app, session):
    counts = []
    for menus in (1, 12):
        project, _ = _flow(app, session, menus)
        statements: list[str] = []

        def listener(connection, cursor, statement, *rest, found=statements):
            found.append(statement)
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            graph = project_graph(project.id)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert len([node for node in graph.nodes.values() if node.kind == "auto_attendant"]) == menus
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_call_flows_page_lists_each_flow_with_its_problems(client, app, session):
    project, made = _flow(app, session)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(contact.email)
    page = html.unescape(client.get(f"/projects/{project.id}/call-flows").get_data(as_text=True))
    assert "<h2" in page and "Office hours</a></h2>" in page and "Rings it: (312) 555-0100." in page
    assert "Nothing to fix." in page
    set_keys(menu_settings(made["menu"]), {"1": made["queue"].destination_id})
    session.commit()
    page = html.unescape(client.get(f"/projects/{project.id}/call-flows").get_data(as_text=True))
    assert "1 problem to fix" in page
    assert (f'<a href="/projects/{project.id}/call-flows/nodes/{made["menu"].id}">Main menu: the greeting says to '
            f'press 2, but key 2 goes nowhere.</a>') in page


def test_section_fives_schedule_stays_while_a_flow_still_sends_calls_to_it(app, session):
    from portal.models.telephony import Schedule
    from portal.questionnaire.calling import RoutingView, route_number
    project, made = _flow(app, session)
    number, desk, box = made["number"], made["desk"], made["box"]
    with app.test_request_context():
        route_number(RoutingView(number), number.version, {"open_destination_id": desk.destination_id,
                                                          "closed_destination_id": box.destination_id})
        session.commit()
        session.refresh(number)
        own = number.destination_id  # section 5 made the number a schedule of its own
        assert session.get(Schedule, menu_settings(session.get(type(made["hours"]), own)).id) is not None
        set_keys(menu_settings(made["menu"]), {"1": own})  # a key of the menu now sends calls there too
        route_number(RoutingView(number), number.version, {"open_destination_id": desk.destination_id,
                                                          "closed_destination_id": None})
        session.commit()
    session.refresh(number)
    assert number.destination_id == desk.destination_id
    assert session.get(type(made["hours"]), own) is not None  # kept: the menu's key still reaches it
