"""E-mail through a real SMTP server (aiosmtpd on loopback), and the development outbox."""
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import extract_link, make_test_app, reset_schema
from tests.factories import create_user


class Inbox:
    """An aiosmtpd handler that keeps every delivered message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_a_reset_mail_arrives_through_smtp(app, client, smtp_inbox, monkeypatch):
    inbox, port = smtp_inbox
    for key, value in {"MAIL_BACKEND": None, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port,
                       "SMTP_STARTTLS": False, "MAIL_FROM": "Portal <portal@provider.example>"}.items():
        monkeypatch.setitem(app.config, key, value)
    user = create_user(Role.VIEWER)
    client.submit("/password/forgot", {"email": user.email})
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == [user.email] and message["From"] == "Portal <portal@provider.example>"
    assert message["Subject"] == "Reset your password"
    assert extract_link(message, "/password/reset/").startswith("/password/reset/")


def test_development_writes_mail_to_the_outbox_page(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path}/dev.sqlite3", str(tmp_path), MAIL_BACKEND=None, TESTING=False,
                        OUTBOX_DIR=str(tmp_path / "outbox"))
    reset_schema(app)
    client = app.test_client()
    with app.app_context():
        user = create_user(Role.VIEWER)
        db.session.commit()
        email = user.email
    client.submit("/password/forgot", {"email": email})
    listing = client.get("/dev/outbox").get_data(as_text=True)
    assert "Reset your password" in listing and email in listing
    name = next((tmp_path / "outbox").glob("*.eml")).name
    message = client.get(f"/dev/outbox/{name}").get_data(as_text=True)
    assert "/password/reset/" in message
    assert client.get("/dev/outbox/../../etc/passwd").status_code == 404
    from_elsewhere = app.test_client().get("/dev/outbox", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    through_a_proxy = app.test_client().get("/dev/outbox", headers={"X-Forwarded-For": "203.0.113.9"})
    assert from_elsewhere.status_code == 404 and through_a_proxy.status_code == 404
    assert email not in from_elsewhere.get_data(as_text=True) + through_a_proxy.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


def test_the_outbox_page_does_not_exist_in_production(tmp_path):
    app = make_test_app("sqlite://", str(tmp_path), ENV="production")
    assert [rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/dev")] == []
    assert app.test_client().get("/dev/outbox").status_code == 404
