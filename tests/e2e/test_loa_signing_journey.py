"""The Letter of Authorization signed online in Chromium (issue 19).

1. The customer's contact reviews the letter, agrees to sign electronically, draws a signature with
   the mouse and signs; the worker seals the PDF, which is downloaded and checked on the verify
   page, where copies with one byte changed are refused; a number taken off the request then voids
   the signature. The ceremony's clicks and fills are counted.
2. The authorized person, with no account, signs through the e-mailed link after the access code the
   contact set (a wrong one first), with a typed signature; the contact's page then names them.
axe-core and the Nu Html Checker check every page (tests/e2e/conftest.py)."""
import io
import re
from datetime import date

from playwright.sync_api import expect
from pyhanko.pdf_utils.reader import PdfFileReader

from portal.core.business_days import add_business_days
from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD, extract_link
from tests.e2e.interactions import Interactions
from tests.e2e.test_account_journeys import log_in
from tests.e2e.test_porting_journey import _reload_until
from tests.factories import create_port_request, create_project, create_site, create_user

# From the request page to "signed": the link, agree (refused once here, the box not ticked), the box,
# agree, "Draw it", three strokes, the intent's box, sign. The name and title come filled in.
CEREMONY_MOST = 10


def _project(app) -> tuple[str, str, str]:
    """A draft port request of two numbers; (its page, the contact's e-mail)."""
    with app.test_request_context():
        project = create_project(with_kick_off=False, go_live=add_business_days(date.today(), 30))
        project.sites.append(create_site(project.organization, name="Main clinic"))
        request = create_port_request(project, numbers=("+14155550200", "+14155550201"),
                                      customer_name="Northwind Dental Group, Inc.", authorized_name="Dana Reyes",
                                      authorized_title="CFO", authorized_email="dana@northwind.example",
                                      requested_on=add_business_days(date.today(), 30))
        contact = create_user(Role.PRIMARY_CONTACT, project.organization, name="Maria Lopez")
        db.session.commit()
        found = f"/projects/{project.id}/porting/{request.id}", contact.email
        db.session.remove()
    return found


def _draw(page, act: Interactions) -> None:
    """A signature drawn with the mouse: three strokes across the pad."""
    act.tick(page.get_by_label("Draw it"))
    act.draw(page.locator("[data-signature-pad] canvas"), (((0.1, 0.7), (0.3, 0.2)), ((0.3, 0.2), (0.5, 0.75)),
                                                          ((0.55, 0.6), (0.9, 0.3))))


def _verify(page, path) -> None:
    page.goto("/verify")
    page.get_by_label("The PDF to check").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()


