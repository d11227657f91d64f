"""The Letter of Authorization signed online by the customer's contact (issue 19): the ceremony's two
steps, its evidence, exactly once, the sealed PDF rendered by a job and served as stored, and what
voids a signature (a changed detail, a renumbered number, an old letter, a carrier exception)."""
import base64
import html
import io
import re
from datetime import datetime, timedelta, timezone

from PIL import Image, ImageDraw
from sqlalchemy import select

from portal.core.seal import check_seal, sha256
from portal.models.porting import PortStatus
from portal.models.signatures import LoaSignature, SignatureMark, SignatureStatus
from portal.models.users import Role
from portal.porting import signing
from tests.factories import create_port_request, create_project, create_site, create_user


def _request(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    project.sites.append(create_site(project.organization))
    request = create_port_request(project, numbers=("+14155550200", "+14155550201"), authorized_title="Controller")
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, request, contact, f"/projects/{project.id}/porting/{request.id}"


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _consent(client, page: str, **values):
    return client.post(f"{page}/sign/consent", data={**client.form_values(f"{page}/sign", "consent"),
                                                     "consent": "y", "time_zone": "America/Los_Angeles", **values})


def _sign(client, page: str, **values):
    form = client.form_values(f"{page}/sign", "intent")
    return client.post(f"{page}/sign", data={**form, "mark": "typed", "typed": "Maria Lopez", "name": "Maria Lopez",
                                             "title": "Controller", "intent": "y", **values}), form


def drawn_signature() -> str:
    """A PNG data URL of strokes on a transparent canvas, as signature_pad makes one."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(40, 150), (160, 40), (260, 160), (420, 60), (560, 140)], fill=(29, 36, 51, 255),
                               width=4)
    data = io.BytesIO()
    image.save(data, format="PNG")
    return "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()


def _signatures(session, request) -> list[LoaSignature]:
    session.expire_all()
    return list(session.scalars(select(LoaSignature).where(LoaSignature.port_request_id == request.id)
                                .order_by(LoaSignature.id)))


def test_a_contact_reads_agrees_and_signs_and_the_sealed_pdf_is_stored_once(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    shown = _page(client.get(f"{page}/sign"))
    assert "Step" not in shown or "1. Read the letter and agree" in shown
    assert "Attachment A: the numbers to port (2)" in shown and "disclosure version 2026-12" in shown
    refused = client.post(f"{page}/sign/consent", data=client.form_values(f"{page}/sign", "consent"))
    assert refused.status_code == 200 and "Tick the box to agree to sign electronically" in _page(refused)
    assert _consent(client, page).status_code == 303
    step_two = _page(client.get(f"{page}/sign"))
    assert "2. Adopt your signature and sign" in step_two and 'value="Maria Lopez"' not in step_two
    signed, _ = _sign(client, page, mark="drawn", drawn=drawn_signature())
    assert signed.status_code == 303, _page(signed)[:2000]
    (signature,) = _signatures(session, request)
    assert signature.status == SignatureStatus.SIGNED and signature.port_request.status == PortStatus.SIGNED
    assert (signature.signer_email, signature.user_id, signature.mark) == (contact.email, contact.id,
                                                                           SignatureMark.DRAWN)
    assert signature.time_zone == "America/Los_Angeles" and signature.disclosure_version == "2026-12"
    assert signature.viewed_at <= signature.consented_at <= signature.signed_at
    assert signature.content_sha256 == signing.content_sha256(signature.port_request)
    assert Image.open(io.BytesIO(signature.drawn_mark)).format == "PNG"  # re-encoded by the portal
    # the job sealed it: the stored bytes carry the provider's seal and their SHA-256 is kept
    assert signature.sealed_file_id is not None
    with client.get(f"/files/{signature.sealed_file_id}") as download:
        assert download.status_code == 200
        served = download.data
    assert sha256(served) == signature.sealed_sha256  # exactly the stored bytes
    with app.test_request_context():
        assert check_seal(served).ok
    copy = next(message for message in outbox if message["To"] == contact.email and "signed Letter" in
                message["Subject"])
    assert next(copy.iter_attachments()).get_content() == served  # the signer's copy, the same bytes
    request_page = _page(client.get(page))
    assert "Download the signed PDF" in request_page and signature.sealed_sha256 in request_page


def test_a_second_click_a_replay_or_a_second_tab_signs_nothing_more(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _consent(client, page)
    second_tab = client.form_values(f"{page}/sign", "intent")  # the same step open in another tab
    first, form = _sign(client, page)
    assert first.status_code == 303
    again = client.post(f"{page}/sign", data={**form, "mark": "typed", "typed": "Maria Lopez", "name": "Maria Lopez",
                                              "intent": "y"})
    assert again.status_code == 303 and "That was done already; nothing was repeated." in _page(
        client.get(again.headers["Location"]))
    other = client.post(f"{page}/sign", data={**second_tab, "mark": "typed", "typed": "Maria Lopez",
                                              "name": "Maria Lopez", "intent": "y"}, follow_redirects=True)
    assert "nothing to sign now" in _page(other) or "Agree to sign electronically first" in _page(other)
    assert [item.status for item in _signatures(session, request)] == [SignatureStatus.SIGNED]


def test_the_ceremony_asks_for_the_password_after_a_stale_login(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    with client.session_transaction() as cookie:
        cookie["login_at"] = 0  # the password was entered long ago
    assert "/reauthenticate" in client.get(f"{page}/sign").headers["Location"]
    refused = client.post(f"{page}/sign/consent", data={"csrf_token": client.csrf_token(page), "consent": "y"})
    assert refused.status_code == 303 and "/reauthenticate" in refused.headers["Location"]
    assert _signatures(session, request) == []


def test_an_empty_pad_or_a_missing_intent_keeps_what_was_typed(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _consent(client, page)
    empty = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    data = io.BytesIO()
    empty.save(data, format="PNG")
    blank = "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()
    refused, _ = _sign(client, page, mark="drawn", drawn=blank, name="Maria Q. Lopez", title="Finance controller")
    shown = _page(refused)
    assert refused.status_code == 200
    assert "The signature box is empty: draw your signature, or type it instead." in shown
    assert 'value="Maria Q. Lopez"' in shown and 'value="Finance controller"' in shown
    refused, _ = _sign(client, page, intent="")
    assert refused.status_code == 200 and "Tick the box to confirm you mean to sign." in _page(refused)
    refused, _ = _sign(client, page, mark="drawn", drawn="data:image/png;base64,bm90IGEgcG5n")
    assert "The drawn signature could not be read" in _page(refused)
    assert [item.status for item in _signatures(session, request)] == [SignatureStatus.CONSENTED]


def test_staff_cannot_sign_and_another_organizations_letter_answers_404(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(project.ipm.email)
    assert client.get(f"{page}/sign").status_code == 403
    with app.test_request_context():
        other = create_project(with_kick_off=False)
    stranger = create_user(Role.PRIMARY_CONTACT, other.organization)
    session.commit()
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(stranger.email)
    assert client.get(f"{page}/sign").status_code == 404
    assert client.get(f"{page}/loa").status_code == 404
    assert client.post(f"{page}/sign/consent", data={"csrf_token": client.csrf_token("/"), "consent": "y"}
                       ).status_code == 404


def _signed(client, session, request, page) -> LoaSignature:
    _consent(client, page)
    assert _sign(client, page)[0].status_code == 303
    return _signatures(session, request)[-1]


def test_changing_a_detail_voids_the_signature_and_keeps_it_in_the_history(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    signature = _signed(client, session, request, page)
    unchanged = client.post(page, data=client.form_values(page, "customer_name"))
    assert unchanged.status_code == 303
    assert _signatures(session, request)[-1].status == SignatureStatus.SIGNED  # nothing changed, nothing voided
    changed = client.post(page, data={**client.form_values(page, "customer_name"), "account_number": "8831 2200 20"})
    assert changed.status_code == 303
    (voided,) = _signatures(session, request)
    assert voided.id == signature.id and voided.status == SignatureStatus.SUPERSEDED
    assert voided.port_request.status == PortStatus.DRAFT and "changed after it was signed" in voided.superseded_why
    shown = _page(client.get(page))
    assert "Earlier signatures" in shown and "superseded" in shown and "Its sealed PDF" in shown


def test_a_number_renumbered_in_section_three_voids_the_signature(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _signed(client, session, request, page)
    number = request.numbers[1].phone_number
    url = f"/projects/{project.id}/questionnaire/numbers/{number.id}"
    saved = client.post(url, data={**client.form_values(url, "e164"), "e164": "+14155550299"})
    assert saved.status_code == 303, _page(saved)[:1500]
    (voided,) = _signatures(session, request)
    assert voided.status == SignatureStatus.SUPERSEDED and voided.port_request.status == PortStatus.DRAFT


def test_a_letter_older_than_thirty_days_is_not_submitted_and_is_signed_again(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    signature = _signed(client, session, request, page)
    signature.signed_at = datetime.now(timezone.utc) - timedelta(days=31)
    session.commit()
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(project.ipm.email)
    refused = client.post(f"{page}/status", data={**client.form_values(page, "target"), "target": "submitted"})
    assert "more than 30 days ago: carriers want a recent one" in _page(refused)
    assert "Signed more than 30 days ago" in _page(client.get(page))
    with app.test_request_context():
        assert signing.expire_old_signatures().startswith("1 signed")
        session.commit()
    (expired,) = _signatures(session, request)
    assert expired.status == SignatureStatus.SUPERSEDED and expired.port_request.status == PortStatus.READY_TO_SIGN
    assert any("ready to sign" in message["Subject"].lower() for message in outbox)


def test_a_carrier_exception_asks_for_a_new_signature_and_staff_cannot_mark_it_signed(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _signed(client, session, request, page)
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(project.ipm.email)
    assert "signed" not in re.findall(r'<option value="(\w+)"', _page(client.get(page)))
    assert client.post(f"{page}/status", data={**client.form_values(page, "target"), "target": "submitted"}
                       ).status_code == 303
    assert client.post(f"{page}/status", data={**client.form_values(page, "target"), "target": "exception",
                                               "reason": "name", "note": "The name differs."}).status_code == 303
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(contact.email)
    assert client.post(page, data={**client.form_values(page, "customer_name"),
                                   "customer_name": "Customer Incorporated"}).status_code == 303
    (voided,) = _signatures(session, request)
    assert voided.status == SignatureStatus.SUPERSEDED and voided.port_request.status == PortStatus.READY_TO_SIGN
    assert "exception" in voided.superseded_why


def test_the_numbers_import_making_a_signed_number_new_voids_the_signature(client, app, session):
    """The import writes through the versioned bulk writer, behind the session's back: the signed
    request it touches is still voided."""
    from portal.core.importing import PreviewRow
    from portal.models.telephony import NumberSource
    from portal.questionnaire.number_import import write_numbers
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _signed(client, session, request, page)
    number = request.numbers[0].phone_number
    row = PreviewRow(line=2, values={"e164": number.e164, "source": NumberSource.NEW}, errors=[], warnings=[],
                     action="update", target=number)
    with app.test_request_context():
        assert write_numbers(project, [], [(row, number.version)]) == [None]
        session.commit()
    (voided,) = _signatures(session, request)
    assert voided.status == SignatureStatus.SUPERSEDED and voided.port_request.status == PortStatus.DRAFT
    assert "no longer one to port" in voided.superseded_why


def test_the_plan_task_follows_the_signature_given_and_voided(client, app, session):
    """"Provide the LOA or CSR…" (the `porting` feature) is Done once the request has its bill and
    its signature, and back in progress when the signature is voided."""
    from portal.models.projects import ProjectTask, TaskStatus

    def task() -> TaskStatus:
        session.expire_all()
        return session.scalars(select(ProjectTask.status).where(ProjectTask.project_id == project.id,
                                                                ProjectTask.feature_key == "porting")).one()
    project, request, contact, page = _request(app, session)
    request.documents.append(_bill(project))
    with app.test_request_context():
        from portal.porting.progress import follow
        follow(project)
    session.commit()
    assert task() == TaskStatus.IN_PROGRESS
    client.login(contact.email)
    _signed(client, session, request, page)
    assert task() == TaskStatus.DONE
    client.post(page, data={**client.form_values(page, "customer_name"), "account_number": "8831 2200 20"})
    assert task() == TaskStatus.IN_PROGRESS


def _bill(project):
    from portal.models.porting import CarrierDocument
    from tests.factories import create_stored_file
    return CarrierDocument(stored_file=create_stored_file(project.organization))


def test_a_failed_seal_is_said_and_prepared_again(client, app, session, monkeypatch):
    from portal.core import seal
    project, request, contact, page = _request(app, session)
    client.login(contact.email)

    def broken(*args, **kwargs):
        raise seal.SealError("the signing certificate cannot be read")
    monkeypatch.setattr(seal, "signer", broken)
    signature = _signed(client, session, request, page)
    assert signature.status == SignatureStatus.SIGNED and signature.sealed_file_id is None
    shown = _page(client.get(page))
    assert "The sealed PDF could not be prepared; the signature itself is kept" in shown
    monkeypatch.undo()
    again = client.post(f"{page}/seal", data={"csrf_token": client.csrf_token(page)})
    assert again.status_code == 303
    (sealed,) = _signatures(session, request)
    assert sealed.sealed_file_id is not None and "Download the signed PDF" in _page(client.get(page))


def test_a_letter_changed_between_consent_and_signing_is_not_signed(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _consent(client, page)
    form = client.form_values(f"{page}/sign", "intent")
    assert client.post(page, data={**client.form_values(page, "customer_name"),
                                   "account_number": "8831 2200 99"}).status_code == 303  # another tab saves
    refused = client.post(f"{page}/sign", data={**form, "mark": "typed", "typed": "Maria Lopez",
                                                "name": "Maria Lopez", "intent": "y"}, follow_redirects=True)
    shown = _page(refused)
    assert "The letter changed while you were signing it: read it again and sign the new one." in shown
    assert '<li aria-current="step">1. Read the letter and agree' in shown  # back to step 1, the new letter
    assert "Account number 8831 2200 99" in " ".join(
        re.sub(r"<[^>]+>", " ", shown).split())
    assert [item.status for item in _signatures(session, request)] == [SignatureStatus.SUPERSEDED]
    assert _signatures(session, request)[0].port_request.status == PortStatus.DRAFT
