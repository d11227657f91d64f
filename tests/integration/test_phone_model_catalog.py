"""The phone-model catalog: administrators list, add, edit, retire, bring back and delete models;
nobody else may; a duplicate or a stale save is explained, and what was typed stays."""
import html

import pytest
from sqlalchemy import delete, func, select

from portal.core.versioning import update_versioned
from portal.models.audit import AuditEvent
from portal.models.telephony import PhoneModel
from portal.models.users import Role
from tests.factories import create_project, create_seat, create_user

CATALOG = "/admin/phone-models"
AUTOSAVE = {"X-Autosave": "1", "Accept": "application/json"}


@pytest.fixture
def admin(client):
    user = create_user(Role.ADMIN)
    client.login(user.email)
    return user


def _model(session, vendor: str, model: str) -> PhoneModel:
    return session.scalars(select(PhoneModel).where(PhoneModel.vendor == vendor, PhoneModel.model == model)).one()


def _add(session, vendor="Grandstream", model="GRP2614", keys=16, label_width=12, active=True) -> PhoneModel:
    phone_model = PhoneModel(vendor=vendor, model=model, keys=keys, label_width=label_width, active=active)
    session.add(phone_model)
    session.flush()
    return phone_model


def _form(phone_model: PhoneModel, **values) -> dict:
    data = {"vendor": phone_model.vendor, "model": phone_model.model, "keys": phone_model.keys,
            "label_width": phone_model.label_width, "active": "y" if phone_model.active else "",
            "version": phone_model.version, **values}
    return {name: value for name, value in data.items() if value != ""}  # an unticked box is not sent


def _events(session, action: str) -> list[AuditEvent]:
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _worksheet_choices(client, app) -> str:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    return _page(client.get(f"/projects/{project.id}/worksheet/new"))


def test_the_list_shows_every_model_by_vendor_and_model_with_its_seats(client, app, session, admin):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    vvx = _model(session, "Poly", "VVX 450")
    for name in ("Ana", "Ben"):
        create_seat(project, first_name=name, phone_model_id=vvx.id)
    _add(session, vendor="aastra", model="6867i", active=False)
    page = _page(client.get(CATALOG))
    rows = page.split("<tr>")[2:]  # the header row first
    vendors = [row.split('data-label="Vendor">')[1].split("<")[0] for row in rows]
    assert vendors == sorted(vendors, key=str.lower) and vendors[0] == "aastra"
    assert len(rows) == session.scalar(select(func.count(PhoneModel.id)))
    vvx_row = next(row for row in rows if ">VVX 450<" in row)
    assert "Desk phone" in vvx_row and ">12<" in vvx_row and 'data-label="Label width">14<' in vvx_row
    assert "Offered" in vvx_row and 'data-label="Seats">2<' in vvx_row
    teams_row = next(row for row in rows if ">Teams client<" in row)
    assert "Softphone" in teams_row and 'data-label="Seats">0<' in teams_row
    assert "Retired" in next(row for row in rows if ">6867i<" in row)
    assert f'href="{CATALOG}/new"' in page and "Add a phone model" in page


def test_an_empty_catalog_says_what_to_do(client, session, admin):
    session.execute(delete(PhoneModel))
    page = _page(client.get(CATALOG))
    assert "The catalog is empty" in page and "Add a phone model" in page and "<table" not in page


def test_an_admin_adds_a_model_that_worksheets_then_offer(client, app, session, admin):
    response = client.submit(f"{CATALOG}/new", {"vendor": " Grandstream ", "model": "GRP2614", "keys": "16",
                                                "label_width": "12", "active": "y"})
    assert response.status_code == 303 and response.headers["Location"] == CATALOG
    added = _model(session, "Grandstream", "GRP2614")
    assert (added.keys, added.label_width, added.active, added.is_softphone) == (16, 12, True, False)
    assert [event.object_label for event in _events(session, "catalog.model_added")] == ["Grandstream GRP2614"]
    assert "Grandstream GRP2614 was added to the catalog." in _page(client.get(CATALOG))
    assert ">Grandstream GRP2614</option>" in _worksheet_choices(client, app)


