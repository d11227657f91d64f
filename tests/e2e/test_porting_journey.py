"""Number porting in Chromium (issue 18): the customer adds a port request with a pasted range and a
port date too close first, uploads the carrier bill (a text PDF made here) and sees the worker's
check and signs the letter; the IPM, in another browser, submits it and records the carrier's
exception; the customer fixes the name, and the IPM submits it again and confirms the FOC, which
the project's timeline then shows. The customer signs the letter online each time (typed; the
ceremony itself is tests/e2e/test_loa_signing_journey.py)."""
import re
from datetime import date

from playwright.sync_api import expect

from portal.core.business_days import add_business_days
from portal.extensions import db
from portal.models.telephony import NumberSource
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_number, create_project, create_site, create_user
from tests.integration.test_carrier_documents import bill


def _dates(app) -> tuple[date, date]:
    """A port date inside the carrier's lead time, and one after it."""
    with app.app_context():
        return add_business_days(date.today(), 3), add_business_days(date.today(), 20)


def _project(app) -> tuple[int, str, str]:
    with app.test_request_context():
        project = create_project(with_kick_off=False, go_live=add_business_days(date.today(), 30))
        site = create_site(project.organization, name="Main clinic", street="500 Market St", city="San Francisco",
                           state="CA", postal_code="94105", country="US")
        project.sites.append(site)
        create_number(project, e164="+14155550200", site_id=site.id, source=NumberSource.PORTED)
        contact = create_user(Role.PRIMARY_CONTACT, project.organization, name="Maria Lopez")
        db.session.commit()
        found = project.id, contact.email, project.ipm.email
        db.session.remove()
    return found


def _reload_until(page, text: str, tries: int = 20) -> None:
    """Reload until the worker's background work (a bill read, a letter sealed) shows on the page."""
    for _ in range(tries):
        if page.get_by_text(text).count():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(page.get_by_text(text)).to_be_visible()


def _move(staff, target: str, **fields) -> None:
    staff.get_by_label("Move it to").select_option(label=target)
    for label, value in fields.items():
        field = staff.get_by_label(label)
        field.select_option(label=value) if field.evaluate("e => e.tagName") == "SELECT" else field.fill(value)
    staff.get_by_role("button", name="Move it").click()
    expect(staff.locator(".flash")).to_contain_text("the customer's contacts are told")
    staff.axe.check()


def _sign(page, request_url: str) -> None:
    """The customer signs the letter online with a typed signature, from the request's page."""
    page.goto(request_url)
    page.axe.check()
    page.get_by_role("link", name="Sign the letter yourself").click()
    page.axe.check()
    page.get_by_label("I agree to use electronic records and signatures").check()
    page.get_by_role("button", name="Agree and continue").click()
    page.axe.check()
    page.get_by_label("Your signature, typed").fill("Maria Lopez")
    page.get_by_label("I sign this Letter of Authorization").check()
    page.get_by_role("button", name="Sign the letter").click()
    expect(page.locator(".flash")).to_contain_text("The Letter of Authorization is signed by Maria Lopez")
    page.axe.check()


def test_a_port_request_from_the_bill_to_the_foc(page, new_page, app, tmp_path):
    project_id, email, ipm_email = _project(app)
    too_soon, port_date = _dates(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/porting")
    expect(page.get_by_text("No port request yet.")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Add a port request").click()
    page.axe.check()
    page.get_by_label("Customer name exactly as on the bill").fill("Northwind Dental Group, Inc.")
    page.get_by_label("Billing telephone number (BTN)").fill("(415) 555-0200")
    page.get_by_label("Current carrier", exact=True).fill("AT&T")
    page.get_by_label("Account number", exact=True).fill("8831 2200 19")
    page.get_by_label("Their phone").fill("(415) 555-0188")
    page.get_by_label("(415) 555-0200").check()
    page.get_by_label("More numbers to port").fill("415-555-0300 to 0309")
    page.get_by_label("Port date").fill(too_soon.isoformat())
    page.get_by_role("button", name="Add the port request").click()
    expect(page.locator("#requested_on-error")).to_contain_text("Carriers need 9 business days to port numbers")
    expect(page.get_by_label("More numbers to port")).to_have_value("415-555-0300 to 0309")  # kept
    page.axe.check()
    page.get_by_label("Port date").fill(port_date.isoformat())
    page.get_by_role("button", name="Add the port request").click()
    expect(page.get_by_text("The port request for account 8831 2200 19 was added.")).to_be_visible()
    expect(page.get_by_text("11 numbers")).to_be_visible()
    page.axe.check()

    pdf = tmp_path / "AT&T bill.pdf"
    pdf.write_bytes(bill(["Your bill", "Northwind Dental Group, Inc.<br>500 Market St, San Francisco, CA 94105"
                          "<br>Account 8831-2200-19 · BTN 415.555.0200"]))
    page.get_by_label("Bill or CSR", exact=True).set_input_files(str(pdf))
    page.get_by_role("button", name="Upload it").click()
    expect(page.get_by_text("AT&T bill.pdf was added; it is being read against this request.")).to_be_visible()
    page.axe.check()
    _reload_until(page, "The BTN: found on page 2.")
    expect(page.get_by_text("The name as billed: found on page 2.")).to_be_visible()
    page.axe.check()
    request_url = page.url

    staff = new_page()
    log_in(staff, ipm_email, TEST_PASSWORD)
    staff.axe.check()
    staff.goto(request_url)
    staff.axe.check()
    _move(staff, "Ready to sign")
    _sign(page, request_url)
    staff.reload()
    _move(staff, "Submitted to the carrier")
    _move(staff, "Exception", **{"The carrier's reason": "The name does not match the bill",
                                 "Note": "AT&T has the name as Northwind Dental Group Inc, without the comma."})

    page.reload()
    expect(page.get_by_role("alert")).to_contain_text("The name does not match the bill.")
    page.axe.check()
    page.get_by_label("Customer name exactly as on the bill").fill("Northwind Dental Group Inc")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The port request for account 8831 2200 19 was saved.")).to_be_visible()
    page.axe.check()

    staff.reload()
    expect(staff.locator(".lead .tag")).to_have_text("Ready to sign")
    staff.axe.check()
    _sign(page, request_url)
    staff.reload()
    _move(staff, "Submitted to the carrier")
    _move(staff, "FOC confirmed", **{"FOC date and time": f"{port_date.isoformat()}T09:00"})
    expect(staff.locator(".lead")).to_contain_text(re.compile(r"FOC \d"))
    page.goto(f"/projects/{project_id}/porting")
    expect(page.locator(".tag").first).to_have_text("FOC confirmed")
    page.axe.check()
    page.goto(f"/projects/{project_id}")
    page.get_by_text("The timeline as text").click()
    expect(page.locator(".timeline figcaption")).to_contain_text(f"FOC 8831 2200 19 on {port_date:%d %b %Y}")
    page.axe.check()
