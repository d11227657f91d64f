"""The questionnaire (issue 6): its overview, section 1 (sites and dial plan), the check page."""
import html
import re

from sqlalchemy import select

from portal.core.features import effective_status
from portal.core.hours import summary as hours_summary
from portal.models.audit import AuditEvent
from portal.models.projects import TaskStatus
from portal.models.telephony import Site
from portal.models.users import Role
from tests.factories import create_project, create_seat, create_site, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    site = create_site(project.organization, name="Main clinic")
    project.sites.append(site)
    session.commit()
    return project, site, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(client, url) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


def test_a_contact_answers_section_one_and_the_check_page_follows(client, app, session):
    project, site, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire"
    client.login(contact.email)
    assert "0 of 8 sections completed" in _page(client, base) and "Not started" in _page(client, base)
    response = client.submit(f"{base}/dial-plan", {"extension_length": "4", "outbound_access_code": "9",
                                                   "operator_extension": "1000"})
    assert response.status_code == 303
    page = _page(client, f"{base}/check")
    assert "Enter the business hours of Main clinic." in page and "No one has extension 1000 yet" in page
    assert f'href="{base}/dial-plan#operator_extension"' in page
    hours = f"{base}/sites/{site.id}"
    answer = client.submit(hours, {"time_zone": "America/New_York", "weekdays": "8:30 to 17:30"})
    assert answer.status_code == 303
    site = session.get(Site, site.id)
    assert (hours_summary(site.hours), site.time_zone) == ("Mon–Fri 08:30-17:30", "America/New_York")
    assert "0 of 8 sections completed" in _page(client, base)  # answered, but not said to be completed yet
    done = client.submit(f"{base}/dial_plan/progress", {"completed": "yes"}, page=f"{base}/dial-plan")
    assert done.status_code == 303 and done.headers["Location"] == base
    assert "1 of 8 sections completed" in _page(client, base)
    task = next(t for t in project.tasks if t.feature_key == "questionnaire")
    assert effective_status(task) == TaskStatus.IN_PROGRESS  # section 2 waits for the worksheet's seats
    session.refresh(task)
    assert task.status == TaskStatus.IN_PROGRESS  # stored too, for the IPM dashboard
    check = _page(client, f"{base}/check")
    assert "Nothing blocks; 2 warnings ask for a look." in check  # the operator, and emergency calls
    create_seat(project, extension="1000", first_name="Ana")
    assert "No one has extension 1000 yet" not in _page(client, f"{base}/check")
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action.in_(
        ["questionnaire.dial_plan_saved", "site.hours_saved"]))).all()
    assert sorted(actions) == ["questionnaire.dial_plan_saved", "site.hours_saved"]


def test_a_section_is_completed_only_when_the_person_says_so_and_nothing_blocks(client, app, session):
    project, site, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire"
    client.login(contact.email)
    client.submit(f"{base}/dial-plan", {"extension_length": "4", "operator_extension": ""})
    page = _page(client, f"{base}/dial-plan")
    assert "Have you completed this section?" in page and "has 1 error to fix" in page
    refused = client.submit(f"{base}/dial_plan/progress", {"completed": "yes"}, page=f"{base}/dial-plan")
    assert refused.headers["Location"].endswith("/dial-plan#progress")
    page = _page(client, f"{base}/dial-plan")
    error = page[page.index('id="completed-error"'):]
    assert error.index("This section still has 1 error to fix first: Enter the business hours of Main clinic.") < 200
    assert re.search(r'<input checked id="completed-0"[^>]*value="yes"', page)  # the choice is kept
    assert 'id="completed-error"' not in _page(client, f"{base}/dial-plan")  # shown once
    assert "0 of 8 sections completed" in _page(client, base)
    later = client.submit(f"{base}/dial_plan/progress", {"completed": "no"}, page=f"{base}/dial-plan")
    assert later.status_code == 303 and "0 of 8 sections completed" in _page(client, base)
    missing = client.submit(f"{base}/dial_plan/progress", {"completed": ""}, page=f"{base}/dial-plan")
    assert "Choose whether you have completed this section." in _page(client, missing.headers["Location"])
    stale = client.submit(f"{base}/dial_plan/progress", {"completed": "no", "version": "0"}, page=f"{base}/dial-plan")
    assert "Someone else answered this for the section meanwhile" in _page(client, stale.headers["Location"])
    assert client.post(f"{base}/nonsense/progress", data={"csrf_token": client.csrf_token(base)}).status_code == 404
    marked = session.scalars(select(AuditEvent.note).where(AuditEvent.action == "questionnaire.section_marked")).all()
    assert marked == ["Sites and dial plan: to come back to"]


