"""Holiday sets' pages (issue 16): a set made, renamed (versioned) and removed after a confirmation
that names the time conditions losing it; holidays added with their errors at the field, changed,
removed; the country's public holidays added ticked, stored to move with the calendar and never
doubled; overlaps warned; readers read."""
import html
from datetime import date

import pytest
from sqlalchemy import select

from portal.callflows import holidays
from portal.callflows.services import NODE_KINDS, settings_of
from portal.models.audit import AuditEvent
from portal.models.callflows import Holiday, HolidayRepeat, HolidaySet
from portal.models.users import Role
from tests.conftest import FormReader
from tests.factories import create_project, create_site, create_user

AUTOSAVE = {"X-Autosave": "1", "Accept": "application/json"}
THIS_YEAR = date.today().year


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def project(app, session):
    with app.test_request_context():
        made = create_project(with_kick_off=False)
    made.sites.append(create_site(made.organization, name="Main office", country="US"))
    session.commit()
    return made


@pytest.fixture
def contact(project, session):
    person = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return person


def _set(project, session, name="Office holidays", *rows) -> HolidaySet:
    holiday_set = HolidaySet(project_id=project.id, name=name, holidays=list(rows))
    session.add(holiday_set)
    session.commit()
    return holiday_set


def _day(name, starts, ends=None, repeats=HolidayRepeat.ONCE, country=None) -> Holiday:
    return Holiday(name=name, starts_on=starts, ends_on=ends or starts, repeats=repeats, country=country)


def _base(project) -> str:
    return f"/projects/{project.id}/call-flows/holidays"


def test_an_empty_project_says_what_to_do_and_a_contact_adds_a_set_once(client, project, contact, session):
    client.login(contact.email)
    listing = _page(client.get(_base(project)))
    assert "This project has no holiday sets yet." in listing and "choose it under “Holidays” in a time condition" \
        in listing
    url = f"{_base(project)}/new"
    hidden = client.hidden_fields(url)
    made = client.post(url, data={**hidden, "name": "Office holidays"})
    again = client.post(url, data={**hidden, "name": "Office holidays"})  # a double click
    holiday_set = session.scalars(select(HolidaySet).where(HolidaySet.project_id == project.id)).one()
    assert made.status_code == again.status_code == 303
    assert made.headers["Location"] == again.headers["Location"] == f"{_base(project)}/{holiday_set.id}"
    shown = _page(client.get(made.headers["Location"]))
    assert "Office holidays was added. Add its holidays now." in shown
    assert "No holidays in Office holidays yet." in shown
    twin = client.submit(url, {"name": "office HOLIDAYS"})
    assert twin.status_code == 200 and "This project has a holiday set called office HOLIDAYS already" in _page(twin)
    assert "Office holidays" in _page(client.get(_base(project)))


def test_a_holiday_is_refused_at_its_field_with_what_was_typed_kept(client, project, contact, session):
    holiday_set = _set(project, session, "Office holidays", _day("Christmas Eve", date(THIS_YEAR, 12, 24)))
    client.login(contact.email)
    url = f"{_base(project)}/{holiday_set.id}/new"
    backwards = _page(client.submit(url, {"name": "Stocktake", "starts_on": f"{THIS_YEAR}-03-10",
                                          "ends_on": f"{THIS_YEAR}-03-09", "repeats": "once"}))
    assert f"The last day must be the first day ({THIS_YEAR}-03-10) or later." in backwards
    assert 'value="Stocktake"' in backwards and f'value="{THIS_YEAR}-03-09"' in backwards
    too_long = _page(client.submit(url, {"name": "Summer", "starts_on": f"{THIS_YEAR}-07-01",
                                         "ends_on": f"{THIS_YEAR}-08-01", "repeats": "once"}))
    assert "A holiday lasts at most 31 days" in too_long
    twice = _page(client.submit(url, {"name": "christmas eve", "starts_on": f"{THIS_YEAR}-12-24", "repeats": "yearly"}))
    assert "Office holidays has a holiday called christmas eve already" in twice
    unknown = _page(client.submit(url, {"name": "Thanksgiving", "starts_on": f"{THIS_YEAR}-11-01",
                                        "repeats": "country"}))
    assert f"Thanksgiving is not one of the public holidays of US in {THIS_YEAR}" in unknown
    assert [row.name for row in session.scalars(select(Holiday))] == ["Christmas Eve"]
    longest = client.submit(url, {"name": "Summer", "starts_on": f"{THIS_YEAR}-07-01",
                                  "ends_on": f"{THIS_YEAR}-07-31", "repeats": "once"})
    assert longest.status_code == 303  # 31 days is allowed