def test_bad_values_are_explained_next_to_their_fields_and_kept(client, session, admin):
    count = session.scalar(select(func.count(PhoneModel.id)))
    page = _page(client.submit(f"{CATALOG}/new", {"vendor": "", "model": "X" * 81, "keys": "201",
                                                   "label_width": "-1"}))
    for message in ("Enter the vendor.", "Field cannot be longer than 80 characters.",
                    "Enter a whole number from 0 to 200.", "Enter a whole number from 0 to 40."):
        assert message in page
    assert 'value="201"' in page and 'value="-1"' in page
    page = _page(client.submit(f"{CATALOG}/new", {"vendor": "Zoom", "model": "Phone app", "keys": "0",
                                                   "label_width": "12"}))
    assert "A softphone has no keys to label" in page and 'value="Phone app"' in page
    assert session.scalar(select(func.count(PhoneModel.id))) == count


def test_a_duplicate_is_refused_on_the_model_field_with_the_typed_values_kept(client, session, admin):
    count = session.scalar(select(func.count(PhoneModel.id)))
    response = client.submit(f"{CATALOG}/new", {"vendor": "poly", "model": "vvx 450", "keys": "10",
                                                "label_width": "9", "active": "y"})
    page = _page(response)
    assert response.status_code == 200
    assert '<p class="error-message" id="model-error">' in page and "Poly VVX 450 is in the catalog already." in page
    assert 'value="poly"' in page and 'value="vvx 450"' in page and 'value="10"' in page and 'value="9"' in page
    assert session.scalar(select(func.count(PhoneModel.id))) == count

    t31g = _model(session, "Yealink", "T31G")
    page = _page(client.submit(f"{CATALOG}/{t31g.id}", _form(t31g, vendor="Poly", model="VVX 450", keys=3)))
    assert "Poly VVX 450 is in the catalog already." in page and 'value="3"' in page
    session.expire_all()
    assert (t31g.vendor, t31g.model, t31g.keys, t31g.version) == ("Yealink", "T31G", 2, 1)


def test_a_retired_duplicate_is_named_so_the_admin_brings_it_back(client, session, admin):
    _add(session, vendor="Snom", model="D785", active=False)
    page = _page(client.submit(f"{CATALOG}/new", {"vendor": "Snom", "model": "D785", "keys": "24",
                                                   "label_width": "12"}))
    assert "Snom D785 is in the catalog already (retired: bring it back instead)." in page


def test_an_admin_edits_a_model_and_the_audit_says_what_changed(client, session, admin):
    vvx = _model(session, "Poly", "VVX 450")
    page = _page(client.get(f"{CATALOG}/{vvx.id}"))
    assert "Edit Poly VVX 450" in page and 'name="version" type="hidden" value="1"' in page
    assert "0 means a softphone" in page
    response = client.submit(f"{CATALOG}/{vvx.id}", _form(vvx, keys=14, label_width=16))
    assert response.status_code == 303
    session.refresh(vvx)
    assert (vvx.keys, vvx.label_width, vvx.version) == (14, 16, 2)
    assert [event.note for event in _events(session, "catalog.model_updated")] == [
        "keys: 12 → 14, label width: 14 → 16"]


def test_a_stale_version_shows_both_values_field_by_field(client, session, admin):
    vvx = _model(session, "Poly", "VVX 450")
    opened = client.hidden_fields(f"{CATALOG}/{vvx.id}")  # the page as the admin opened it
    mine = _form(vvx, keys=13)
    update_versioned(vvx, 1, {"keys": 15})
    session.commit()
    response = client.post(f"{CATALOG}/{vvx.id}", data={**opened, **mine})
    page = _page(response)
    assert response.status_code == 409 and "Someone else saved this first" in page
    assert "The phone model Poly VVX 450" in page
    assert 'name="keys" value="13" checked' in page and 'name="keys" value="15"' in page
    session.refresh(vvx)
    assert (vvx.keys, vvx.version) == (15, 2)
    chosen = client.submit(f"{CATALOG}/{vvx.id}", {**mine, "version": 2}, page=f"{CATALOG}/{vvx.id}")
    assert chosen.status_code == 303
    session.refresh(vvx)
    assert (vvx.keys, vvx.version) == (13, 3)


