"""Signing links (issue 19): the authorized person, with no account, signs through a one-time link
that expires; an access code, if the inviter set one, is asked first with limited tries; the inviter
sees the link's state and sends it again or cancels it; a used, expired, cancelled or unknown link
opens nothing."""
import html
import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from portal.models.porting import PortStatus
from portal.models.signatures import InvitationStatus, LoaSignature, SignatureStatus, SigningInvitation
from tests.factories import sign_port_request
from tests.integration.test_loa_signing import _request


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _send(client, page: str, **values):
    form = client.form_values(page, "access_code")
    return client.post(f"{page}/links", data={**form, **values})


def _link_from(outbox) -> str:
    message = next(item for item in reversed(outbox) if "Please sign the Letter" in item["Subject"])
    return re.search(r"https?://[^/\s]+(/sign/[A-Za-z0-9_-]+)", message.get_body(("plain",)).get_content()).group(1)


def _invitations(session, request) -> list[SigningInvitation]:
    session.expire_all()
    return list(session.scalars(select(SigningInvitation).where(SigningInvitation.port_request_id == request.id)
                                .order_by(SigningInvitation.id)))


def _logout(client) -> None:
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})


def _sign_through(client, link: str, **typed):
    consent = client.form_values(link, "consent")
    assert client.post(f"{link}/consent", data={**consent, "consent": "y", "time_zone": "America/Chicago"}
                       ).status_code == 303
    form = client.form_values(link, "intent")
    return client.post(f"{link}/sign", data={**form, "mark": "typed", "typed": "Dana Reyes", "name": "Dana Reyes",
                                              "intent": "y", **typed})