def test_a_holiday_added_with_one_day_and_its_dates_as_people_read_them(client, project, contact, session):
    holiday_set = _set(project, session)
    client.login(contact.email)
    url = f"{_base(project)}/{holiday_set.id}/new"
    assert client.submit(url, {"name": "Christmas Eve", "starts_on": "2026-12-24", "repeats": "yearly"}).status_code \
        == 303
    assert client.submit(url, {"name": "thanksgiving day", "starts_on": "2026-01-01", "repeats": "country"}) \
        .status_code == 303
    eve, thanksgiving = sorted(session.scalars(select(Holiday)), key=lambda row: row.starts_on, reverse=True)
    assert (eve.starts_on, eve.ends_on, eve.repeats) == (date(2026, 12, 24), date(2026, 12, 24), HolidayRepeat.YEARLY)
    assert (thanksgiving.name, thanksgiving.starts_on, thanksgiving.country) == (
        "Thanksgiving Day", date(2026, 11, 26), "US")  # the package's spelling and day
    lines = {line.row.name: line.dates for line in holidays.set_summary(holiday_set, date(2026, 12, 4)).lines}
    assert lines == {"Thanksgiving Day": ("Thursday 26 November 2026", "Thursday 25 November 2027"),
                     "Christmas Eve": ("Thursday 24 December 2026", "Friday 24 December 2027")}
    page = _page(client.get(f"{_base(project)}/{holiday_set.id}"))
    assert "Every year on the same dates" in page and "Every year, on the day it falls (a public holiday) (US)" in page
    assert session.scalars(select(AuditEvent.action).where(AuditEvent.action == "holiday.added")).all() == [
        "holiday.added", "holiday.added"]


def test_the_countrys_public_holidays_are_offered_ticked_and_never_doubled(client, project, contact, session):
    holiday_set = _set(project, session, "US holidays", _day("Christmas Day", date(THIS_YEAR, 12, 25)))
    client.login(contact.email)
    url = f"{_base(project)}/{holiday_set.id}/public"
    page = _page(client.get(url))
    assert f"The public holidays of US in {THIS_YEAR}" in page
    assert "Already in US holidays, so not added again:" in page and "Christmas Day: " in page
    values = client.form_values(url, "names")
    expected = [item.key for item in holidays.public_holidays("US", THIS_YEAR) if item.name != "Christmas Day"]
    assert values["names"] == expected and len(expected) >= 10  # all ticked but the one it has
    thanksgiving = next(item for item in holidays.public_holidays("US", THIS_YEAR) if item.name == "Thanksgiving Day")
    assert client.post(url, data={**values, "names": [thanksgiving.key]}).status_code == 303
    added = session.scalars(select(Holiday).where(Holiday.name == "Thanksgiving Day")).one()
    assert (added.repeats, added.country) == (HolidayRepeat.COUNTRY, "US")
    assert holidays.dates_of(holidays.engine_holiday(added), 2027) == (date(2027, 11, 25), date(2027, 11, 25))
    rest = client.form_values(url, "names")
    assert thanksgiving.key not in rest["names"]
    assert client.post(url, data=rest).status_code == 303
    names = [row.name for row in session.scalars(select(Holiday))]
    assert len(names) == len(set(names)) == len(expected) + 1
    assert "has every public holiday of US already" in _page(client.get(url))


def test_the_country_is_the_first_sites_else_the_setting(app, project, session):
    with app.test_request_context():
        assert holidays.holiday_country(project) == "US"
        project.sites[0].country = "CA"
        assert holidays.holiday_country(project) == "CA"
        assert "Canada Day" in [item.name for item in holidays.public_holidays("CA", 2026)]
        project.sites.clear()
        app.config["HOLIDAY_COUNTRY"] = "GB"
        try:
            assert holidays.holiday_country(project) == "GB"
        finally:
            app.config["HOLIDAY_COUNTRY"] = "US"
    session.rollback()


def test_overlapping_holidays_are_a_warning_on_the_set(client, project, contact, session):
    holiday_set = _set(project, session, "Office holidays",
                       _day("Christmas week", date(THIS_YEAR, 12, 21), date(THIS_YEAR, 12, 27)),
                       _day("Christmas Day", date(THIS_YEAR, 12, 25), repeats=HolidayRepeat.COUNTRY, country="US"))
    client.login(contact.email)
    for url in (_base(project), f"{_base(project)}/{holiday_set.id}"):
        page = _page(client.get(url))
        assert f"Warning: Christmas week and Christmas Day overlap in {THIS_YEAR}." in page


