"""Forms that never lose what people type: autosave, drafts, lost sessions, conflicts, secrets."""
import time

from sqlalchemy import func, select, text

from portal.core.versioning import update_versioned
from portal.models.audit import AuditEvent
from portal.models.drafts import Draft
from portal.models.users import Organization, Role, User
from tests.conftest import TEST_PASSWORD
from tests.factories import create_user

AUTOSAVE = {"X-Autosave": "1", "Accept": "application/json"}


def _profile(user, **values) -> dict:
    return {"name": user.name, "job_title": "", "phone": "", "version": user.version, **values}


def _autosave(client, path, data, page=None):
    token = client.csrf_token(page or path)
    return client.post(path, data={"csrf_token": token, **data}, headers=AUTOSAVE)


def _events(session, action):
    return session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def test_autosave_answers_json_keeps_a_draft_and_writes_no_audit_entry(client, session):
    user = create_user()
    client.login(user.email)
    response = _autosave(client, "/account/profile", _profile(user, job_title="Practice manager"))
    assert response.status_code == 200
    assert set(response.json) == {"saved_at", "version", "csrf_token"} and response.json["version"] == 1
    assert session.get(User, user.id).job_title is None
    assert _events(session, "user.profile_updated") == 0
    page = client.get("/account/profile").get_data(as_text=True)
    assert "We restored your unsaved changes" in page and 'value="Practice manager"' in page


def test_an_autosave_sends_back_no_session_cookie_to_race_the_saves_confirmation(client, session):
    """Found by a Chromium journey: an autosave answered just after the form's save redirected sent the
    session cookie back without the save's confirmation, and the message never showed."""
    user = create_user()
    client.login(user.email)
    client.get("/account/profile")
    response = _autosave(client, "/account/profile", _profile(user, job_title="Practice manager"))
    assert response.status_code == 200
    assert not any(header.startswith("session=") for header in response.headers.getlist("Set-Cookie"))
    saved = client.submit("/account/profile", _profile(user, job_title="Office manager"))
    assert any(header.startswith("session=") for header in saved.headers.getlist("Set-Cookie"))  # the flash


def test_save_writes_the_record_drops_the_draft_and_is_audited(client, session):
    user = create_user()
    client.login(user.email)
    _autosave(client, "/account/profile", _profile(user, job_title="Draft title"))
    response = client.submit("/account/profile", _profile(user, job_title="Office manager", phone="(415) 555-0134"))
    assert response.status_code == 303
    saved = session.get(User, user.id)
    assert (saved.job_title, saved.phone, saved.version) == ("Office manager", "+14155550134", 2)
    assert session.scalar(select(func.count(Draft.id))) == 0
    assert _events(session, "user.profile_updated") == 1


def test_bad_input_is_explained_and_kept(client):
    user = create_user()
    client.login(user.email)
    page = client.submit("/account/profile", _profile(user, name="", phone="12")).get_data(as_text=True)
    assert "Enter the name." in page and "Enter a phone number" in page or "not a valid phone number" in page
    assert 'value="12"' in page


def test_discarding_a_draft_shows_the_saved_record_again(client):
    user = create_user(name="Saved Name")
    client.login(user.email)
    _autosave(client, "/account/profile", _profile(user, name="Draft Name"))
    response = client.submit("/account/profile", {"discard_draft": "1"})
    assert response.status_code == 303
    page = client.get("/account/profile").get_data(as_text=True)
    assert 'value="Saved Name"' in page and "We restored" not in page


def test_autosave_when_logged_out_is_401_json_never_a_redirect(client):
    user = create_user()
    client.login(user.email)
    token = client.csrf_token("/account/profile")
    client.submit("/logout", page="/")
    response = client.post("/account/profile", data={"csrf_token": token, "name": "x", "version": 1},
                           headers=AUTOSAVE)
    assert response.status_code == 401 and response.is_json


def test_autosave_of_a_record_someone_else_saved_is_409(client, session):
    user = create_user()
    client.login(user.email)
    update_versioned(session.get(User, user.id), 1, {"job_title": "Changed elsewhere"})
    session.commit()
    response = _autosave(client, "/account/profile", _profile(user, version=1), page="/")
    assert response.status_code == 409 and response.json["current_version"] == 2


def test_autosave_with_a_broken_payload_is_422(client):
    user = create_user()
    client.login(user.email)
    response = _autosave(client, "/account/profile", {"name": "x", "version": "not a number"})
    assert response.status_code == 422 and "reload" in response.json["error"]


def test_autosave_with_an_invalid_token_is_422_with_a_fresh_token(client):
    user = create_user()
    client.login(user.email)
    response = client.post("/account/profile", data={"csrf_token": "stale", **_profile(user)}, headers=AUTOSAVE)
    assert response.status_code == 422 and response.json["csrf_token"]
    retry = client.post("/account/profile", data={"csrf_token": response.json["csrf_token"], **_profile(user)},
                        headers=AUTOSAVE)
    assert retry.status_code == 200


