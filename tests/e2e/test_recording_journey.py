"""A greeting's recording in Chromium (issue 16): a contact sees on the Call flows page that the main
menu's recording is awaited, follows the link to it, chooses a text file named as a WAV (refused next
to the field, the menu's greeting as saved), then the real recording, hears it there, and the plan's
"Provide the auto-attendant recordings" task is Done; removing it asks first."""
from playwright.sync_api import expect

from portal.callflows.services import NODE_KINDS, create_node
from portal.extensions import db
from portal.models.callflows import GreetingMode
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_user
from tests.fixtures import wav

GREETING = "Thank you for calling Northwind Dental. For the front desk press 0."


def _project(app) -> tuple[int, str]:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        create_node(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": GREETING,
                                                  "greeting_mode": GreetingMode.RECORDING})
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, contact.email
        db.session.remove()
    return found


def test_a_contact_uploads_the_main_menu_recording_and_the_task_is_done(page, app, tmp_path):
    project_id, email = _project(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/call-flows")
    recordings = page.locator("#recordings")
    expect(recordings).to_contain_text("0 of 1 greeting set to a recording has one")
    page.axe.check()
    recordings.get_by_role("link", name="Main menu").click()
    expect(page.get_by_text("No recording yet: callers would hear nothing.")).to_be_visible()
    page.axe.check()

    fake = tmp_path / "greeting.wav"
    fake.write_text("Thank you for calling, this is the script, not the recording.")
    page.get_by_label("Recording file").set_input_files(str(fake))
    page.get_by_role("button", name="Upload the recording").click()
    expect(page.locator("#recording-error")).to_contain_text("This is a text file, not a WAV recording.")
    expect(page.get_by_label("Greeting")).to_have_value(GREETING)  # the node's form, as saved
    page.axe.check()

    real = tmp_path / "Main menu.wav"
    real.write_bytes(wav(2))
    page.get_by_label("Recording file").set_input_files(str(real))
    page.get_by_role("button", name="Upload the recording").click()
    expect(page.get_by_text("Main menu.wav is now the greeting of Main menu.")).to_be_visible()
    player = page.locator("#greeting-recording audio")
    expect(player).to_be_visible()
    assert page.evaluate("""async () => {
        const audio = document.querySelector('#greeting-recording audio');
        audio.preload = 'auto'; audio.load();
        await new Promise((done, failed) => { audio.onloadedmetadata = done; audio.onerror = failed; });
        return audio.duration; }""") == 2  # the browser reads the recording it will play
    expect(page.locator(".notice", has_text="none is uploaded yet")).to_have_count(0)
    page.axe.check()

    page.goto(f"/projects/{project_id}")
    task = page.locator("li.task-list-item").filter(has_text="Provide the auto-attendant recordings")
    expect(task).to_contain_text("Done")
    page.axe.check()

    page.goto(f"/projects/{project_id}/call-flows")
    page.locator("#recordings").get_by_role("link", name="Main menu").click()
    page.get_by_role("link", name="Remove the recording").click()
    expect(page.get_by_role("heading", name="Remove Main menu.wav?")).to_be_visible()
    page.axe.check()
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_text("Main menu.wav was removed from Main menu.")).to_be_visible()
    expect(page.get_by_text("No recording yet: callers would hear nothing.")).to_be_visible()
    page.axe.check()