def test_the_edit_form_keeps_an_autosaved_draft(client, session, admin):
    vvx = _model(session, "Poly", "VVX 450")
    path = f"{CATALOG}/{vvx.id}"
    token = client.csrf_token(path)
    response = client.post(path, data={"csrf_token": token, **_form(vvx, model="VVX 450 OBi")}, headers=AUTOSAVE)
    assert response.status_code == 200 and response.json["version"] == 1
    session.refresh(vvx)
    assert vvx.model == "VVX 450"
    page = _page(client.get(path))
    assert "We restored your unsaved changes" in page and 'value="VVX 450 OBi"' in page


def test_retiring_takes_a_model_out_of_the_worksheets_and_bringing_it_back_returns_it(client, app, session, admin):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    vvx = _model(session, "Poly", "VVX 450")
    seat = create_seat(project, first_name="Ana", phone_model_id=vvx.id)
    page = _page(client.get(f"{CATALOG}/{vvx.id}"))
    assert "1 seat uses this model, so it cannot be deleted." in page and f"{CATALOG}/{vvx.id}/delete" not in page
    response = client.submit(f"{CATALOG}/{vvx.id}/retire", page=f"{CATALOG}/{vvx.id}")
    assert response.status_code == 303
    session.refresh(vvx)
    assert (vvx.active, vvx.version) == (False, 2)
    assert session.get(type(seat), seat.id).phone_model_id == vvx.id  # the seat keeps its model
    assert "Poly VVX 450 was retired" in _page(client.get(CATALOG))
    assert ">Poly VVX 450</option>" not in _worksheet_choices(client, app)
    assert "Bring back Poly VVX 450" in _page(client.get(f"{CATALOG}/{vvx.id}"))

    client.submit(f"{CATALOG}/{vvx.id}/restore", page=f"{CATALOG}/{vvx.id}")
    session.refresh(vvx)
    assert (vvx.active, vvx.version) == (True, 3)
    assert ">Poly VVX 450</option>" in _worksheet_choices(client, app)
    assert len(_events(session, "catalog.model_retired")) == len(_events(session, "catalog.model_restored")) == 1


def test_an_edit_form_opened_before_a_retirement_keeps_the_retirement(client, session, admin):
    """The label width changed on a form opened while the model was offered; the retirement saved
    meanwhile is another field: both stay, and the model is not offered again behind anyone's back."""
    vvx = _model(session, "Poly", "VVX 450")
    opened = client.hidden_fields(f"{CATALOG}/{vvx.id}")
    mine = _form(vvx, label_width=15)  # opened while still offered
    client.submit(f"{CATALOG}/{vvx.id}/retire", page=f"{CATALOG}/{vvx.id}")
    response = client.post(f"{CATALOG}/{vvx.id}", data={**opened, **mine})
    assert response.status_code == 303
    session.refresh(vvx)
    assert (vvx.active, vvx.label_width) == (False, 15)


def test_an_unused_model_is_deleted_after_confirmation(client, session, admin):
    unused = _add(session)
    path = f"{CATALOG}/{unused.id}/delete"
    page = _page(client.get(path))
    assert "Delete Grandstream GRP2614?" in page and "Yes, delete Grandstream GRP2614" in page
    assert session.get(PhoneModel, unused.id) is not None  # the GET only asks
    response = client.submit(path)
    assert response.status_code == 303 and response.headers["Location"] == CATALOG
    session.expire_all()
    assert session.get(PhoneModel, unused.id) is None
    assert "Grandstream GRP2614 was deleted from the catalog." in _page(client.get(CATALOG))
    assert [event.object_label for event in _events(session, "catalog.model_deleted")] == ["Grandstream GRP2614"]


