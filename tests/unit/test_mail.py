"""E-mail is sent after the commit and never for a rolled-back change."""
from portal.core.mail import queue_mail
from tests.factories import create_user


def test_mail_waits_for_the_commit(app, session, outbox):
    with app.test_request_context():
        user = create_user()
        queue_mail(user.email, "Hello", "reset", user=user, minutes=60, link="http://x/reset")
        assert outbox == []
        session.commit()
    assert [message["To"] for message in outbox] == [user.email]
    assert "http://x/reset" in outbox[0].get_body(("plain",)).get_content()


def test_a_rolled_back_change_sends_nothing(app, session, outbox):
    with app.test_request_context():
        user = create_user()
        queue_mail(user.email, "Hello", "reset", user=user, minutes=60, link="http://x/reset")
        session.rollback()
        session.commit()
    assert outbox == []