def test_an_invalid_token_on_save_keeps_the_values_and_saves_nothing(client, session):
    user = create_user(name="Stored")
    client.login(user.email)
    response = client.post("/account/profile", data={"csrf_token": "stale", **_profile(user, name="Typed")})
    page = response.get_data(as_text=True)
    assert "Your session had expired; nothing was saved; check and save again." in page
    assert 'value="Typed"' in page and session.get(User, user.id).name == "Stored"


def test_a_session_that_timed_out_between_get_and_post_keeps_the_values_for_after_login(client, app, session):
    user = create_user(name="Stored")
    client.login(user.email)
    token = client.csrf_token("/account/profile")
    with client.session_transaction() as stored:
        stored["seen_at"] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    response = client.post("/account/profile", data={"csrf_token": token, **_profile(user, name="Typed Late")})
    assert response.status_code == 303 and response.headers["Location"] == "/login?next=/account/profile"
    assert session.get(User, user.id).name == "Stored"
    assert "we kept what you typed" in client.get("/login").get_data(as_text=True)
    back = client.submit("/login?next=/account/profile", {"email": user.email, "password": TEST_PASSWORD})
    assert back.headers["Location"] == "/account/profile"
    page = client.get("/account/profile").get_data(as_text=True)
    assert "We restored your unsaved changes" in page and 'value="Typed Late"' in page


def test_a_session_ended_elsewhere_keeps_the_values_of_the_person_it_named(client, app, session):
    user = create_user(name="Stored")
    client.login(user.email)
    token = client.csrf_token("/account/profile")
    session.get(User, user.id).session_nonce += 1  # e.g. the password was changed in another browser
    session.commit()
    response = client.post("/account/profile", data={"csrf_token": token, **_profile(user, name="Typed Before")})
    assert response.status_code == 303 and response.headers["Location"] == "/login?next=/account/profile"
    assert "we kept what you typed" in client.get("/login").get_data(as_text=True)
    client.login(user.email)
    assert 'value="Typed Before"' in client.get("/account/profile").get_data(as_text=True)


def test_a_post_that_names_nobody_keeps_nothing_and_says_so(client, session):
    client.get("/login")
    token = client.csrf_token("/login")
    response = client.post("/account/profile", data={"csrf_token": token, "name": "Planted", "version": "1"})
    assert response.status_code == 303 and response.headers["Location"].startswith("/login?next=")
    assert "Nothing was saved: log in and send it again." in client.get("/login").get_data(as_text=True)
    assert session.scalar(select(func.count(Draft.id))) == 0


def test_a_cross_site_post_without_a_cookie_plants_no_draft(app, session):
    victim = create_user()
    stranger = app.test_client()  # a browser with no session, as a cross-site POST arrives (SameSite=Lax)
    stranger.post("/account/profile", data={"name": "Mallory Planted", "version": "1"})
    assert session.scalar(select(func.count(Draft.id)).where(Draft.user_id == victim.id)) == 0


def test_an_expired_session_cannot_read_pages_by_sending_a_bad_token(client, app):
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    with client.session_transaction() as stored:
        stored["seen_at"] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    response = client.post(f"/organizations/{primary.organization_id}/profile", data={"csrf_token": "bad"})
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")


def test_saving_after_the_fresh_login_window_keeps_the_values_behind_the_password_prompt(client, session):
    primary = create_user(Role.PRIMARY_CONTACT)
    colleague = create_user(Role.VIEWER, primary.organization, name="Old Name")
    client.login(primary.email)
    path = f"/users/{colleague.id}/edit"
    token = client.csrf_token(path)
    with client.session_transaction() as stored:
        stored["login_at"] = time.time() - 3600
    data = {"csrf_token": token, "name": "New Name", "job_title": "", "phone": "", "role": "viewer", "version": 1}
    autosave = client.post(path, data=data, headers=AUTOSAVE)
    assert autosave.status_code == 200  # a draft changes nothing, so it needs no fresh password
    response = client.post(path, data=data)
    assert response.status_code == 303 and response.headers["Location"].startswith("/reauthenticate")
    client.submit(response.headers["Location"], {"password": TEST_PASSWORD})
    page = client.get(path).get_data(as_text=True)
    assert 'value="New Name"' in page and "We restored your unsaved changes" in page
    assert session.get(User, colleague.id).name == "Old Name"


def _two_contacts_on_the_profile(client, app):
    """Two contacts of one organization, each with the profile page open; the second one's browser."""
    primary = create_user(Role.PRIMARY_CONTACT)
    secondary = create_user(Role.SECONDARY_CONTACT, primary.organization)
    other = app.test_client()
    other.login(secondary.email)
    client.login(primary.email)
    return primary, other, f"/organizations/{primary.organization_id}/profile"


