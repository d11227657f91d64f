"""The call-flow engine of issue 16 on plain graphs: each check, the test call, and a property test
that random flows never crash the checks and every test call ends."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.callflows.calendar import TimeDoesNotExist, TimeIsAmbiguous, dates_of, local_moment
from portal.callflows.calls import place_call
from portal.callflows.checks import announced_keys, check_graph
from portal.callflows.graph import KEYS, Edge, Graph, Holiday, HourRange, Node

CHICAGO = ZoneInfo("America/Chicago")
WORKDAYS = tuple(HourRange(day, 8 * 60, 17 * 60) for day in ("mon", "tue", "wed", "thu", "fri"))
CHRISTMAS = Holiday("Christmas Day", date(2026, 12, 25), date(2026, 12, 25), "country", "US")


def _node(node_id, kind, name, *edges, **values) -> Node:
    return Node(node_id, kind, name, tuple(Edge(label, target) for label, target in edges), **values)


def main_line(**menu) -> Graph:
    """Hours -> main menu (1 sales queue, 2 support, 0 reception) -> the queue overflowing to a box."""
    nodes = [
        _node(1, "time_condition", "Office hours", ("open", 2), ("closed", 6), ("holiday", 6), hours=WORKDAYS,
              time_zone="America/Chicago", holidays=(CHRISTMAS,)),
        _node(2, "auto_attendant", "Main menu", ("key:1", 3), ("key:2", 4), ("key:0", 5), ("no_input", 5),
              greeting="For sales press 1, for support press 2, for the front desk press 0.", repeats=2,
              **menu),
        _node(3, "queue", "Sales queue", ("overflow", 6), ("timeout", 6), people=3, wait_seconds=300),
        _node(4, "seat", "Support Desk", voicemail=True),
        _node(5, "seat", "Reception", voicemail=False),
        _node(6, "voicemail", "After-hours box"),
    ]
    return Graph({node.id: node for node in nodes}, {"+13125550100": 1})


def _messages(graph, **options) -> list[tuple[str, str, bool]]:
    return [(problem.address, problem.message, problem.blocking) for problem in check_graph(graph, **options)]


def test_a_sound_flow_has_no_problem():
    assert _messages(main_line(), today=date(2026, 12, 4)) == []


def test_a_node_no_number_reaches_is_a_warning():
    graph = main_line()
    graph.nodes[7] = _node(7, "announcement", "Old promo", ("next", 6))
    assert _messages(graph, today=date(2026, 12, 4)) == [
        ("node:7", "No number reaches Old promo: route a number to it, or remove it.", False)]


def test_keys_and_branches_that_lead_nowhere_or_to_something_removed():
    graph = main_line()
    graph.nodes[1] = _node(1, "time_condition", "Office hours", ("open", 2), ("closed", None), ("holiday", 99),
                           hours=WORKDAYS, time_zone="America/Chicago", holidays=(CHRISTMAS,))
    assert _messages(graph, today=date(2026, 12, 4)) == [
        ("node:1/closed", "Office hours: choose where the closed branch goes.", True),
        ("node:1/holiday", "Office hours: the holiday branch leads to something since removed: choose again.", True)]


def test_a_queue_or_group_exit_left_empty_is_a_warning_and_cuts_the_caller_off():
    graph = main_line()
    graph.nodes[3] = _node(3, "queue", "Sales queue", ("overflow", None), ("timeout", None), people=3,
                           wait_seconds=300)
    graph.nodes[4] = _node(4, "group", "Support", ("no_answer", None), people=2, wait_seconds=20)
    assert _messages(graph, today=date(2026, 12, 4)) == [
        ("node:3/overflow", "Sales queue: choose where the overflow goes, or callers are cut off there.", False),
        ("node:3/timeout", "Sales queue: choose where the time-out goes, or callers are cut off there.", False),
        ("node:4/no_answer", "Support: choose where a call nobody answers goes, or callers are cut off there.", False)]
    monday = datetime(2026, 12, 7, 10, 5, tzinfo=CHICAGO)
    assert place_call(graph, "+13125550100", monday, "1", {3: "no_answer"}).path.endswith(
        "Sales queue → no agent answers within 5 minutes: time-out → Nothing is chosen there: the call is cut off.")


def test_a_loop_nobody_can_leave_and_a_loop_of_silent_callers():
    nodes = [_node(1, "auto_attendant", "Menu A", ("key:1", 2), ("no_input", 2), greeting="Press 1."),
             _node(2, "announcement", "Promo", ("next", 1))]
    graph = Graph({node.id: node for node in nodes}, {"+13125550100": 1})
    found = _messages(graph, today=date(2026, 12, 4))
    assert ("node:1", "A caller who reaches Menu A → Promo → Menu A goes round forever: nothing there leads to a "
                      "person, a voicemail box or a way out.", True) in found
    assert ("node:1", "A caller who presses nothing goes round Menu A → Promo → Menu A forever: send no input, or "
                      "one of the branches, to a person, a voicemail box or a way out.", True) in found
    # key 2 to a person: the keys lead out, but a silent caller still goes round
    nodes[0] = _node(1, "auto_attendant", "Menu A", ("key:1", 2), ("key:2", 3), ("no_input", 2),
                     greeting="Press 1 or 2.")
    nodes.append(_node(3, "seat", "Front Desk"))
    found = _messages(Graph({node.id: node for node in nodes}, {"+13125550100": 1}), today=date(2026, 12, 4))
    assert [message for _, message, _ in found if "goes round" in message] == [
        "A caller who presses nothing goes round Menu A → Promo → Menu A forever: send no input, or one of the "
        "branches, to a person, a voicemail box or a way out."]


def test_a_queue_with_agents_breaks_a_silent_loop():
    nodes = [_node(1, "auto_attendant", "Menu", ("key:1", 2), ("no_input", 2), greeting="Press 1."),
             _node(2, "queue", "Queue", ("timeout", 1), ("overflow", 1), people=2, wait_seconds=60)]
    assert not [item for item in _messages(Graph({n.id: n for n in nodes}, {"+1": 1}), today=date(2026, 12, 4))
                if "goes round" in item[1]]


def test_the_greeting_and_the_keys_agree():
    assert announced_keys("For sales, press 1 or 2; to hear this again press star. Dial nine for us.") == {
        "1", "2", "*", "9"}
    graph = main_line(**{})
    menu = graph.nodes[2]
    graph.nodes[2] = Node(**{**menu.__dict__, "greeting": "For sales press 1, for billing press 3."})
    assert _messages(graph, today=date(2026, 12, 4)) == [
        ("node:2/key:0", "Main menu: key 0 is set, but the greeting never tells callers to press it.", False),
        ("node:2/key:2", "Main menu: key 2 is set, but the greeting never tells callers to press it.", False),
        ("node:2/key:3", "Main menu: the greeting says to press 3, but key 3 goes nowhere.", True)]
    graph.nodes[2] = Node(**{**menu.__dict__, "greeting": None, "recording": True, "recording_bytes": 90_000})
    assert _messages(graph, today=date(2026, 12, 4)) == []  # a recording cannot be read


def test_a_recording_not_uploaded_yet_is_a_warning_at_its_node():
    graph = main_line(**{})
    graph.nodes[2] = Node(**{**graph.nodes[2].__dict__, "greeting": None, "recording": True})
    assert _messages(graph, today=date(2026, 12, 4)) == [
        ("node:2/recording", "Main menu: its greeting is to be a recording, and none is uploaded yet (callers would "
                             "hear nothing).", False)]


def test_hours_holidays_and_time_zone():
    hours = (HourRange("mon", 8 * 60, 12 * 60), HourRange("mon", 13 * 60, 17 * 60), HourRange("tue", 8 * 60, 12 * 60),
             HourRange("tue", 11 * 60, 17 * 60))
    new_year = Holiday("Closed for inventory", date(2026, 12, 24), date(2027, 1, 2))
    node = _node(1, "time_condition", "Hours", ("open", 2), ("closed", 2), ("holiday", 2), hours=hours,
                 holidays=(CHRISTMAS, new_year))
    graph = Graph({1: node, 2: _node(2, "voicemail", "Box")}, {"+1": 1})
    assert _messages(graph, today=date(2026, 12, 4)) == [
        ("node:1/holidays", "Hours: Christmas Day and Closed for inventory overlap in 2026.", False),
        ("node:1/hours", "Hours: Mon: closed from 12:00 to 13:00; calls then take the closed branch.", False),
        ("node:1/hours", "Hours: Tue: 08:00–12:00 and 11:00–17:00 overlap.", False),
        ("node:1/time_zone", "Hours has no time zone: its hours cannot be told.", True)]


def test_teams_limits_apply_to_teams_projects_only():
    holidays = tuple(Holiday(f"Day {n}", date(2026, 1, 1 + n % 28), date(2026, 1, 1 + n % 28)) for n in range(51))
    node = _node(1, "time_condition", "Hours", ("open", 2), ("closed", 2), ("holiday", 2), hours=WORKDAYS,
                 time_zone="UTC", holidays=holidays)
    menu = _node(3, "auto_attendant", "Menu", ("no_input", 2), recording=True, recording_bytes=6 * 1024 * 1024)
    graph = Graph({1: node, 2: _node(2, "voicemail", "Box"), 3: menu}, {"+1": 1, "+2": 3})
    teams = [message for _, message, _ in _messages(graph, teams=True, today=date(2026, 12, 4)) if "Teams" in message]
    assert teams == ["Teams allows at most 50 holidays in a holiday set; Hours has 51.",
                     "Teams takes recordings of less than 5 MB; Menu's is 6.0 MB."]
    assert not [item for item in _messages(graph, today=date(2026, 12, 4)) if "Teams" in item[1]]


def test_teams_limits_on_names_greetings_and_the_keys_teams_keeps():
    long_name = "Main menu of the Northwind Dental clinics of the San Francisco Bay Area"  # 71 characters
    greeting = "For sales press 1. " * 53  # 1,007 characters
    menu = _node(3, "auto_attendant", long_name, ("key:1", 2), ("key:*", 2), ("key:#", 2), greeting=greeting)
    graph = Graph({2: _node(2, "voicemail", "Box"), 3: menu}, {"+1": 3})
    teams = [(address, message) for address, message, _ in _messages(graph, teams=True, today=date(2026, 12, 4))
             if "Teams" in message]
    assert teams == [
        ("node:3/greeting", f"Teams reads greetings of at most 1000 characters; {long_name}'s has 1007."),
        ("node:3/key:#", f"Teams keeps key # for “back”: {long_name} cannot send it elsewhere."),
        ("node:3/key:*", f"Teams keeps key * for “repeat”: {long_name} cannot send it elsewhere."),
        ("node:3/name", f"Teams takes auto attendant names of at most 64 characters; “{long_name}” has 71.")]


def test_floating_holidays_move_and_fixed_ones_repeat():
    thanksgiving = Holiday("Thanksgiving Day", date(2026, 11, 26), date(2026, 11, 26), "country", "US")
    assert dates_of(thanksgiving, 2027) == (date(2027, 11, 25), date(2027, 11, 25))
    closing = Holiday("Year-end closing", date(2026, 12, 31), date(2027, 1, 1), "yearly")
    assert dates_of(closing, 2030) == (date(2030, 12, 31), date(2031, 1, 1))
    assert dates_of(Holiday("Move", date(2026, 5, 4), date(2026, 5, 4)), 2027) is None


def test_a_test_call_in_open_hours_then_no_agent_then_voicemail():
    graph = main_line()
    monday = datetime(2026, 12, 7, 10, 5, tzinfo=CHICAGO)
    call = place_call(graph, "+13125550100", monday, "1", {3: "no_answer"})
    assert call.path == ("A call to +13125550100 → Monday 10:05 at Office hours: open → Main menu → key 1 → Sales "
                         "queue → no agent answers within 5 minutes: time-out → After-hours box takes a message.")
    assert not call.looped


def test_christmas_takes_the_holiday_branch_and_an_invalid_key_is_retried():
    graph = main_line()
    christmas = datetime(2026, 12, 25, 15, 0, tzinfo=timezone.utc)
    assert "holiday (Christmas Day)" in place_call(graph, "+13125550100", christmas).path
    tuesday = datetime(2026, 12, 8, 9, 0, tzinfo=CHICAGO)
    call = place_call(graph, "+13125550100", tuesday, "72", {4: "busy"})
    assert call.path.endswith("Main menu → key 7 is not set → key 2 → Support Desk is busy → The voicemail of Support "
                              "Desk takes a message.")
    silent = place_call(graph, "+13125550100", tuesday, "", {5: "no_answer"})
    assert silent.path.endswith("no key pressed, 3 times → Reception does not answer, and has no voicemail: the call "
                                "ends.")


def test_a_loop_is_cut_and_reported():
    nodes = [_node(1, "auto_attendant", "Menu", ("no_input", 2)), _node(2, "announcement", "Promo", ("next", 1))]
    call = place_call(Graph({n.id: n for n in nodes}, {"+1": 1}), "+1", datetime(2026, 12, 7, tzinfo=timezone.utc))
    assert call.looped and call.outcome == ("The call comes back to Menu with nothing new: it would go round forever. "
                                            "Cut here.")


def test_a_time_the_clocks_skip_or_repeat():
    with pytest.raises(TimeDoesNotExist, match="02:30 does not exist on Sunday 08 March 2026 in America/Chicago"):
        local_moment(datetime(2026, 3, 8, 2, 30), "America/Chicago")
    with pytest.raises(TimeIsAmbiguous, match="01:30 happens twice on Sunday 01 November 2026"):
        local_moment(datetime(2026, 11, 1, 1, 30), "America/Chicago")
    first = local_moment(datetime(2026, 11, 1, 1, 30), "America/Chicago", later=False)
    second = local_moment(datetime(2026, 11, 1, 1, 30), "America/Chicago", later=True)
    assert (second.astimezone(timezone.utc) - first.astimezone(timezone.utc)).total_seconds() == 3600


def test_a_graph_survives_json():
    graph = main_line()
    again = Graph.from_json(graph.as_json())
    assert again.nodes == graph.nodes and again.entries == graph.entries
    assert place_call(again, "+13125550100", datetime(2026, 12, 25, 15, tzinfo=timezone.utc)).path == \
        place_call(graph, "+13125550100", datetime(2026, 12, 25, 15, tzinfo=timezone.utc)).path


KINDS = ("seat", "voicemail", "external", "hang_up", "queue", "group", "time_condition", "announcement",
         "auto_attendant")
LABELS = {"queue": ("overflow", "timeout"), "group": ("no_answer",), "time_condition": ("open", "closed", "holiday"),
          "announcement": ("next",), "auto_attendant": ("no_input", "invalid", *(f"key:{key}" for key in KEYS))}


@st.composite
def flows(draw) -> Graph:
    size = draw(st.integers(1, 25))
    nodes = {}
    for node_id in range(1, size + 1):
        kind = draw(st.sampled_from(KINDS))
        targets = st.one_of(st.none(), st.integers(1, size + 2))  # sometimes nowhere, sometimes removed
        labels = draw(st.lists(st.sampled_from(LABELS.get(kind, ("next",))), unique=True, max_size=6)) \
            if kind in LABELS else []
        nodes[node_id] = Node(node_id, kind, f"Node {node_id}", tuple(Edge(label, draw(targets)) for label in labels),
                              greeting=draw(st.sampled_from([None, "Press 1.", "press 2 or star"])),
                              repeats=draw(st.integers(0, 3)), hours=WORKDAYS if draw(st.booleans()) else (),
                              time_zone=draw(st.sampled_from([None, "America/Chicago", "Europe/Paris", "Not/AZone"])),
                              holidays=(CHRISTMAS,) if draw(st.booleans()) else (), people=draw(st.integers(0, 2)))
    entries = {f"+1{n}": draw(st.integers(1, size)) for n in range(draw(st.integers(0, 3)))}
    return Graph(nodes, entries)


@settings(deadline=None, derandomize=True, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(flows(), st.text(alphabet="0123456789*#", max_size=6),
       st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(timezone.utc)))
def test_random_flows_never_crash_the_checks_and_every_test_call_ends(graph, keys, moment):
    for problem in check_graph(graph, teams=True, today=date(2026, 12, 4)):
        assert problem.node_id in graph.nodes and problem.address.startswith(f"node:{problem.node_id}")
    for number in graph.entries:
        call = place_call(graph, number, moment, keys)
        assert call.outcome and call.steps[-1].text == call.outcome and len(call.steps) < 1000
