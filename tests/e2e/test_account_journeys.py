"""Journeys in Chromium: invitation, failed login, password reset, a primary contact inviting a colleague."""
import re

from playwright.sync_api import expect

from portal.auth.services import invite_user
from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD, extract_link
from tests.e2e.conftest import AccessibilityGuard
from tests.factories import create_organization, create_user

NEW_PASSWORD = "seven blue herons at noon"


def log_in(page, email, password):
    page.goto("/login")
    page.axe.check()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def set_password(page, link, password=NEW_PASSWORD):
    page.goto(link)
    page.axe.check()
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("Confirm new password").fill(password)
    page.get_by_role("button", name=re.compile("Set password|Change password")).click()


def test_invitation_to_dashboard_and_log_out(page, app, live_server, outbox):
    with app.test_request_context(base_url=live_server):
        admin = create_user(Role.ADMIN)
        invite_user("new.contact@example.com", "Nora Contact", Role.PRIMARY_CONTACT,
                    create_organization("Harborview Dental"), admin)
        db.session.commit()
        db.session.remove()
    message = outbox.find(to="new.contact@example.com", subject="invited")
    set_password(page, extract_link(message, "/invitation/"))
    expect(page.get_by_text("Your password is set.")).to_be_visible()
    page.axe.check()
    log_in(page, "new.contact@example.com", NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Harborview Dental")).to_be_visible()
    expect(page.get_by_text("Your project will appear here")).to_be_visible()
    page.axe.check()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    page.axe.check()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.axe.check()


def test_a_failed_login_explains_and_keeps_the_email(page, committed):
    user = committed(create_user, Role.SECONDARY_CONTACT)
    log_in(page, user["email"], "not my password at all")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The e-mail address or the password is not correct.")
    expect(summary).to_be_focused()
    expect(page.get_by_label("E-mail address")).to_have_value(user["email"])
    expect(page.get_by_label("Password")).to_have_value("")
    page.axe.check()


def test_password_reset(page, committed, outbox):
    user = committed(create_user, Role.VIEWER)
    page.goto("/login")
    page.axe.check()
    page.get_by_role("link", name="Forgot your password?").click()
    page.axe.check()
    page.get_by_label("E-mail address").fill(user["email"])
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    page.axe.check()
    set_password(page, extract_link(outbox.find(subject="Reset your password"), "/password/reset/"))
    expect(page.get_by_text("Your password was changed.")).to_be_visible()
    page.axe.check()
    log_in(page, user["email"], TEST_PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    page.axe.check()
    log_in(page, user["email"], NEW_PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_text("Your project will appear here")).to_be_visible()
    page.axe.check()


def test_a_primary_contact_invites_a_colleague_who_joins(page, new_page, committed, outbox):
    primary = committed(create_user, Role.PRIMARY_CONTACT)
    log_in(page, primary["email"], TEST_PASSWORD)
    page.axe.check()
    page.get_by_role("link", name="Our users").click()
    page.axe.check()
    page.get_by_role("link", name="Invite a colleague").click()
    page.axe.check()
    page.get_by_label("Full name").fill("Sam Colleague")
    page.get_by_label("E-mail address").fill("not-an-address")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a valid e-mail address")
    expect(page.get_by_label("Full name")).to_have_value("Sam Colleague")
    page.axe.check()
    page.get_by_label("E-mail address").fill("sam@example.com")
    page.get_by_label("Role").select_option(label="Secondary contact")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("We sent an invitation to sam@example.com.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Sam Colleague"))).to_contain_text("Invited")
    page.axe.check()

    colleague = new_page()
    set_password(colleague, extract_link(outbox.find(subject="invited"), "/invitation/"))
    colleague.axe.check()
    log_in(colleague, "sam@example.com", NEW_PASSWORD)
    expect(colleague.get_by_text("Secondary contact", exact=False).first).to_be_visible()
    colleague.axe.check()

    page.reload()
    expect(page.get_by_role("row", name=re.compile("Sam Colleague"))).to_contain_text("Active")
    page.axe.check()


def test_an_admin_adds_a_customer_invites_its_contact_and_deactivates_someone(page, committed, outbox):
    admin = committed(create_user, Role.ADMIN)
    log_in(page, admin["email"], TEST_PASSWORD)
    page.axe.check()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Customers").click()
    page.axe.check()
    page.get_by_label("Organization name").fill("Riverside Veterinary")
    page.get_by_role("button", name="Add organization").click()
    expect(page.get_by_text("Riverside Veterinary was added.")).to_be_visible()
    page.axe.check()
    page.get_by_label("Full name").fill("Vera Vet")
    page.get_by_label("E-mail address").fill("vera@riverside.example")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", name="Riverside Veterinary")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Vera Vet"))).to_contain_text("Primary contact")
    assert outbox.find(to="vera@riverside.example", subject="invited")
    page.axe.check()
    page.get_by_role("link", name="Deactivate Vera Vet").click()
    expect(page.get_by_role("heading", name="Deactivate Vera Vet?")).to_be_visible()
    page.axe.check()
    page.get_by_role("button", name="Yes, deactivate Vera Vet").click()
    expect(page.get_by_text("Vera Vet can no longer log in.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Vera Vet"))).to_contain_text("Deactivated")
    page.axe.check()


def test_pages_fit_a_phone_screen(browser, live_server, committed, html_checker):
    primary = committed(create_user, Role.PRIMARY_CONTACT)
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.axe = AccessibilityGuard(phone, html_checker)
    log_in(phone, primary["email"], TEST_PASSWORD)
    for path in ("/", "/organization/users", "/organization/users/invite"):
        phone.goto(path)
        phone.axe.check()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways on a phone ({width}px wide)"
    assert phone.axe.unchecked() == []
    context.close()
