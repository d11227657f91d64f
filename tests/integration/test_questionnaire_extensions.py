"""Section 2 of the questionnaire: each seat's configuration, its checks, the write-only PIN."""
import html

from sqlalchemy import select, text

from portal.models.audit import AuditEvent
from portal.models.telephony import OutboundPermission, Seat
from portal.models.users import Role
from tests.factories import create_project, create_seat, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    project.dial_plan.extension_length = 3
    seat = create_seat(project, extension="101", first_name="Ana", last_name="Reyes", email="ana@example.com")
    session.commit()
    return project, seat, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _form(seat, **values) -> dict:
    data = {"extension": seat.extension, "phone_model_id": "", "voicemail_enabled": "y",
            "outbound_permission": "long_distance", "recording_mode": "none", "call_waiting": "y"}
    return {key: value for key, value in {**data, **values}.items() if value is not None}


def test_a_seat_is_configured_and_its_pin_is_never_shown(client, app, session):
    project, seat, contact = _project(app, session)
    url = f"/projects/{project.id}/questionnaire/extensions/{seat.id}"
    client.login(contact.email)
    response = client.submit(url, _form(seat, voicemail_pin="4826", intercom="y", paging="y",
                                        outbound_permission="international"))
    assert response.status_code == 303
    seat = session.get(Seat, seat.id)
    assert (seat.voicemail_pin, seat.voicemail_pin_problem, seat.intercom, seat.outbound_permission) == (
        "4826", None, True, OutboundPermission.INTERNATIONAL)
    page = _page(client.get(url))
    assert "4826" not in page and "Voicemail PIN: <strong>set</strong>" in page
    features = page[page.index('<legend class="label">Features</legend>'):]
    assert features.index('id="call_forwarding"') < features.index('id="call_park"') < features.index("</fieldset>")
    listing = _page(client.get(f"/projects/{project.id}/questionnaire/extensions"))
    assert "PIN set" in listing and "Intercom, Paging group" in listing and "4826" not in listing
    client.submit(url, _form(seat, voicemail_pin=None))  # blank keeps the PIN
    assert session.get(Seat, seat.id).voicemail_pin == "4826"
    stored = session.scalar(text("SELECT voicemail_pin FROM seats WHERE id = :id"), {"id": seat.id})
    assert "4826" not in stored  # encrypted at rest


def test_the_checks_name_each_seat_and_link_to_its_field(client, app, session):
    project, seat, contact = _project(app, session)
    create_seat(project, extension="1002", first_name="Ben", voicemail_to_email=True)
    url = f"/projects/{project.id}/questionnaire/extensions/{seat.id}"
    client.login(contact.email)
    refused = _page(client.submit(url, _form(seat, voicemail_pin="1111")))
    assert "The voicemail PIN repeats one digit" in refused  # the person typing it is told why
    assert "Use 4 to 10 digits." in _page(client.submit(url, _form(seat, voicemail_pin="111")))
    session.expire_all()
    assert session.get(Seat, seat.id).voicemail_pin is None
    client.submit(url, _form(seat, extension="482", voicemail_pin="4826"))
    client.submit(url, _form(seat, extension="4826"))  # the extension moves onto the PIN: found again, stored
    session.expire_all()
    assert session.get(Seat, seat.id).voicemail_pin_problem == "The voicemail PIN is too easy to guess; choose another."
    check = _page(client.get(f"/projects/{project.id}/questionnaire/check"))
    assert "Ana Reyes: The voicemail PIN is too easy to guess" in check and f'href="{url}#voicemail_pin"' in check
    assert "Ben: extension 1002 has 4 digits; the dial plan says 3." in check
    assert "Ben: voicemail to e-mail needs an e-mail address" in check
    client.submit("/logout", page="/")
    client.login(create_user(Role.VIEWER, project.organization).email)
    seen = _page(client.get(f"/projects/{project.id}/questionnaire/check"))
    assert "too easy to guess" in seen and "own extension" not in seen and f'href="{url}' not in seen