def test_a_contact_draws_a_signature_and_the_sealed_letter_verifies_until_a_number_changes(page, app, tmp_path):
    request_page, email = _project(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(request_page)
    page.axe.check()
    act = Interactions()
    with act.during("ceremony"):
        act.click(page.get_by_role("link", name="Sign the letter yourself"))
        expect(page.get_by_text("Attachment A: the numbers to port (2)")).to_be_visible()
        page.axe.check()
        act.click(page.get_by_role("button", name="Agree and continue"))  # without the box ticked first
        expect(page.locator(".error-summary")).to_contain_text("Tick the box to agree to sign electronically")
        page.axe.check()
        act.tick(page.get_by_label("I agree to use electronic records and signatures"))
        act.click(page.get_by_role("button", name="Agree and continue"))
        expect(page.get_by_text("2. Adopt your signature and sign")).to_be_visible()
        page.axe.check()
        _draw(page, act)
        expect(page.get_by_label("Printed name")).to_have_value("Maria Lopez")
        act.tick(page.get_by_label("I sign this Letter of Authorization"))
        act.click(page.get_by_role("button", name="Sign the letter"))
    expect(page.locator(".flash")).to_contain_text("The Letter of Authorization is signed by Maria Lopez")
    page.axe.check()
    assert act.counts["ceremony"] <= CEREMONY_MOST, act.log
    _reload_until(page, "Download the signed PDF", tries=30)  # the worker seals it in the background
    page.axe.check()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the signed PDF").click()
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(download.value.path().read_bytes())
    assert len(PdfFileReader(io.BytesIO(signed.read_bytes())).embedded_signatures) == 1

    _verify(page, signed)
    expect(page.get_by_role("status")).to_contain_text("Yes: this is a Letter of Authorization this portal sealed")
    expect(page.get_by_role("status")).to_contain_text("Maria Lopez")
    page.axe.check()
    data = signed.read_bytes()
    start, length, second, _ = PdfFileReader(io.BytesIO(data)).embedded_signatures[0].byte_range
    padding = length + 1 + len(data[length + 1:second - 1].rstrip(b"0")) + 40
    for position, to in ((length // 2, b"A"), (padding, b"1")):  # the letter's bytes; the seal's own padding
        changed = bytearray(data)
        changed[position] = to[0] if changed[position] != to[0] else to[0] ^ 1
        copy = tmp_path / f"changed-{position}.pdf"
        copy.write_bytes(bytes(changed))
        _verify(page, copy)
        expect(page.get_by_role("status")).to_contain_text("No: ")
        page.axe.check()

    page.goto(request_page)
    expect(page.get_by_text("The letter is signed. Changing a detail")).to_be_visible()
    page.get_by_label("(415) 555-0201").uncheck()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was saved.")).to_be_visible()
    page.axe.check()
    page.goto(request_page)
    expect(page.locator(".lead .tag")).to_have_text("Draft")
    expect(page.locator("#signature")).to_contain_text(re.compile(r"superseded .*its details changed after it was "
                                                                  r"signed"))
    page.axe.check()


def test_the_authorized_person_signs_through_the_e_mailed_link_without_an_account(page, new_page, app, outbox):
    request_page, email = _project(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(request_page)
    page.axe.check()
    expect(page.get_by_label("E-mail address", exact=True)).to_have_value("dana@northwind.example")  # prefilled
    page.get_by_label("Access code (optional)").fill("7391")
    page.get_by_role("button", name="Send the signing link").click()
    expect(page.locator(".flash")).to_contain_text("A signing link was sent to Dana Reyes")
    expect(page.locator("#signature tbody tr").first).to_contain_text("Sent")
    page.axe.check()

    link = extract_link(outbox.find(to="dana@northwind.example", subject="Please sign"), "/sign/")
    signer = new_page()
    signer.goto(link)
    expect(signer.get_by_role("heading", name="Enter your access code")).to_be_visible()
    signer.axe.check()
    signer.get_by_label("Access code").fill("1111")
    signer.get_by_role("button", name="Open the letter").click()
    expect(signer.locator(".error-summary")).to_contain_text("That is not the access code. 4 tries left.")
    signer.axe.check()
    signer.get_by_label("Access code").fill("7391")
    signer.get_by_role("button", name="Open the letter").click()
    expect(signer.get_by_text("Signing as Dana Reyes (dana@northwind.example)")).to_be_visible()
    signer.axe.check()
    signer.get_by_label("I agree to use electronic records and signatures").check()
    signer.get_by_role("button", name="Agree and continue").click()
    signer.axe.check()
    signer.get_by_label("Your signature, typed").fill("Dana Reyes")
    signer.get_by_label("I sign this Letter of Authorization").check()
    signer.get_by_role("button", name="Sign the letter").click()
    expect(signer.get_by_role("heading", name="The letter is signed")).to_be_visible()
    expect(signer.locator(".flash")).to_contain_text("a copy is e-mailed to dana@northwind.example")
    signer.axe.check()

    page.reload()
    expect(page.locator("#signature")).to_contain_text("Signed by Dana Reyes, CFO")
    expect(page.locator("#signature")).to_contain_text("through a signing link")
    page.axe.check()
    outbox.find(to="dana@northwind.example", subject="Your signed Letter of Authorization", timeout=30)