def test_the_authorized_person_signs_through_the_link_without_an_account(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    sent = _send(client, page, name="Dana Reyes", title="CFO", email="dana@northwind.example")
    assert sent.status_code == 303
    assert "Sent" in _page(client.get(page)) and "dana@northwind.example" in _page(client.get(page))
    link = _link_from(outbox)
    _logout(client)
    opened = _page(client.get(link))
    assert "Signing as Dana Reyes (dana@northwind.example)" in opened and "Attachment A" in opened
    assert _invitations(session, request)[0].status == InvitationStatus.OPENED
    signed = _sign_through(client, link)
    assert signed.status_code == 303
    (signature,) = session.scalars(select(LoaSignature).where(LoaSignature.port_request_id == request.id)).all()
    assert (signature.status, signature.user_id, signature.signer_email) == (SignatureStatus.SIGNED, None,
                                                                             "dana@northwind.example")
    assert signature.invitation.status == InvitationStatus.SIGNED and signature.sealed_sha256
    assert signature.port_request.status == PortStatus.SIGNED
    reused = client.get(link)
    assert reused.status_code == 200 and "signed already through this link: it cannot be used again" in _page(reused)
    assert any(message["To"] == "dana@northwind.example" and "signed Letter" in message["Subject"]
               for message in outbox)
    client.login(contact.email)
    shown = _page(client.get(page))
    assert "Signed by Dana Reyes" in shown and "through a signing link" in shown


def test_an_access_code_is_asked_first_and_five_wrong_ones_lock_the_link(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    assert _send(client, page, name="Dana Reyes", email="dana@northwind.example", access_code="7391").status_code \
        == 303
    link = _link_from(outbox)
    assert "7391" not in outbox[-1].get_body(("plain",)).get_content()  # told by phone, never e-mailed
    _logout(client)
    asked = _page(client.get(link))
    assert "Enter your access code" in asked and "Attachment A" not in asked  # the letter stays closed
    for attempt in range(1, 5):
        wrong = client.post(f"{link}/code", data={**client.form_values(link, "code"), "code": "0000"})
        assert f"That is not the access code. {5 - attempt} tries left." in _page(wrong)
    locked = client.post(f"{link}/code", data={**client.form_values(link, "code"), "code": "0000"})
    assert locked.status_code == 410 and "locked: the access code was entered wrongly too many times" in _page(locked)
    assert _invitations(session, request)[0].status == InvitationStatus.LOCKED
    assert client.get(link).status_code == 410  # the right code is of no use now
    client.login(contact.email)
    assert "Locked: wrong access code too often" in _page(client.get(page))


def test_the_right_access_code_opens_the_letter(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _send(client, page, name="Dana Reyes", email="dana@northwind.example", access_code="7391")
    link = _link_from(outbox)
    _logout(client)
    right = client.post(f"{link}/code", data={**client.form_values(link, "code"), "code": "7391"})
    assert right.status_code == 303
    assert "Attachment A" in _page(client.get(link))
    assert _sign_through(client, link).status_code == 303


def _expired_link(client, session, request, page, outbox) -> tuple[str, SigningInvitation]:
    """A link sent by the logged-in contact, its expiry passed a minute ago."""
    _send(client, page, name="Dana Reyes", email="dana@northwind.example")
    (invitation,) = _invitations(session, request)
    invitation.expires_at = datetime.now(timezone.utc) - timedelta(minutes=1)
    session.commit()
    return _link_from(outbox), invitation


def test_an_expired_a_cancelled_and_an_unknown_link_open_nothing(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    first, invitation = _expired_link(client, session, request, page, outbox)
    assert "Expired" in _page(client.get(page))
    again = client.post(f"{page}/links/again", data={"csrf_token": client.csrf_token(page),
                                                     "invitation": str(invitation.id)})
    assert again.status_code == 303
    second = _link_from(outbox)
    assert second != first
    confirm = _page(client.get(f"{page}/links/cancel?invitation={_invitations(session, request)[1].id}"))
    assert "Cancel the signing link sent to Dana Reyes?" in confirm
    cancelled = client.post(f"{page}/links/cancel", data={**client.form_values(
        f"{page}/links/cancel?invitation={_invitations(session, request)[1].id}", "invitation")})
    assert cancelled.status_code == 303
    assert [item.status for item in _invitations(session, request)] == [InvitationStatus.CANCELLED,
                                                                        InvitationStatus.CANCELLED]
    _logout(client)
    expired = client.get(first)
    assert expired.status_code == 410 and "This signing link no longer works (sent again)." in _page(expired)
    gone = client.get(second)
    assert gone.status_code == 410 and "This signing link no longer works (cancelled by the inviter)." in _page(gone)
    unknown = client.get("/sign/not-a-real-token")
    assert unknown.status_code == 404 and "This signing link is not valid." in _page(unknown)
    refused = client.post(f"{second}/consent", data={"csrf_token": client.csrf_token("/login"), "consent": "y"})
    assert refused.status_code == 410
    assert not session.scalars(select(LoaSignature).where(LoaSignature.port_request_id == request.id)).all()


def test_an_expired_link_says_so(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    link, _ = _expired_link(client, session, request, page, outbox)
    _logout(client)
    expired = client.get(link)
    assert expired.status_code == 410 and "This signing link expired on" in _page(expired)


def test_a_link_form_with_errors_keeps_what_was_typed(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    refused = _send(client, page, name="Dana Reyes", email="not-an-address", access_code="12")
    shown = _page(refused)
    assert "Enter an e-mail address like name@example.com." in shown and "An access code has 4 to 40" in shown
    assert 'value="Dana Reyes"' in shown and 'value="not-an-address"' in shown
    assert _invitations(session, request) == []


def test_once_the_contact_signs_a_live_link_says_the_letter_is_signed(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _send(client, page, name="Dana Reyes", email="dana@northwind.example")
    link = _link_from(outbox)
    with app.test_request_context():
        sign_port_request(request, contact)
    session.commit()
    assert "Sign the letter yourself" not in _page(client.get(page))
    assert client.get(f"{page}/sign").status_code == 303  # nothing to sign: back to the request
    _logout(client)
    closed = client.get(link)
    assert closed.status_code == 410 and f"the letter was signed by {contact.name}" in _page(closed)
