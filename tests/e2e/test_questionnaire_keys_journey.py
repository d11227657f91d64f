"""Section 4 of the questionnaire in Chromium (issue 7): a contact lays out a 12-key phone from its
starter layout (issue 15) with a busy lamp field (a mistake shown at its key first), changes one
seat's keys, copies them to five seats, and finds the layout on the check page's side of things and
in the PDF."""
import io

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from portal.extensions import db
from portal.models.questionnaire import KeyLayout
from portal.models.telephony import PhoneModel
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_seat, create_user


def _project(app) -> tuple[int, list[int], str]:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        model = db.session.scalars(select(PhoneModel).where(PhoneModel.model == "VVX 450")).one()
        seats = [create_seat(project, extension=str(100 + n), first_name=f"Person{n}", last_name="Desk",
                             phone_model_id=model.id) for n in range(7)]
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, [seat.id for seat in seats], contact.email
        db.session.remove()
    return found


def test_a_contact_lays_out_a_phone_and_copies_a_seats_keys(page, app):
    project_id, seat_ids, email = _project(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire")
    page.axe.check()
    page.get_by_role("link", name="4. Key layouts").click()
    expect(page.get_by_role("row", name="Poly VVX 450 12 keys")).to_contain_text("Not laid out yet")
    page.axe.check()
    page.get_by_role("link", name="Poly VVX 450").click()
    expect(page.get_by_role("group", name="Key 12")).to_be_visible()
    expect(page.get_by_text("A starter layout is filled in")).to_be_visible()  # issue 15
    expect(page.get_by_label("Key 3: function")).to_have_value("voicemail")
    page.axe.check()
    page.get_by_label("Key 1: function").select_option(label="Line")
    page.get_by_label("Key 1: label").fill("Line 1")
    page.get_by_label("Key 2: function").select_option(label="Busy lamp field")
    page.get_by_label("Key 2: label").fill("Reception")
    page.get_by_label("Key 2: extension or number").fill("190")
    page.get_by_role("button", name="Save the keys").click()
    expect(page.get_by_role("alert")).to_contain_text("No one has extension 190 in this project.")
    expect(page.get_by_label("Key 2: label")).to_have_value("Reception")
    page.axe.check()
    page.get_by_label("Key 2: extension or number").fill("100")
    page.get_by_role("button", name="Save the keys").click()
    expect(page.get_by_text("The keys of Poly VVX 450 (default) were saved.")).to_be_visible()
    page.axe.check()

    page.goto(f"/projects/{project_id}/questionnaire/keys/seats/{seat_ids[1]}")
    expect(page.get_by_role("group", name="Key 2 · from the default")).to_be_visible()
    page.axe.check()
    page.get_by_label("Key 3: function").select_option(label="Do not disturb")
    page.get_by_label("Key 3: label").fill("DND")
    page.get_by_role("button", name="Save the keys").click()
    expect(page.get_by_text("The keys of Person1 Desk were saved.")).to_be_visible()
    expect(page.get_by_role("group", name="Key 3 · changed for this seat")).to_be_visible()
    page.axe.check()
    for n in range(2, 7):
        page.get_by_label(f"Person{n} Desk").check()
    page.get_by_role("button", name="Copy the keys").click()
    expect(page.get_by_text("The keys of Person1 Desk were copied to 5 seats.")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Back to the key layouts").click()
    expect(page.get_by_role("row", name="Person6 Desk", exact=False)).to_contain_text("1 key changed for this seat")
    expect(page.get_by_role("row", name="Person0 Desk", exact=False)).to_contain_text("The default")
    page.axe.check()
    with app.app_context():
        own = db.session.scalars(select(KeyLayout).where(KeyLayout.seat_id.is_not(None))).all()
        assert len(own) == 6 and all(layout.keys == {"3": {"function": "dnd", "label": "DND", "target": ""}}
                                     for layout in own)
        db.session.remove()

    page.goto(f"/projects/{project_id}/questionnaire")
    page.axe.check()
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download as PDF (draft)").click()
    reader = PdfReader(io.BytesIO(open(waiting.value.path(), "rb").read()))
    text = " ".join(each.extract_text() for each in reader.pages)
    assert "Key layouts" in text and "Poly VVX 450 (7 seats), default layout" in text and "Reception" in text
    assert "6 seats have keys of their own" in text
