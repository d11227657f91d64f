"""The outbox in Chromium, with the accessibility check on every page: an administrator finds a
failed e-mail with its error, sends it again, and sees it delivered (issue 14)."""
import re

from playwright.sync_api import expect

from portal.models.mail import MailStatus
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_outbox_message, create_user

SUBJECT, TO, ERROR = "Your kick-off meeting", "ana@example.com", "SMTPRecipientsRefused: mailbox unavailable"


def _show(page, status: str) -> None:
    page.get_by_label("Status").select_option(label=status)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_label("Status")).to_have_value(status.lower())
    page.axe.check()


def test_an_admin_sends_a_failed_message_again(page, committed, outbox):
    admin = committed(create_user, Role.ADMIN)
    committed(create_outbox_message, MailStatus.SENT, subject="Welcome to your project", to="sam@example.com")
    committed(create_outbox_message, subject=SUBJECT, to=TO, last_error=ERROR)
    log_in(page, admin["email"], TEST_PASSWORD)
    page.axe.check()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="E-mail").click()
    expect(page.get_by_role("heading", name="E-mail sent by the portal")).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(3)  # the header, the sent message and the failed one
    page.axe.check()

    _show(page, "Failed")
    failed = page.get_by_role("row", name=re.compile(SUBJECT))
    expect(page.get_by_role("row")).to_have_count(2)
    expect(failed).to_contain_text(ERROR)
    expect(failed).to_contain_text("Failed")
    failed.get_by_role("button", name="Send again").click()
    expect(page.get_by_role("status")).to_contain_text(f"The message to {TO} is on its way again.")
    page.axe.check()

    assert outbox.find(to=TO, subject=SUBJECT)["To"] == TO  # the worker delivered it
    _show(page, "Sent")
    sent = page.get_by_role("row", name=re.compile(SUBJECT))
    expect(sent).to_contain_text("Sent")
    expect(sent.get_by_role("button", name="Send again")).to_have_count(0)
    expect(sent).not_to_contain_text(ERROR)
