"""Every versioned form merges three ways (issue 13, item 1), tried the same way on each: two people
open the same page, the first saves one change, the second saves another without reloading. Both
changes must be on the page afterwards, with no conflict page, because nobody changed the same field.

The forms that test_merging.py tries with their own rules (the worksheet seat, a site, the dial plan,
queue agents, a default key layout, a number's routing) are not repeated here."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from portal.models.users import Role
from tests.factories import create_call_group, create_number, create_site, create_template_task, create_user
from tests.integration.test_merging import _browser, _two_contacts


@dataclass
class Place:
    """The page both people open, who they are, and a field of the form that names it."""

    path: str
    field: str
    first: object
    second: object


def _project(app, session):
    project, seats, first, second = _two_contacts(app, session)
    return project, seats, (first, second)


def _section(path: str, field: str):
    def place(app, session):
        project, seats, (first, second) = _project(app, session)
        return Place(f"/projects/{project.id}/questionnaire/{path}", field, first, second), seats
    return place


def _profile(app, session):
    user = create_user(Role.PRIMARY_CONTACT)
    session.commit()
    return Place("/account/profile", "job_title", user, user), []  # one person, two browsers


def _person(app, session):
    project, seats, (first, second) = _project(app, session)
    admin = create_user(Role.ADMIN)
    session.commit()
    return Place(f"/users/{second.id}/edit", "job_title", first, admin), seats


def _site_hours(app, session):
    project, seats, (first, second) = _project(app, session)
    site = create_site(project.organization, name="Main clinic", weekdays="09:00-17:00")
    project.sites.append(site)
    session.commit()
    return Place(f"/projects/{project.id}/questionnaire/sites/{site.id}", "weekdays", first, second), seats


def _seat_configuration(app, session):
    project, seats, (first, second) = _project(app, session)
    return Place(f"/projects/{project.id}/questionnaire/extensions/{seats[0].id}", "outbound_permission",
                 first, second), seats


def _number(app, session):
    project, seats, (first, second) = _project(app, session)
    number = create_number(project, e164="+14155550150")
    session.commit()
    return Place(f"/projects/{project.id}/questionnaire/numbers/{number.id}", "caller_id_name",
                 first, second), seats


def _seat_keys(app, session):
    from sqlalchemy import select

    from portal.models.telephony import PhoneModel
    project, seats, (first, second) = _project(app, session)
    model = session.scalars(select(PhoneModel).where(PhoneModel.model == "VVX 450")).one()
    seats[0].phone_model_id = model.id
    session.commit()
    return Place(f"/projects/{project.id}/questionnaire/keys/seats/{seats[0].id}", "key_1_label",
                 first, second), seats


def _call_group(kind: str, field: str):
    def place(app, session):
        project, seats, (first, second) = _project(app, session)
        group = create_call_group(project, kind, "Front desk")
        session.commit()
        path = f"/projects/{project.id}/questionnaire/call-center/{group.destination_id}"
        return Place(path, field, first, second), seats
    return place


def _template_task(app, session):
    task = create_template_task()
    admins = [create_user(Role.ADMIN) for _ in range(2)]
    session.commit()
    return Place(f"/admin/plan/tasks/{task.id}", "title", *admins), []


def _project_edit(app, session):
    project, seats, _ = _project(app, session)
    admin = create_user(Role.ADMIN)
    session.commit()
    return Place(f"/projects/{project.id}/edit", "order_summary", project.ipm, admin), seats


def _flow_node(kind_key: str, field: str):
    def place(app, session):
        from portal.callflows import nodes
        from portal.callflows.services import NODE_KINDS
        project, seats, (first, second) = _project(app, session)
        site = create_site(project.organization, name="Main clinic", weekdays="09:00-17:00")
        project.sites.append(site)
        values = {"name": "Main menu", "greeting_text": "Welcome.", "site_id": site.id, "follows_site": True,
                  "open_destination_id": seats[0].destination_id, "closed_destination_id": seats[1].destination_id}
        destination = nodes.create(project, NODE_KINDS[kind_key], values)
        session.commit()
        return Place(f"/projects/{project.id}/call-flows/nodes/{destination.id}", field, first, second), seats
    return place


# (name, where, the first person's change, the second person's change)
CASES = [
    ("profile", _profile, {"name": "Ana Lima"}, {"job_title": "Office manager"}),
    ("person", _person, {"job_title": "Receptionist"}, {"name": "Bea Costa"}),
    ("site hours", _site_hours, {"weekdays": "08:30-17:00"}, {"time_zone": "America/New_York"}),
    ("seat configuration", _seat_configuration, {"call_waiting": "y"}, {"outbound_permission": "international"}),
    ("number details", _number, {"caller_id_name": "NORTHWIND"}, {"kind": "fax"}),
    ("a seat's own keys", _seat_keys, {"key_1_label": "Line A"}, {"key_2_function": "dnd", "key_2_label": "DND"}),
    ("ring group", _call_group("group", "members"), {"name": "Reception group"}, {"ring_seconds": "35"}),
    ("voicemail box", _call_group("box", "recipients"), {"email": "frontdesk@example.com"},
     {"name": "After-hours box"}),
    ("queue settings", _call_group("queue", "max_wait_seconds"), {"name": "Support queue"},
     {"max_wait_seconds": "600"}),
    ("call recording", _section("recording", "retention_days"), {"retention_days": "90"},
     {"announcement": "This call may be recorded."}),
    ("calling policy", _section("calling", "emergency_email"), {"block_international": "y"},
     {"emergency_email": "security@example.com"}),
    # one field only: the second person saves the page as they opened it, which must not undo the first's
    ("other requirements", _section("other", "requirements"), {}, {"requirements": "Paging to the warehouse."}),
    ("plan template task", _template_task, {"title": "Test the fire alarm lines"}, {"offset_days": "-8"}),
    ("project", _project_edit, {"name": "Phones for the new clinic"}, {"order_summary": "30 seats, 40 numbers"}),
    ("auto attendant", _flow_node("menu", "greeting_text"), {"greeting_text": "Press 1 for sales."},
     {"repeats": "4"}),
    ("time condition", _flow_node("hours", "name"), {"name": "Office hours"}, {"time_zone": "America/Denver"}),
]
SET_CASES = [  # several ticks: each person ticks another seat, and both seats end up ticked
    ("ring group members", _call_group("group", "members"), "members"),
    ("voicemail box recipients", _call_group("box", "recipients"), "recipients"),
    ("recording listeners", _section("recording", "listeners"), "listeners"),
]


def _shown(value):
    return value.upper() if isinstance(value, str) else value


def _open_twice(app, place):
    """Both people open the page: the values each browser holds, hidden fields included."""
    first, second = _browser(app, place.first), _browser(app, place.second)
    return (first, first.form_values(place.path, place.field)), (second, second.form_values(place.path, place.field))


@pytest.mark.parametrize("where, mine, theirs", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_two_people_changing_different_fields_both_keep_their_change(app, session, where, mine, theirs):
    place, seats = where(app, session)
    (me, my_form), (other, their_form) = _open_twice(app, place)
    assert other.post(place.path, data={**their_form, **theirs}).status_code == 303
    saved = me.post(place.path, data={**my_form, **mine})
    assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]  # no conflict page
    now = me.form_values(place.path, place.field)
    for name, value in {**mine, **theirs}.items():
        assert now.get(name) in (value, [value]) or _shown(now.get(name)) == _shown(value), (name, now.get(name))


@pytest.mark.parametrize("where, field", [case[1:] for case in SET_CASES], ids=[case[0] for case in SET_CASES])
def test_seats_ticked_by_two_people_are_all_kept(app, session, where, field):
    place, seats = where(app, session)
    (me, my_form), (other, their_form) = _open_twice(app, place)
    assert other.post(place.path, data={**their_form, field: [str(seats[1].id)]}).status_code == 303
    assert me.post(place.path, data={**my_form, field: [str(seats[2].id)]}).status_code == 303
    assert sorted(me.form_values(place.path, place.field)[field]) == sorted(str(seat.id) for seat in seats[1:3])


def test_the_same_text_changed_by_both_is_the_one_choice_and_shows_both_texts(app, session):
    place, _ = _section("other", "requirements")(app, session)
    (me, my_form), (other, their_form) = _open_twice(app, place)
    other.post(place.path, data={**their_form, "requirements": "Paging to the warehouse."})
    page = me.post(place.path, data={**my_form, "requirements": "Two overhead paging zones."})
    text = page.get_data(as_text=True)
    assert page.status_code == 409 and "Paging to the warehouse." in text and "Two overhead paging zones." in text
    assert "Paging to the warehouse." in me.get(place.path).get_data(as_text=True)  # mine is not saved yet