def test_two_holidays_of_one_set_changed_in_two_tabs_both_save_without_a_conflict(client, project, contact, session):
    """Each holiday has its own version: a save of another holiday of the set, or a rename of the set,
    made while a holiday's form is open is no conflict, not even for the form's autosave."""
    holiday_set = _set(project, session, "Office holidays", _day("Christmas Eve", date(THIS_YEAR, 12, 24)),
                       _day("Stocktake", date(THIS_YEAR, 3, 10)))
    eve, stocktake = holiday_set.holidays[1], holiday_set.holidays[0]
    client.login(contact.email)
    set_url = f"{_base(project)}/{holiday_set.id}"
    eve_url, stocktake_url = f"{set_url}/holidays/{eve.id}", f"{set_url}/holidays/{stocktake.id}"
    opened = client.form_values(eve_url, "name")  # the first tab, opened before the other saves
    saved = client.post(stocktake_url, data={**client.form_values(stocktake_url, "name"),
                                             "ends_on": f"{THIS_YEAR}-03-11"})
    assert saved.status_code == 303
    renamed = client.post(set_url, data={**client.form_values(set_url, "name"), "name": "Closures"})
    assert renamed.status_code == 303
    autosaved = client.post(eve_url, data={**opened, "repeats": "yearly"}, headers=AUTOSAVE)
    assert autosaved.status_code == 200 and autosaved.json["saved_at"], autosaved.get_data(as_text=True)
    again = client.post(eve_url, data={**opened, "repeats": "yearly"})
    assert again.status_code == 303, "a change to another holiday is no conflict"
    shown = _page(client.get(again.headers["Location"]))
    assert "Christmas Eve was saved." in shown and "Someone else saved this meanwhile" not in shown
    session.expire_all()
    assert (eve.repeats, eve.ends_on, stocktake.ends_on) == (HolidayRepeat.YEARLY, date(THIS_YEAR, 12, 24),
                                                            date(THIS_YEAR, 3, 11))
    assert holiday_set.name == "Closures"
    assert (eve.version, stocktake.version, holiday_set.version) == (2, 2, 2)  # the set's: its rename only


def test_the_same_holiday_changed_in_two_tabs_merges_and_conflicts_on_the_same_field(client, project, contact,
                                                                                     session):
    holiday_set = _set(project, session, "Office holidays", _day("Christmas Eve", date(THIS_YEAR, 12, 24)))
    eve = holiday_set.holidays[0]
    url = f"{_base(project)}/{holiday_set.id}/holidays/{eve.id}"
    client.login(contact.email)
    first, second = client.form_values(url, "name"), client.form_values(url, "name")  # two tabs
    assert client.post(url, data={**first, "ends_on": f"{THIS_YEAR}-12-26"}).status_code == 303
    stale = client.post(url, data={**second, "name": "Xmas Eve"}, headers=AUTOSAVE)
    assert stale.status_code == 409  # the autosave says so instead of keeping a draft of the old version
    merged = client.post(url, data={**second, "name": "Xmas Eve"})
    assert merged.status_code == 303, "different fields of one holiday merge"
    session.expire_all()
    assert (eve.name, eve.ends_on, eve.version) == ("Xmas Eve", date(THIS_YEAR, 12, 26), 3)
    conflict = client.post(url, data={**second, "name": "Christmas Eve (closed)"})
    page = _page(conflict)
    assert conflict.status_code == 409 and "Someone else saved this first" in page
    assert 'value="Christmas Eve (closed)" checked' in page and 'value="Xmas Eve"' in page  # both, side by side
    assert f'value="{THIS_YEAR}-12-26"' in page  # their other change kept in what is saved next
    session.expire_all()
    assert (eve.name, eve.version) == ("Xmas Eve", 3)  # nothing of mine saved over theirs yet
    chosen = client.post(url, data=_conflict_form(page))  # "Save my choices", mine ticked
    assert chosen.status_code == 303
    session.expire_all()
    assert (eve.name, eve.ends_on) == ("Christmas Eve (closed)", date(THIS_YEAR, 12, 26))


def _conflict_form(page: str) -> dict:
    """What the conflict page's "Save my choices" sends as it is shown (mine ticked)."""
    reader = FormReader()
    reader.feed(page)
    form = next(values for values in reader.forms if "version" in values)
    return {name: value[0] for name, value in form.items()}