def test_two_people_changing_different_fields_keep_both_changes_without_a_conflict(client, app, session):
    primary, other, path = _two_contacts_on_the_profile(client, app)
    mine = client.hidden_fields(path)  # opened before the other person saves
    fields = {"name": primary.organization.name, "support_pass_code": "", "escalation_notes": ""}
    assert other.submit(path, {**fields, "escalation_notes": "Call Lena"}).status_code == 303
    saved = client.post(path, data={**mine, **fields, "name": "Renamed Co"})
    assert saved.status_code == 303
    stored = session.get(Organization, primary.organization_id)
    session.refresh(stored)
    assert (stored.name, stored.escalation_notes, stored.version) == ("Renamed Co", "Call Lena", 3)


def test_two_people_changing_one_field_differently_choose_only_that_field(client, app, session):
    primary, other, path = _two_contacts_on_the_profile(client, app)
    mine = client.hidden_fields(path)
    fields = {"name": primary.organization.name, "support_pass_code": "", "escalation_notes": ""}
    assert other.submit(path, {**fields, "escalation_notes": "Call Lena"}).status_code == 303
    conflict = client.post(path, data={**mine, **fields, "name": "Renamed Co", "escalation_notes": "Call Maria"})
    page = conflict.get_data(as_text=True)
    assert conflict.status_code == 409 and "Someone else saved this first" in page
    assert page.count('type="radio"') == 2 and "Call Maria" in page and "Call Lena" in page
    assert "Renamed Co" in page and "(your change)" in page  # the name is kept without asking
    chosen = client.post(path, data={**client_hidden(page), "name": "Renamed Co", "escalation_notes": "Call Lena"})
    assert chosen.status_code == 303
    stored = session.get(Organization, primary.organization_id)
    session.refresh(stored)
    assert (stored.name, stored.escalation_notes, stored.version) == ("Renamed Co", "Call Lena", 3)


def client_hidden(page: str) -> dict:
    """The hidden fields of the conflict page's own form (it answers a POST, so it is not fetched
    again), leaving out the separate "discard my changes" form's."""
    from html import unescape

    from tests.conftest import HIDDEN_INPUT, NAME, VALUE
    form = page[page.index('class="form conflict-form"'):page.index('id="discard-form"')]
    return {NAME.search(tag).group(1): unescape(VALUE.search(tag).group(1))
            for tag in HIDDEN_INPUT.findall(form) if NAME.search(tag) and VALUE.search(tag)}


def test_a_support_pass_code_is_write_only_encrypted_and_never_audited(client, session):
    primary = create_user(Role.PRIMARY_CONTACT)
    path = f"/organizations/{primary.organization_id}/profile"
    client.login(primary.email)
    base = {"name": primary.organization.name, "escalation_notes": "", "version": 1}
    client.submit(path, {**base, "support_pass_code": "blue-harbor-77"})
    page = client.get(path).get_data(as_text=True)
    assert "blue-harbor-77" not in page and "A support pass code is set." in page
    raw = session.execute(text("SELECT support_pass_code FROM organizations WHERE id = :id"),
                          {"id": primary.organization_id}).scalar_one()
    assert "blue-harbor-77" not in raw
    client.submit(path, {**base, "version": 2, "support_pass_code": "", "escalation_notes": "Call us"})
    assert session.get(Organization, primary.organization_id).support_pass_code == "blue-harbor-77"
    notes = session.scalars(select(AuditEvent.note).where(AuditEvent.action == "organization.updated")).all()
    assert notes == ["changed: support pass code", "changed: escalation list"]
    assert session.scalar(select(func.count(Draft.id))) == 0


def test_viewers_read_the_organization_and_cannot_change_it(client, session):
    viewer = create_user(Role.VIEWER)
    path = f"/organizations/{viewer.organization_id}/profile"
    client.login(viewer.email)
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Save details" not in html and 'name="escalation_notes"' not in html
    assert "administrators can change it" in html
    refused = client.post(path, data={"csrf_token": client.csrf_token(path), "version": "1",
                                      "name": "Renamed by a viewer", "escalation_notes": "Call me"})
    assert refused.status_code == 403
    organization = session.get(Organization, viewer.organization_id)
    session.refresh(organization)
    assert organization.name != "Renamed by a viewer" and organization.escalation_notes is None
    assert organization.version == 1


def test_discarding_from_the_conflict_page_shows_the_saved_version(client, session):
    user = create_user(name="Saved Name")
    client.login(user.email)
    _autosave(client, "/account/profile", _profile(user, name="My Draft"))
    update_versioned(session.get(User, user.id), 1, {"name": "Their Name"})
    session.commit()
    conflict = client.submit("/account/profile", _profile(user, name="My Draft", version=1))
    assert conflict.status_code == 409 and 'form="discard-form"' in conflict.get_data(as_text=True)
    client.submit("/account/profile", {"discard_draft": "1"})
    page = client.get("/account/profile").get_data(as_text=True)
    assert 'value="Their Name"' in page and "We restored" not in page
