"""Section 4 of the questionnaire, key layouts (issue 7): a model's default for the project, a seat's
own keys over it, the copy to other seats, and the checks next to each key."""
import html

from sqlalchemy import select

from portal.models.questionnaire import KeyFunction, KeyLayout
from portal.models.telephony import PhoneModel, Seat
from portal.models.users import Role
from tests.factories import create_project, create_seat, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    model = session.scalars(select(PhoneModel).where(PhoneModel.model == "VVX 450")).one()
    seats = [create_seat(project, extension=str(100 + n), first_name=f"Person{n}", last_name="Desk",
                         phone_model_id=model.id) for n in range(4)]
    session.commit()
    return project, model, seats, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _keys(model, **keys) -> dict:
    """Form data for every key of the model: blank, except the ones given as (function, label, target)."""
    data = {}
    for n in range(1, model.keys + 1):
        function, label, target = keys.get(f"key_{n}", ("blank", "", ""))
        data |= {f"key_{n}_function": function, f"key_{n}_label": label, f"key_{n}_target": target}
    return data


def test_a_default_layout_then_a_seats_own_keys_over_it(client, app, session):
    project, model, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/keys"
    client.login(contact.email)
    listing = _page(client.get(base))
    assert "Poly VVX 450" in listing and "Not laid out yet" in listing
    default = f"{base}/models/{model.id}"
    page = _page(client.get(default))
    assert '<legend class="label">Key 12</legend>' in page and 'id="key_12_function"' in page
    saved = client.submit(default, _keys(model, key_1=("line", "Line 1", ""), key_2=("blf", "Reception", "100"),
                                         key_3=("speed_dial", "Lab", "(415) 555-0134")))
    assert saved.status_code == 303
    layout = session.scalars(select(KeyLayout).where(KeyLayout.seat_id.is_(None))).one()
    assert layout.keys["2"] == {"function": "blf", "label": "Reception", "target": "100"} and len(layout.keys) == 3
    own = f"{base}/seats/{seats[1].id}"
    page = _page(client.get(own))
    assert "Key 2 · from the default" in page and 'value="Reception"' in page
    client.submit(own, _keys(model, key_1=("line", "Line 1", ""), key_2=("blf", "Front desk", "102"),
                             key_3=("speed_dial", "Lab", "(415) 555-0134")))
    mine = session.scalars(select(KeyLayout).where(KeyLayout.seat_id == seats[1].id)).one()
    assert mine.keys == {"2": {"function": "blf", "label": "Front desk", "target": "102"}}  # only what differs
    page = _page(client.get(own))
    assert "Key 2 · changed for this seat" in page and "Key 1 · from the default" in page
    assert "1 key changed for this seat" in _page(client.get(base))


def test_bad_keys_are_explained_at_their_field_and_kept(client, app, session):
    project, model, seats, contact = _project(app, session)
    default = f"/projects/{project.id}/questionnaire/keys/models/{model.id}"
    client.login(contact.email)
    page = _page(client.submit(default, _keys(model, key_1=("blf", "Reception", "999"),
                                              key_2=("line", "A label far too long", ""),
                                              key_3=("speed_dial", "Lab", "not a number"),
                                              key_4=("blf", "Nobody", ""))))
    assert "No one has extension 999 in this project." in page
    assert "At most 14 characters fit on this phone's label (20 here)." in page
    assert "Enter a phone number, like (415) 555-0134, or an extension of the project." in page
    assert "Enter the extension it watches." in page
    assert 'value="A label far too long"' in page and 'value="not a number"' in page
    assert session.scalars(select(KeyLayout)).all() == []


def test_the_checks_catch_what_changed_after_the_keys_were_saved(client, app, session):
    from portal.questionnaire.keys import check
    project, model, seats, contact = _project(app, session)
    client.login(contact.email)
    client.submit(f"/projects/{project.id}/questionnaire/keys/models/{model.id}",
                  _keys(model, key_2=("blf", "Person3", "103")))
    session.add(KeyLayout(project_id=project.id, phone_model_id=model.id, seat_id=seats[0].id,
                          keys={"13": {"function": "line", "label": "", "target": ""}}))
    seats[3].destination.extension = "109"  # the watched extension moves away
    session.commit()
    with app.test_request_context():
        messages = [finding.message for finding in check(project)]
    assert messages == [
        "Poly VVX 450 (default), key 2: busy lamp field to 103, an extension no one has in the project.",
        "Person0 Desk, key 13: the Poly VVX 450 has 12 keys, not 13."]
    check_page = _page(client.get(f"/projects/{project.id}/questionnaire/check"))
    assert f'/questionnaire/keys/models/{model.id}#key_2_function"' in check_page


