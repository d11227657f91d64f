"""Implementation projects through the pages, for each role."""
import io
from datetime import date, timedelta

from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import event, func, select

from portal.extensions import db
from portal.models.projects import Phase, Project, ProjectTask, TaskStatus, TemplateTask
from portal.models.telephony import Site
from portal.models.users import Role
from portal.projects import services
from tests.factories import create_organization, create_project, create_site, create_user


def _ipm_with_customer(client):
    organization = create_organization("Harbor Dental")
    primary = create_user(Role.PRIMARY_CONTACT, organization, email="pat@harbor.example")
    ipm = create_user(Role.IPM)
    client.login(ipm.email)
    return organization, primary, ipm


def _new_project(client, organization, **values):
    site = create_site(organization)
    data = {"product": 1, "ipm": "", "name": "", "started_on": "2026-11-02", "target_go_live": "2027-01-13",
            "order_summary": "12 seats", "sites": [site.id], **values}
    return client.submit(f"/organizations/{organization.id}/projects/new", data)


def _task(project, fragment):
    return next(task for task in project.tasks if fragment in task.title)


def test_an_ipm_creates_a_project_with_the_plan_and_the_welcome_letter_goes_out(client, session, outbox):
    organization, primary, ipm = _ipm_with_customer(client)
    response = _new_project(client, organization, ipm=ipm.id)
    project = session.scalars(select(Project).where(Project.organization_id == organization.id)).one()
    assert response.status_code == 303 and response.headers["Location"] == f"/projects/{project.id}"
    assert len(project.tasks) == 44 and project.phase.name == "Initiate" and project.ipm_id == ipm.id
    assert [message["To"] for message in outbox] == [primary.email]
    assert "Welcome to your Hosted PBX implementation" == outbox[0]["Subject"]
    assert "CSR" in outbox[0].get_body(("plain",)).get_content()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Step 1: Service order" in page and "Project timeline" in page and "Head office" in page


def test_a_go_live_before_the_kick_off_is_explained_and_the_form_kept(client, session):
    organization, _, ipm = _ipm_with_customer(client)
    page = _new_project(client, organization, ipm=ipm.id, target_go_live="2026-11-03").get_data(as_text=True)
    assert "The go-live date must come after the kick-off (05 Nov 2026)." in page
    assert "12 seats" in page and session.scalars(select(Project)).first() is None


def test_the_customer_dashboard_shows_the_task_list_dates_and_the_ipm(client, app):
    with app.test_request_context():
        project = create_project()
    primary = create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(primary.email)
    page = client.get("/").get_data(as_text=True)
    assert project.name in page and "Your tasks" in page and "Not started" in page
    assert "Provide complete and accurate information for the service order" in page
    assert "Order the circuit" not in page  # the provider's tasks are not the customer's to do
    assert "Kick-off call" in page and project.ipm.name in page and "Add the kick-off call to your calendar" in page


def test_the_customer_dashboard_lines_show_features_dates_and_who_may_tick(client, app, session):
    today = date.today()
    with app.test_request_context():
        project = create_project(started_on=today - timedelta(days=40), go_live=today + timedelta(days=40))
    project.ipm, _task(project, "service order").status = None, TaskStatus.DONE
    session.flush()
    primary, viewer = (create_user(role, project.organization) for role in (Role.PRIMARY_CONTACT, Role.VIEWER))
    client.login(primary.email)
    page = client.get("/").get_data(as_text=True)
    assert f'<a href="/projects/{project.id}/worksheet">' in page and "0 seats · Step 3" in page  # worked out
    assert "Done and not applicable (1)" in page and "overdue since" in page and "Being assigned." in page
    assert f'action="/tasks/{_task(project, "Attend the kick-off").id}/status"' in page and "Port request" in page
    assert f'action="/tasks/{_task(project, "call flows").id}/status"' not in page  # the call flows tick it
    assert f'action="/tasks/{_task(project, "recordings").id}/status"' not in page  # so do their recordings
    assert f'action="/tasks/{_task(project, "Client Worksheet").id}/status"' not in page  # the worksheet ticks it
    client.submit("/logout", page="/")
    client.login(viewer.email)
    page = client.get("/").get_data(as_text=True)
    assert "Fill out the call flows" in page and "Mark done" not in page


def _selects_of(client, path: str) -> int:
    statements: list[str] = []

    def remember(connection, cursor, statement, *args) -> None:
        statements.append(statement)
    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    return sum(1 for statement in statements if statement.lstrip().upper().startswith("SELECT"))