def test_people_who_only_read_see_the_status_but_not_the_question(client, app, session):
    project, _, _ = _project(app, session)
    viewer = create_user(Role.VIEWER, project.organization)
    client.login(viewer.email)
    page = _page(client, f"/projects/{project.id}/questionnaire/numbers")
    assert "Finish this section" in page and "Have you completed this section?" not in page


def test_bad_answers_are_explained_next_to_their_fields_and_kept(client, app, session):
    project, site, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire"
    client.login(contact.email)
    page = html.unescape(client.submit(f"{base}/dial-plan", {"extension_length": "3", "outbound_access_code": "9x",
                                                              "operator_extension": "1000"}).get_data(as_text=True))
    assert "Extensions have 3 digits here; 1000 has 4." in page and "Use digits (or * and #), like 9." in page
    assert 'value="1000"' in page
    page = html.unescape(client.submit(f"{base}/sites/{site.id}", {
        "time_zone": "America/Chicago", "weekdays": "17:00-09:00", "sat": "9 to noon", "fri": "08:10-12:00"}
    ).get_data(as_text=True))
    assert "17:00-09:00 ends before it starts: a range ends later the same day (24:00 is midnight)." in page
    assert ("“9 to noon” is not a time range: type it like 08:00-17:30, or 08:00-12:00, 13:00-17:00, or "
            "“closed”.") in page
    assert "08:10 is not on a quarter hour: use :00, :15, :30 or :45." in page
    assert 'value="17:00-09:00"' in page and 'value="9 to noon"' in page and "America/Chicago" in page
    assert session.get(Site, site.id).hours == []
    page = html.unescape(client.submit(f"{base}/sites/{site.id}", {"time_zone": "America/Chicago", "weekdays": "closed"}
                                       ).get_data(as_text=True))
    assert "Give the hours the site is open, like 08:00-17:30." in page


def test_viewers_read_the_answers_and_change_nothing(client, app, session):
    project, site, _ = _project(app, session)
    viewer = create_user(Role.VIEWER, project.organization)
    base = f"/projects/{project.id}/questionnaire"
    client.login(viewer.email)
    assert "Not given yet" in _page(client, f"{base}/dial-plan")
    token = client.csrf_token(f"{base}/dial-plan")
    assert client.post(f"{base}/dial-plan", data={"csrf_token": token, "extension_length": "4",
                                                  "version": "1"}).status_code == 403
    assert client.get(f"{base}/sites/{site.id}").status_code == 403


def test_a_site_outside_the_project_is_not_found(client, app, session):
    project, _, contact = _project(app, session)
    elsewhere = create_site(project.organization, name="Warehouse")  # the customer's, not this project's
    client.login(contact.email)
    assert client.get(f"/projects/{project.id}/questionnaire/sites/{elsewhere.id}").status_code == 404


def test_a_conflict_on_the_hours_keeps_every_open_day(client, app, session):
    import re

    from portal.core.versioning import update_versioned
    project, site, contact = _project(app, session)
    hours = f"/projects/{project.id}/questionnaire/sites/{site.id}"
    client.login(contact.email)
    client.submit(hours, {"time_zone": "America/New_York", "weekdays": "08:30-17:30", "sat": "09:00-12:00"})
    seen = client.form_values(hours, "weekdays")  # what the browser sends, the base it started from included
    session.expire_all()
    update_versioned(session.get(Site, site.id), 2, {"time_zone": "America/Chicago"})  # someone else, meanwhile
    session.commit()
    conflict = client.post(hours, data={**seen, "time_zone": "America/Denver", "weekdays": "08:30-17:00"})
    assert conflict.status_code == 409  # both changed the time zone; only that is asked
    page = html.unescape(conflict.get_data(as_text=True))
    kept = dict(re.findall(r'type="hidden" name="(weekdays|sat|version|base|csrf_token)" value="([^"]*)"', page))
    assert (kept["weekdays"], kept["sat"]) == ("08:30-17:00", "09:00-12:00")
    client.post(hours, data={**kept, "time_zone": "America/Denver"})
    session.expire_all()
    site = session.get(Site, site.id)
    assert (hours_summary(site.hours), site.time_zone) == ("Mon–Fri 08:30-17:00; Sat 09:00-12:00", "America/Denver")


def test_a_sites_hours_bring_every_project_at_that_site_up_to_date(client, app, session):
    project, site, contact = _project(app, session)
    with app.test_request_context():
        other = create_project(project.organization, with_kick_off=False)
    other.sites.append(site)
    session.commit()
    client.login(contact.email)
    client.submit(f"/projects/{project.id}/questionnaire/sites/{site.id}", {
        "time_zone": "America/New_York", "weekdays": "closed", "mon": "08:00-17:00", "tue": "08:00-17:00"})
    task = next(t for t in other.tasks if t.feature_key == "questionnaire")
    session.refresh(task)
    assert task.status == TaskStatus.IN_PROGRESS and task.summary == "0 of 8 sections completed"