def test_autosave_keeps_a_draft_of_a_new_holiday(client, project, contact, session):
    holiday_set = _set(project, session)
    client.login(contact.email)
    url = f"{_base(project)}/{holiday_set.id}/new"
    saved = client.post(url, data={**client.hidden_fields(url), "name": "Inventory"}, headers=AUTOSAVE)
    assert saved.status_code == 200 and saved.json["saved_at"]
    page = _page(client.get(url))
    assert "We restored your unsaved changes" in page and 'value="Inventory"' in page
    assert session.scalars(select(Holiday)).all() == []


def test_removing_a_holiday_and_a_set_ask_first_and_time_conditions_lose_the_set(client, app, project, contact,
                                                                                  session):
    holiday_set = _set(project, session, "Office holidays", _day("Christmas Eve", date(THIS_YEAR, 12, 24)),
                       _day("Stocktake", date(THIS_YEAR, 3, 10)))
    with app.test_request_context():
        hours = holidays.services.create_node(project, NODE_KINDS["hours"], {"name": "Office hours"})
    schedule = settings_of(hours)
    schedule.holiday_set_id = holiday_set.id
    session.commit()
    version = hours.version
    client.login(contact.email)
    set_url = f"{_base(project)}/{holiday_set.id}"
    eve_url = f"{set_url}/holidays/{holiday_set.holidays[1].id}/remove"
    assert "Remove Christmas Eve from Office holidays?" in _page(client.get(eve_url))
    assert client.submit(eve_url).status_code == 303
    assert [row.name for row in session.scalars(select(Holiday))] == ["Stocktake"]
    confirm = _page(client.get(f"{set_url}/remove"))
    assert "Remove Office holidays?" in confirm and "Its 1 holiday goes with it." in confirm
    assert "This time condition uses it and will then have no holidays" in confirm
    assert "<li>Office hours</li>" in confirm
    gone = client.submit(f"{set_url}/remove")
    assert gone.status_code == 303 and gone.headers["Location"] == _base(project)
    session.expire_all()
    assert session.scalars(select(HolidaySet)).all() == [] and session.scalars(select(Holiday)).all() == []
    assert schedule.holiday_set_id is None and hours.version == version + 1
    assert "Office holidays was removed." in _page(client.get(_base(project)))


def test_a_time_condition_using_the_set_is_named_and_linked(client, app, project, contact, session):
    holiday_set = _set(project, session)
    with app.test_request_context():
        hours = holidays.services.create_node(project, NODE_KINDS["hours"], {"name": "Office hours"})
    settings_of(hours).holiday_set_id = holiday_set.id
    session.commit()
    client.login(contact.email)
    page = _page(client.get(_base(project)))
    assert (f'Used by the time condition <a href="/projects/{project.id}/call-flows/nodes/{hours.id}">Office hours'
            f'</a>') in page


def test_a_viewer_reads_the_sets_without_editing_controls(client, project, session):
    holiday_set = _set(project, session, "Office holidays", _day("Christmas Eve", date(THIS_YEAR, 12, 24)))
    viewer = create_user(Role.VIEWER, project.organization)
    session.commit()
    client.login(viewer.email)
    page = _page(client.get(_base(project)))
    assert "Christmas Eve" in page and "Add a holiday set" not in page
    set_page = _page(client.get(f"{_base(project)}/{holiday_set.id}"))
    assert "Add public holidays" not in set_page and "Remove Office holidays" not in set_page
    holiday_page = _page(client.get(f"{_base(project)}/{holiday_set.id}/holidays/{holiday_set.holidays[0].id}"))
    eve = date(THIS_YEAR, 12, 24)
    assert f"<dd>{holidays.as_people_read((eve, eve))}</dd>" in holiday_page and 'name="starts_on"' not in holiday_page
    assert client.get(f"{_base(project)}/{holiday_set.id}/new").status_code == 403
    refused = client.submit(f"{_base(project)}/{holiday_set.id}", {"name": "Mine"}, page=_base(project))
    assert refused.status_code == 403
    session.expire_all()
    assert holiday_set.name == "Office holidays"


def test_a_holiday_named_under_another_set_of_the_project_is_not_found(client, project, contact, session):
    one = _set(project, session, "One", _day("Christmas Eve", date(THIS_YEAR, 12, 24)))
    other = _set(project, session, "Other")
    client.login(contact.email)
    assert client.get(f"{_base(project)}/{other.id}/holidays/{one.holidays[0].id}").status_code == 404
    assert client.get(f"{_base(project)}/{other.id}/holidays/{one.holidays[0].id}/remove").status_code == 404