def _followed_project(organization=None, **values):
    """A project whose features stored their status and words, as after any change of their data."""
    project = create_project(organization, **values)
    for key in ("worksheet", "questionnaire", "call_flows", "recordings", "porting", "port_submitted", "port_foc"):
        services.follow_feature(project, key)
    return project


def test_the_customer_dashboard_reads_five_queries_however_many_projects_and_tasks(client, app):
    with app.test_request_context():
        project = _followed_project()
    client.login(create_user(Role.PRIMARY_CONTACT, project.organization).email)
    one = _selects_of(client, "/")
    with app.test_request_context():
        _followed_project(project.organization, with_kick_off=False)
    assert one == _selects_of(client, "/") == 5  # the user, projects, meetings, tasks and people


def test_ticking_tasks_moves_the_progress_and_customers_tick_only_their_own(client, app, session):
    with app.test_request_context():
        project = create_project()
    primary = create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(primary.email)
    mine, theirs = _task(project, "service order"), _task(project, "Order the circuit")
    ticked = client.submit(f"/tasks/{mine.id}/status", {"status": "done", "back": "dashboard"}, page="/")
    assert ticked.status_code == 303
    assert session.get(ProjectTask, mine.id).status == TaskStatus.DONE
    assert client.submit(f"/tasks/{theirs.id}/status", {"status": "done"}, page="/").status_code == 403
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "1 of 44 tasks done" in page


def test_the_ipm_dashboard_lists_filters_and_flags_overdue_projects(client, app):
    ipm = create_user(Role.IPM)
    with app.test_request_context():
        late = create_project(ipm=ipm, started_on=date.today() - timedelta(days=30),
                              go_live=date.today() + timedelta(days=30))
        fresh = create_project(ipm=ipm, started_on=date.today() + timedelta(days=3),
                               go_live=date.today() + timedelta(days=90))
        other = create_project()  # someone else's
    client.login(ipm.email)
    page = client.get("/").get_data(as_text=True)
    assert f'href="/projects/{late.id}"' in page and f'href="/projects/{fresh.id}"' in page
    assert f'href="/projects/{other.id}"' not in page
    assert "overdue" in page
    overdue_only = client.get("/?overdue=1").get_data(as_text=True)
    assert f'href="/projects/{late.id}"' in overdue_only and f'href="/projects/{fresh.id}"' not in overdue_only
    assert "No project matches" in client.get("/?phase=close").get_data(as_text=True)


def test_scheduling_and_rescheduling_the_kick_off_sends_one_calendar_event(client, app, session, outbox):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    create_user(Role.SECONDARY_CONTACT, project.organization)
    client.login(project.ipm.email)
    path = f"/projects/{project.id}/meetings/kick_off"
    data = {"first_date": "2026-11-05", "start_time": "10:30", "time_zone": "America/Chicago",
            "duration_minutes": 60, "location": "https://meet.example/k"}
    assert client.submit(path, data).status_code == 303
    assert client.submit(path, {**data, "first_date": "2026-11-06"}).status_code == 303
    events = [_event(message) for message in outbox if "Kick-off" in message["Subject"]]
    assert [event["SEQUENCE"] for event in events] == [0, 1] and events[0]["UID"] == events[1]["UID"]
    assert events[1]["DTSTART"].dt.isoformat() == "2026-11-06T10:30:00-06:00"
    assert outbox[-1]["Subject"].startswith("Updated: Kick-off call")
    assert _task(project, "Attend the kick-off call").due_on == date(2026, 11, 6)


def _event(message):
    attachment = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    return Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]


def test_the_weekly_meeting_repeats_and_needs_a_time_zone(client, app, outbox):
    with app.test_request_context():
        project = create_project()
    create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(project.ipm.email)
    path = f"/projects/{project.id}/meetings/weekly"
    data = {"weekday": 2, "start_time": "09:00", "time_zone": "", "duration_minutes": 30, "starting": "2026-11-09"}
    page = client.submit(path, data).get_data(as_text=True)
    assert "Choose the time zone." in page and 'value="09:00"' in page
    client.submit(path, {**data, "time_zone": "America/New_York"})
    event = _event(outbox[-1])
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["WE"]
    assert event["DTSTART"].dt.date() == date(2026, 11, 11)
    calendar_file = client.get(f"/projects/{project.id}/meetings/weekly.ics")
    assert calendar_file.mimetype == "text/calendar" and b"RRULE:FREQ=WEEKLY;BYDAY=WE" in calendar_file.data