def test_an_engineer_reveals_a_pin_after_a_fresh_login_and_it_is_audited(client, app, session):
    project, seat, contact = _project(app, session)
    seat.voicemail_pin = "4826"
    session.commit()
    url = f"/projects/{project.id}/questionnaire/extensions/{seat.id}/pin"
    listing_url = f"/projects/{project.id}/questionnaire/extensions"
    client.login(contact.email)
    assert client.get(url).status_code == 403
    assert client.submit(url, page=listing_url).status_code == 403
    client.submit("/logout", page="/")
    engineer = create_user(Role.ENGINEER)
    client.login(engineer.email)
    listing = _page(client.get(listing_url))
    assert "Reveal the PIN<span class=\"visually-hidden\"> of Ana Reyes" in listing and "4826" not in listing
    confirm = _page(client.get(url))
    assert "Reveal the PIN" in confirm and "4826" not in confirm
    revealed = client.submit(url)
    assert "4826" in _page(revealed) and revealed.headers["Cache-Control"] == "no-store"
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "seat.pin_revealed")).all()
    assert [(event.actor_id, event.object_id) for event in events] == [(engineer.id, seat.id)]
    assert all("4826" not in (event.note or "") for event in session.scalars(select(AuditEvent)))


def test_a_stale_login_must_confirm_the_password_even_when_posing_as_an_autosave(client, app, session):
    project, seat, _ = _project(app, session)
    seat.voicemail_pin = "4826"
    session.commit()
    url = f"/projects/{project.id}/questionnaire/extensions/{seat.id}/pin"
    client.login(create_user(Role.ENGINEER).email)
    token = client.csrf_token(url)
    with client.session_transaction() as cookie:
        cookie["login_at"] = 0  # the password was entered long ago
    answer = client.post(url, data={"csrf_token": token}, headers={"X-Autosave": "1"})
    assert answer.status_code == 303 and "/reauthenticate" in answer.headers["Location"]
    assert "4826" not in answer.get_data(as_text=True)
    assert "/reauthenticate" in client.get(url).headers["Location"]  # then back to the confirmation page


def test_the_questionnaire_pdf_is_a_draft_with_every_section_and_no_pin(client, app, session):
    import io

    from pypdf import PdfReader
    project, seat, contact = _project(app, session)
    seat.voicemail_pin, seat.intercom = "4826", True
    session.commit()
    client.login(contact.email)
    response = client.get(f"/projects/{project.id}/questionnaire.pdf")
    assert response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for expected in ("DRAFT", "1. Sites and dial plan", "2. Extensions", "3. DID assignments", "Ana Reyes",
                     "PIN set", "Intercom", "3 digits"):
        assert expected in text, expected
    assert "4826" not in text


def test_two_seats_with_one_name_are_named_apart_on_the_check_page(client, app, session):
    project, _, contact = _project(app, session)
    lobby = [create_seat(project, seat_type_key="common_area", first_name=None, device_label="Lobby phone")
             for _ in range(2)]
    session.commit()
    client.login(contact.email)
    check = _page(client.get(f"/projects/{project.id}/questionnaire/check"))
    for seat in lobby:
        assert f"Lobby phone (seat {seat.id}) has no extension." in check


def test_long_seat_lists_are_paged_with_their_filters_kept(client, app, session):
    from portal.models.telephony import PhoneModel
    project, seat, contact = _project(app, session)
    model = session.scalars(select(PhoneModel).where(PhoneModel.model == "VVX 450")).one()
    seat.phone_model_id = model.id
    for n in range(50):
        create_seat(project, extension=str(200 + n), first_name=f"Extra{n}", phone_model_id=model.id)
    session.commit()
    client.login(contact.email)
    base = f"/projects/{project.id}"
    for path in ("questionnaire/extensions", "questionnaire/keys"):
        page = _page(client.get(f"{base}/{path}"))
        assert "Page 1 of 2 (51 seats)" in page and f'href="{base}/{path}?page=2">Next</a>' in page
    page = _page(client.get(f"{base}/worksheet?sort=extension&page=2"))
    assert "Page 2 of 2 (51 seats)" in page and "sort=extension" in page and ">Previous</a>" in page
