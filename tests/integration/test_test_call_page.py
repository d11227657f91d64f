"""The test call page (issue 16): a number, a moment typed in the zone of the first time condition the
call meets, keys and what each ringing destination does, and the call's path step by step; a time the
clocks skip or repeat, bad keys and a loop, each said plainly with what was typed kept."""
import html
import re
from urllib.parse import urlencode

from portal.callflows.services import NODE_KINDS, create_node
from portal.models.users import Role
from tests.factories import create_organization, create_user
from tests.integration.test_callflow_rows import _flow, menu_settings


def _page(client, project, made, **values) -> str:
    """The page for a test call to the flow's number with `values` (date, time, keys, does_<id>...)."""
    number = str(made["number"].id)
    query = urlencode({"number": number, "shown": number, **values})
    response = client.get(f"/projects/{project.id}/call-flows/test-call?{query}")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _steps(page: str) -> list[str]:
    listed = re.search(r'<ol class="call-steps">(.*?)</ol>', page, re.S)
    assert listed, "no path shown"
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", listed.group(1), re.S)]


def _contact(project, role=Role.PRIMARY_CONTACT):
    return create_user(role, project.organization)


def test_open_hours_follow_the_keys_and_what_the_queue_does_with_each_step_linked(client, app, session):
    project, made = _flow(app, session)
    queue, desk = made["queue"].destination_id, made["desk"].destination_id
    client.login(_contact(project).email)
    blank = html.unescape(client.get(f"/projects/{project.id}/call-flows/test-call").get_data(as_text=True))
    assert "America/Chicago (time of Office hours)" in blank and "(312) 555-0100: rings Office hours" in blank
    assert f'name="does_{queue}"' in blank and f'name="does_{desk}"' in blank
    assert "Agent0 Sales" not in blank  # an agent is reached through the queue, not as a destination of its own
    page = _page(client, project, made, date="2026-12-07", time="10:05", keys="1", **{f"does_{queue}": "no_answer"})
    assert _steps(page) == ["A call to (312) 555-0100", "Monday 10:05 at Office hours: open", "Main menu", "key 1",
                            "Sales queue", "no agent answers within 5 minutes: time-out"]
    assert "Where it ends: After-hours box takes a message." in re.sub(r"<[^>]+>", "", page)
    assert f'href="/projects/{project.id}/questionnaire/call-center/{queue}">Sales queue</a>' in page
    assert f'href="/projects/{project.id}/call-flows/nodes/{made["hours"].id}">Monday 10:05' in page
    assert '<option selected value="no_answer">' in page  # what was chosen stays chosen
    answered = _page(client, project, made, date="2026-12-07", time="10:05", keys="2")
    assert "Where it ends: Front Desk answers." in re.sub(r"<[^>]+>", "", answered)
    busy = _page(client, project, made, date="2026-12-07", time="10:05", keys="2", **{f"does_{desk}": "busy"})
    assert f'<a href="/seats/{made["desk"].id}">Front Desk is busy</a>' in busy
    assert "Where it ends: The voicemail of Front Desk takes a message." in re.sub(r"<[^>]+>", "", busy)


def test_christmas_takes_the_holiday_branch(client, app, session):
    project, made = _flow(app, session)
    client.login(_contact(project, Role.VIEWER).email)  # a reader may test-call: it writes nothing
    page = _page(client, project, made, date="2026-12-25", time="10:00", keys="1")
    assert _steps(page)[1] == "Friday 10:00 at Office hours: holiday (Christmas Day)"
    assert "Where it ends: After-hours box takes a message." in re.sub(r"<[^>]+>", "", page)


def test_a_time_the_clocks_skip_is_refused_at_its_field_with_everything_kept(client, app, session):
    project, made = _flow(app, session)
    client.login(_contact(project).email)
    page = _page(client, project, made, date="2026-03-08", time="02:30", keys="1#")
    assert "02:30 does not exist on Sunday 08 March 2026 in America/Chicago: the clocks skip it." in page
    assert 'class="error-message" id="time-error"' in page and 'call-steps' not in page
    assert 'value="2026-03-08"' in page and 'value="02:30"' in page and 'value="1#"' in page