def test_a_model_used_by_seats_cannot_be_deleted(client, app, session, admin):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    vvx = _model(session, "Poly", "VVX 450")
    create_seat(project, first_name="Ana", phone_model_id=vvx.id)
    path = f"{CATALOG}/{vvx.id}/delete"
    page = _page(client.get(path))
    assert "Poly VVX 450 cannot be deleted" in page and "Retire Poly VVX 450" in page and "Yes, delete" not in page
    response = client.submit(path, page=f"{CATALOG}/{vvx.id}")
    assert response.status_code == 303 and response.headers["Location"] == f"{CATALOG}/{vvx.id}"
    assert "Seats use Poly VVX 450, so it cannot be deleted; retire it instead." in _page(client.get(
        response.headers["Location"]))
    session.expire_all()
    assert session.get(PhoneModel, vvx.id) is not None and _events(session, "catalog.model_deleted") == []


@pytest.mark.parametrize("role, listing, model_page", [
    (Role.PRIMARY_CONTACT, 403, 404), (Role.VIEWER, 403, 404), (Role.IPM, 403, 403), (Role.ENGINEER, 403, 403)])
def test_only_admins_reach_the_catalog(client, session, role, listing, model_page):
    vvx = _model(session, "Poly", "VVX 450")
    user = create_user(role)
    client.login(user.email)
    assert client.get(CATALOG).status_code == listing
    assert client.get(f"{CATALOG}/new").status_code == listing
    assert client.submit(f"{CATALOG}/new", {"vendor": "Evil", "model": "Phone", "keys": "1", "label_width": "1"},
                         page="/").status_code == listing
    for suffix in ("", "/delete"):
        assert client.get(f"{CATALOG}/{vvx.id}{suffix}").status_code == model_page
    for suffix in ("", "/retire", "/delete"):
        assert client.submit(f"{CATALOG}/{vvx.id}{suffix}", _form(vvx, keys=1), page="/").status_code == model_page
    session.expire_all()
    assert (vvx.keys, vvx.active, vvx.version) == (12, True, 1)
    assert session.scalars(select(PhoneModel).where(PhoneModel.vendor == "Evil")).first() is None
    assert "Phone models" not in _page(client.get("/"))


def test_admins_find_the_catalog_in_the_navigation(client, admin):
    page = _page(client.get("/"))
    assert f'<a href="{CATALOG}">Phone models</a>' in page
    assert f'<a href="{CATALOG}" aria-current="page">Phone models</a>' in _page(client.get(CATALOG))


def test_seats_whose_import_named_a_new_model_use_it_once_it_is_added(client, app, session, admin):
    from portal.models.telephony import Seat
    from portal.worksheet.checks import problems_by_seat
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    waiting = create_seat(project, first_name="Ana", phone_model_raw="grandstream grp2614")
    other = create_seat(project, first_name="Ben", phone_model_raw="Grandstream GRP2615")
    session.commit()
    assert "not in the catalog" in " ".join(problems_by_seat([waiting])[waiting.id])
    client.submit(f"{CATALOG}/new", {"vendor": "Grandstream", "model": "GRP2614", "keys": "16",
                                     "label_width": "12", "active": "y"})
    session.expire_all()
    waiting, other = session.get(Seat, waiting.id), session.get(Seat, other.id)
    assert (waiting.phone_model.title, waiting.phone_model_raw, waiting.version) == (
        "Grandstream GRP2614", "grandstream grp2614", 2)
    assert other.phone_model is None and other.version == 1
    assert not any("catalog" in problem for problem in problems_by_seat([waiting])[waiting.id])
    assert [event.note for event in _events(session, "catalog.model_matched")] == ["1 seats named it in an import"]