def test_moving_go_live_on_the_page_moves_the_plan(client, app, session):
    with app.test_request_context():
        project = create_project(started_on=date(2026, 11, 2), go_live=date(2027, 1, 13))
    client.login(project.ipm.email)
    client.submit(f"/projects/{project.id}/go-live", {"target_go_live": "2027-01-27", "version": project.version},
                  page=f"/projects/{project.id}")
    session.refresh(project)
    assert project.target_go_live == date(2027, 1, 27)
    assert _task(project, "Coordinate the go-live").due_on == date(2027, 1, 27)


def test_a_hand_set_due_date_on_a_holiday_is_saved_with_a_warning(client, app, session):
    with app.test_request_context():
        project = create_project()
    task = _task(project, "Order the circuit")
    client.login(project.ipm.email)
    response = client.submit(f"/tasks/{task.id}", {"title": task.title, "side": "provider", "assignee_id": "",
                                                   "due_on": "2026-12-25", "description": "", "version": 1})
    assert response.status_code == 303
    assert "Christmas Day, not a business day" in client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert session.get(ProjectTask, task.id).due_set_by_hand


def test_the_plan_pdf_holds_the_tasks(client, app):
    with app.test_request_context():
        project = create_project()
    viewer = create_user(Role.VIEWER, project.organization)
    client.login(viewer.email)
    response = client.get(f"/projects/{project.id}/plan.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert response.mimetype == "application/pdf"
    assert "Submit the port request" in text and "Step 1: Service order" in text and project.name in text


def test_sites_are_added_by_the_contacts_and_read_by_viewers(client, session):
    primary = create_user(Role.PRIMARY_CONTACT)
    organization_id = primary.organization_id
    client.login(primary.email)
    path = f"/organizations/{organization_id}/sites/new"
    data = {"name": "Warehouse", "street": "1 Dock Road", "suite": "", "city": "Oakland", "state": "ca",
            "postal_code": "9461", "country": "us", "time_zone": "America/Los_Angeles"}
    page = client.submit(path, data).get_data(as_text=True)
    assert "Enter a US ZIP code of 5 digits" in page and 'value="1 Dock Road"' in page
    assert client.submit(path, {**data, "postal_code": "94612"}).status_code == 303
    assert "1 Dock Road" in client.get(f"/organizations/{organization_id}/sites").get_data(as_text=True)
    client.submit("/logout", page="/")
    viewer = create_user(Role.VIEWER, primary.organization)
    client.login(viewer.email)
    assert client.get(path).status_code == 403
    listing = client.get(f"/organizations/{organization_id}/sites").get_data(as_text=True)
    assert "Warehouse" in listing and "Add a site" not in listing and "You can read this." in listing
    refused = client.post(path, data={**data, "name": "Viewer's site", "csrf_token": client.csrf_token("/")})
    assert refused.status_code == 403 and session.scalar(select(func.count(Site.id)).where(
        Site.name == "Viewer's site")) == 0
    client.submit("/logout", page="/")
    client.login(create_user(Role.SECONDARY_CONTACT, primary.organization).email)
    assert client.submit(path, {**data, "name": "Annex", "postal_code": "94612"}).status_code == 303


def test_an_admin_edits_the_template_and_new_projects_follow_it(client, app, session):
    admin = create_user(Role.ADMIN)
    client.login(admin.email)
    template = session.scalars(select(TemplateTask).where(TemplateTask.title == "Engage with partners")).one()
    response = client.submit(f"/admin/plan/tasks/{template.id}", {
        "step_id": template.step_id, "side": "provider", "title": "Engage with carrier partners",
        "description": "", "anchor": "start", "offset_days": 4, "feature_key": "", "active": "1",
        "version": template.version})
    assert response.status_code == 303
    with app.test_request_context():
        project = create_project(started_on=date(2026, 11, 2), with_kick_off=False)
    assert _task(project, "Engage with carrier partners").due_on == date(2026, 11, 6)
    assert "Engage with carrier partners" in client.get("/admin/plan").get_data(as_text=True)


def test_customers_tick_in_progress_or_done_but_never_skip(client, app, session):
    with app.test_request_context():
        project = create_project()
    secondary = create_user(Role.SECONDARY_CONTACT, project.organization)
    client.login(secondary.email)
    task = _task(project, "service order")
    assert client.submit(f"/tasks/{task.id}/status", {"status": "skipped", "note": "meh"}, page="/").status_code == 403
    assert session.get(ProjectTask, task.id).status == TaskStatus.NOT_STARTED


def test_an_ipm_manages_only_the_projects_assigned_to_them(client, app):
    with app.test_request_context():
        project = create_project()
    other_ipm = create_user(Role.IPM)
    client.login(other_ipm.email)
    assert client.get(f"/projects/{project.id}").status_code == 200  # staff may read every project
    assert client.get(f"/projects/{project.id}/meetings/kick_off").status_code == 403
    moved = client.submit(f"/projects/{project.id}/go-live", {"target_go_live": "2027-03-01"},
                          page=f"/projects/{project.id}")
    assert moved.status_code == 403


def test_customers_see_the_activity_without_addresses_or_internal_notes(client, app, session):
    with app.test_request_context():
        project = create_project()
        services.move_phase(project, _phase(session, "Implement"), "customer is slow, escalate to sales")
    viewer = create_user(Role.VIEWER, project.organization)
    client.login(viewer.email)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "escalate to sales" not in page and "moved the phase of" in page


def _phase(session, name):
    return session.scalars(select(Phase).where(Phase.name == name)).one()


def test_out_of_range_ids_and_dates_get_clear_answers(client, app):
    with app.test_request_context():
        project = create_project()
    client.login(project.ipm.email)
    assert client.get("/projects/99999999999999999999").status_code == 404
    page = client.submit(f"/projects/{project.id}/meetings/kick_off", {
        "first_date": "9999-12-31", "start_time": "10:00", "time_zone": "UTC", "duration_minutes": 60}).get_data(
        as_text=True)
    assert "Enter a date between" in page
    page = client.submit(f"/projects/{project.id}/meetings/kick_off", {
        "first_date": "2027-01-20", "start_time": "10:00", "time_zone": "UTC", "duration_minutes": 60}).get_data(
        as_text=True)
    assert "The kick-off must come before the go-live date" in page


def test_a_task_form_opened_before_go_live_moved_keeps_the_move(client, app, session):
    """The title changed on a form opened before go-live moved: the title is saved and the due date
    the move gave the task stays (not undone, not marked as set by hand)."""
    with app.test_request_context():
        project = create_project(started_on=date(2026, 11, 2), go_live=date(2027, 1, 13))
    port = _task(project, "Submit the port request")
    client.login(project.ipm.email)
    opened, title, due_before = client.hidden_fields(f"/tasks/{port.id}"), port.title, port.due_on
    stale = {"title": port.title + " (checked)", "side": "provider", "assignee_id": "", "description": "",
             "due_on": port.due_on.isoformat()}
    client.submit(f"/projects/{project.id}/go-live", {"target_go_live": "2027-01-27"}, page=f"/projects/{project.id}")
    session.refresh(port)
    moved_to = port.due_on
    assert moved_to > due_before
    response = client.post(f"/tasks/{port.id}", data={**opened, **stale})
    assert response.status_code == 303
    session.refresh(port)
    assert (port.title, port.due_on, port.due_set_by_hand) == (title + " (checked)", moved_to, False)


def test_an_ipm_edits_the_project_and_attaches_a_site_added_later(client, app, session):
    with app.test_request_context():
        project = create_project()
    site = create_site(project.organization, name="New annex")
    client.login(project.ipm.email)
    response = client.submit(f"/projects/{project.id}/edit", {
        "name": "Phones for Harbor", "ipm_id": project.ipm_id, "order_summary": "12 seats\r\nBcc: x",
        "site_ids": [site.id]})
    assert response.status_code == 303
    session.refresh(project)
    assert project.name == "Phones for Harbor" and [s.name for s in project.sites] == ["New annex"]


def test_single_line_fields_hold_no_line_breaks(client, app, session):
    with app.test_request_context():
        project = create_project()
    client.login(project.ipm.email)
    client.submit(f"/projects/{project.id}/edit", {"name": "Acme\r\nBcc: evil@example.com",
                                                  "ipm_id": project.ipm_id, "order_summary": "", "site_ids": []})
    session.refresh(project)
    assert "\n" not in project.name and project.name.startswith("Acme")


def test_the_invitation_names_its_attendees_and_its_method(client, app, outbox):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(project.ipm.email)
    client.submit(f"/projects/{project.id}/meetings/kick_off", {
        "first_date": "2026-11-05", "start_time": "10:30", "time_zone": "America/Chicago", "duration_minutes": 60})
    attachment = next(outbox[-1].iter_attachments())
    assert attachment.get_param("method") == "REQUEST"
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == f"mailto:{contact.email}" and str(event["ORGANIZER"]).startswith("mailto:")
    download = client.get(f"/projects/{project.id}/meetings/kick_off.ics")
    assert b"METHOD:PUBLISH" in download.data