def test_a_time_the_clocks_repeat_asks_which_and_then_places_the_call(client, app, session):
    project, made = _flow(app, session)
    client.login(_contact(project).email)
    page = _page(client, project, made, date="2026-11-01", time="01:30", keys="2")
    assert "01:30 happens twice on Sunday 01 November 2026 in America/Chicago, when the clocks go back." in page
    assert "The first: 01:30 CDT, UTC−05:00" in page and "The second: 01:30 CST, UTC−06:00" in page
    assert 'id="which-error"' in page and 'value="2"' in page and 'call-steps' not in page
    chosen = _page(client, project, made, date="2026-11-01", time="01:30", keys="2", which="second")
    assert _steps(chosen)[1] == "Sunday 01:30 at Office hours: closed"
    assert re.search(r'<input checked id="which-1" name="which" type="radio" value="second">', chosen)


def test_keys_a_phone_does_not_have_are_refused_with_what_was_typed_kept(client, app, session):
    project, made = _flow(app, session)
    client.login(_contact(project).email)
    page = _page(client, project, made, date="2026-12-07", time="10:05", keys="1a2b*")
    assert "A phone has only the keys 0 to 9, * and #: remove “ab”." in page
    assert 'id="keys-error"' in page and 'value="1a2b*"' in page and "call-steps" not in page


def test_bad_dates_times_and_choices_are_said_at_their_fields(client, app, session):
    project, made = _flow(app, session)
    client.login(_contact(project).email)
    queue = made["queue"].destination_id
    page = _page(client, project, made, date="25/12/2026", time="", **{f"does_{queue}": "sings"})
    assert "Enter the date as year-month-day, like 2026-12-25." in page and 'value="25/12/2026"' in page
    assert "Enter the time of the call." in page
    assert "Choose whether it answers, does not answer or is busy." in page
    wrong = client.get(f"/projects/{project.id}/call-flows/test-call?number=abc&shown=abc&date=2026-12-07&time=10:00")
    assert wrong.status_code == 200
    assert "Choose one of the project's numbers." in html.unescape(wrong.get_data(as_text=True))


def test_a_call_that_goes_round_forever_is_cut_and_reported(client, app, session):
    project, made = _flow(app, session)
    again = create_node(project, NODE_KINDS["announcement"], {"name": "Please hold", "greeting_text": "Please hold.",
                                                               "next_destination_id": made["menu"].id})
    menu_settings(made["menu"]).no_input_destination_id = again.id
    session.commit()
    client.login(_contact(project).email)
    page = _page(client, project, made, date="2026-12-07", time="10:05")
    assert _steps(page)[-2:] == ["no key pressed, 3 times", "Please hold plays"]
    assert "It loops: The call comes back to Main menu with nothing new: it would go round forever." in page


def test_another_number_chosen_shows_its_zone_and_destinations_before_a_call(client, app, session):
    project, made = _flow(app, session)
    from tests.factories import create_number
    other = create_number(project, e164="+13125550199", destination_id=made["desk"].destination_id)
    session.commit()
    client.login(_contact(project).email)
    query = urlencode({"number": other.id, "shown": made["number"].id, "date": "2026-12-07", "time": "10:05"})
    page = html.unescape(client.get(f"/projects/{project.id}/call-flows/test-call?{query}").get_data(as_text=True))
    assert "are now those of (312) 555-0199" in page and "call-steps" not in page
    assert "America/Los_Angeles" not in page and "America/Chicago (time of Main office)" in page
    assert f'name="does_{made["desk"].destination_id}"' in page and f'name="does_{made["queue"].destination_id}"' \
        not in page and 'value="10:05"' in page


def test_another_organizations_project_answers_404(client, app, session):
    project, made = _flow(app, session)
    stranger = create_user(Role.PRIMARY_CONTACT, create_organization(name="Elsewhere Ltd"))
    session.commit()
    client.login(stranger.email)
    assert client.get(f"/projects/{project.id}/call-flows/test-call").status_code == 404
    query = urlencode({"number": made["number"].id, "date": "2026-12-25", "time": "10:00"})
    assert client.get(f"/projects/{project.id}/call-flows/test-call?{query}").status_code == 404