def test_a_seats_keys_are_copied_to_seats_with_the_same_phone(client, app, session):
    project, model, seats, contact = _project(app, session)
    client.login(contact.email)
    own = f"/projects/{project.id}/questionnaire/keys/seats/{seats[0].id}"
    client.submit(own, _keys(model, key_1=("dnd", "DND", "")))
    session.add(KeyLayout(project_id=project.id, phone_model_id=model.id, seat_id=seats[3].id, keys={}, version=2))
    session.commit()
    page = _page(client.get(own))
    assert f'value="{seats[1].id}:0"' in page and f'value="{seats[3].id}:2"' in page
    ticked = [f"{seats[1].id}:0", f"{seats[2].id}:0", f"{seats[3].id}:1"]  # seat 3 changed since
    response = client.submit(f"{own}/copy", {"seats": ticked}, page=own)
    assert response.status_code == 303
    page = _page(client.get(own))
    assert "copied to 2 seats" in page and "Person3 Desk changed meanwhile and kept their keys" in page
    copied = {layout.seat_id: layout.keys for layout in session.scalars(select(KeyLayout).where(
        KeyLayout.seat_id.in_([seat.id for seat in seats])))}
    assert copied[seats[1].id] == copied[seats[2].id] == {"1": {"function": "dnd", "label": "DND", "target": ""}}
    assert copied[seats[3].id] == {}
    assert "Tick at least one seat" in _page(client.get(client.submit(f"{own}/copy", {}, page=own)
                                                      .headers["Location"]))


def test_people_who_only_read_see_the_keys_but_cannot_change_them(client, app, session):
    project, model, seats, _ = _project(app, session)
    viewer = create_user(Role.VIEWER, project.organization)
    client.login(viewer.email)
    default = f"/projects/{project.id}/questionnaire/keys/models/{model.id}"
    page = _page(client.get(default))
    assert "Key 12: Blank" in page and 'id="key_1_function"' not in page
    assert client.submit(default, {"key_1_function": "dnd", "version": "0"}, page=default).status_code == 403
    softphone = session.scalars(select(PhoneModel).where(PhoneModel.keys == 0)).first()
    session.get(Seat, seats[0].id).phone_model_id = softphone.id
    session.commit()
    assert client.get(f"/projects/{project.id}/questionnaire/keys/seats/{seats[0].id}").status_code == 404
    assert client.get(f"/projects/{project.id}/questionnaire/keys/models/{softphone.id}").status_code == 404
    assert KeyFunction.BLF.title == "Busy lamp field"


def test_crafted_functions_and_defaults_changed_meanwhile_are_refused_clearly(client, app, session):
    project, model, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/keys"
    client.login(contact.email)
    page = _page(client.submit(f"{base}/models/{model.id}", _keys(model) | {"key_1_function": "bogus"}))
    assert "Not a valid choice." in page
    client.submit(f"{base}/models/{model.id}", _keys(model, key_1=("line", "Line 1", "")))
    own = f"{base}/seats/{seats[0].id}"
    shown = client.get(own).get_data(as_text=True)  # the seat page, over the default as it was
    default = session.scalars(select(KeyLayout).where(KeyLayout.seat_id.is_(None))).one()
    default.keys, default.version = {"1": {"function": "dnd", "label": "DND", "target": ""}}, default.version + 1
    session.commit()
    import re
    version = re.search(r'name="version" type="hidden" value="(\d+)"', shown).group(1)
    response = client.post(own, data={**_keys(model, key_1=("line", "Line 1", ""), key_2=("park", "Park", "")),
                                      "version": version, "csrf_token": client.csrf_token(own)})
    assert response.status_code == 409 and "Someone else saved this first" in _page(response)
    assert session.scalars(select(KeyLayout).where(KeyLayout.seat_id == seats[0].id)).first() is None


def test_a_seat_with_a_new_phone_is_laid_out_again_and_unused_defaults_are_not_checked(client, app, session):
    from portal.questionnaire.keys import check
    project, model, seats, contact = _project(app, session)
    other = session.scalars(select(PhoneModel).where(PhoneModel.model == "CCX 500")).one()
    session.add(KeyLayout(project_id=project.id, phone_model_id=other.id,
                          keys={"1": {"function": "blf", "label": "Gone", "target": "999"}}))
    session.add(KeyLayout(project_id=project.id, phone_model_id=other.id, seat_id=seats[0].id, keys={}))
    session.commit()
    with app.test_request_context():
        assert [finding.blocking for finding in check(project)] == [False]  # the seat's: laid out for a CCX 500
    client.login(contact.email)
    client.submit(f"/projects/{project.id}/questionnaire/keys/seats/{seats[0].id}",
                  _keys(model, key_1=("dnd", "DND", "")))
    layout = session.scalars(select(KeyLayout).where(KeyLayout.seat_id == seats[0].id)).one()
    assert layout.phone_model_id == model.id
    with app.test_request_context():
        assert check(project) == []
