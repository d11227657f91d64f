"""A greeting's recording (issue 16): uploaded on its node's page, checked by content as WAV or MP3,
played and downloaded there, replaced, removed after a confirmation; the "Provide the auto-attendant
recordings" task following it (Not applicable, Not started, Done); a form opened before the upload
not undoing it; recordings that are no recording refused with what they are, nothing stored."""
import html
import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.callflows.services import NODE_KINDS, create_node, settings_of
from portal.models.callflows import GreetingMode
from portal.models.files import StoredFile
from portal.models.projects import ProjectTask, TaskStatus
from portal.models.users import Role
from tests.factories import create_project, create_user
from tests.fixtures import mp3, wav

GREETING = "Thank you for calling Northwind. For the front desk press 0."
TASK = "Provide the auto-attendant recordings"


def _menu(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        menu = create_node(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": GREETING})
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, menu, contact, f"/projects/{project.id}/call-flows/nodes/{menu.id}"


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _upload(client, page: str, content: bytes, filename: str):
    fields = {**client.hidden_fields(page), "recording": FileStorage(io.BytesIO(content), filename=filename,
                                                                     name="recording")}
    boundary, body = encode_multipart(fields)
    return client.post(f"{page}/recording", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _task(session, project) -> ProjectTask:
    session.expire_all()
    return session.scalars(select(ProjectTask).where(ProjectTask.project_id == project.id,
                                                     ProjectTask.title == TASK)).one()


def _save_node(client, page: str, **values):
    return client.post(page, data={**client.form_values(page, "greeting_text"), **values})


def test_a_recording_becomes_the_greeting_and_the_plan_task_follows_it(client, app, session):
    project, menu, contact, page = _menu(app, session)
    client.login(contact.email)
    assert _task(session, project).feature_key == "recordings"
    assert "No recording: callers hear the text above, read aloud." in _page(client.get(page))
    assert "Every greeting is read aloud from its text, so no recording is needed." in _page(
        client.get(f"/projects/{project.id}/call-flows"))
    assert _save_node(client, page, name="Main menu").status_code == 303
    assert _task(session, project).status == TaskStatus.SKIPPED  # every greeting is read aloud
    assert _task(session, project).summary == "No greeting is set to a recording: every greeting is read aloud"

    assert _save_node(client, page, greeting_mode="recording").status_code == 303
    shown = _page(client.get(page))
    assert "its greeting is to be a recording, and none is uploaded yet (callers would hear nothing)." in shown
    assert "No recording yet: callers would hear nothing." in shown
    assert (_task(session, project).status, _task(session, project).summary) == (
        TaskStatus.NOT_STARTED, "0 of 1 recordings uploaded")
    listing = _page(client.get(f"/projects/{project.id}/call-flows"))
    assert "0 of 1 greeting set to a recording has one" in listing
    assert f'<a href="{page}#greeting-recording">Main menu</a>: <span class="overdue">awaited</span>' in listing

    recording = wav(2)
    uploaded = _upload(client, page, recording, "Main menu.wav")
    assert uploaded.status_code == 303 and uploaded.headers["Location"] == f"{page}#greeting-recording"
    shown = _page(client.get(page))
    stored = session.scalars(select(StoredFile).order_by(StoredFile.id.desc())).first()
    assert "Main menu.wav is now the greeting of Main menu." in shown
    assert f'<audio controls preload="none" src="/files/{stored.id}">' in shown and "none is uploaded yet" not in shown
    assert (_task(session, project).status, _task(session, project).summary) == (
        TaskStatus.DONE, "1 of 1 recordings uploaded")
    listing = _page(client.get(f"/projects/{project.id}/call-flows"))
    assert "1 of 1 greeting set to a recording has one: nothing more to send." in listing
    with client.get(f"/files/{stored.id}") as download:
        assert download.status_code == 200 and download.data == recording and download.mimetype == "audio/wav"

    replaced = _upload(client, page, mp3(), "Main menu, spring.mp3")
    assert replaced.status_code == 303
    assert "Main menu, spring.mp3 is now the greeting of Main menu." in _page(client.get(page))
    assert settings_of(menu).greeting_file.original_name == "Main menu, spring.mp3"


def test_a_recording_is_removed_only_after_a_confirmation_and_the_task_waits_again(client, app, session):
    project, menu, contact, page = _menu(app, session)
    client.login(contact.email)
    assert _upload(client, page, wav(), "greeting.wav").status_code == 303
    assert _task(session, project).status == TaskStatus.DONE
    confirm = _page(client.get(f"{page}/recording/remove"))
    assert "Remove greeting.wav?" in confirm and "stays set to a recording, awaiting another one" in confirm
    assert settings_of(menu).greeting_file is not None  # looking is not removing
    removed = client.submit(f"{page}/recording/remove", page=f"{page}/recording/remove")
    assert removed.status_code == 303
    shown = _page(client.get(removed.headers["Location"]))
    assert "greeting.wav was removed from Main menu." in shown and "No recording yet" in shown
    session.expire_all()
    assert settings_of(menu).greeting_mode == GreetingMode.RECORDING and settings_of(menu).greeting_file is None
    assert _task(session, project).status == TaskStatus.NOT_STARTED
    assert _save_node(client, page, greeting_mode="text").status_code == 303  # read aloud after all
    assert _task(session, project).status == TaskStatus.SKIPPED


def test_a_task_marked_not_applicable_by_a_person_stays_so(client, app, session):
    project, menu, contact, page = _menu(app, session)
    task = _task(session, project)
    task.status, task.skip_reason = TaskStatus.SKIPPED, "The customer keeps its own recorded greetings."
    session.commit()
    client.login(contact.email)
    assert _upload(client, page, wav(), "greeting.wav").status_code == 303
    assert _task(session, project).status == TaskStatus.SKIPPED


def test_a_form_opened_before_the_upload_does_not_undo_it(client, app, session):
    project, menu, contact, page = _menu(app, session)
    client.login(contact.email)
    opened = client.form_values(page, "greeting_text")  # a second tab, with the text greeting
    assert _upload(client, page, wav(), "greeting.wav").status_code == 303
    saved = client.post(page, data={**opened, "name": "Main line menu"})
    assert saved.status_code == 303, _page(saved)[:1500]  # merged: a field the tab did not change is not undone
    session.expire_all()
    settings = settings_of(menu)
    assert (menu.name, settings.greeting_mode, settings.greeting_file.original_name) == (
        "Main line menu", GreetingMode.RECORDING, "greeting.wav")


BAD = [
    (wav(1)[:4000], "cut.wav", "This WAV recording is incomplete: its end is missing."),
    (wav(0), "silence.wav", "This WAV recording is silent: it lasts no time at all."),
    (b"\xff\xfb" + b"hello" * 200, "noise.mp3", "This MP3 recording is damaged: it cannot be played."),
    (mp3(20) + b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(16) + b"\x05\x00\x00\x00" + b"a.exe",
     "greeting.mp3", "This MP3 recording also contains a ZIP archive."),
    (b"Welcome to Northwind, press 1 for sales.", "greeting.wav", "This is a text file, not a WAV recording."),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + bytes(64), "greeting.m4a",
     "This file is not a WAV or MP3 recording by its content, whatever its name says: it is an M4A recording"),
]


@pytest.mark.parametrize("content, filename, message", BAD, ids=[case[1] for case in BAD])
def test_a_file_that_is_no_recording_is_refused_at_the_node_saying_what_it_is(client, app, session, content,
                                                                            filename, message):
    project, menu, contact, page = _menu(app, session)
    client.login(contact.email)
    before = session.scalar(select(func.count(StoredFile.id)))
    refused = _upload(client, page, content, filename)
    shown = _page(refused)
    assert refused.status_code == 200 and message in shown
    assert GREETING in shown  # the node's form is there as saved
    assert session.scalar(select(func.count(StoredFile.id))) == before


def test_a_50_mb_recording_is_refused_and_nothing_is_kept(client, app, session):
    project, menu, contact, page = _menu(app, session)
    client.login(contact.email)
    refused = _upload(client, page, wav(1) + bytes(50 * 1024 * 1024), "studio master.wav")
    assert refused.status_code == 413 and "larger than the portal accepts, so nothing was saved" in _page(refused)
    assert settings_of(menu).greeting_file is None


def test_people_who_only_read_hear_the_recording_but_cannot_change_it(client, app, session):
    project, menu, contact, page = _menu(app, session)
    viewer = create_user(Role.VIEWER, project.organization)
    session.commit()
    client.login(contact.email)
    assert _upload(client, page, wav(), "greeting.wav").status_code == 303
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(viewer.email)
    shown = _page(client.get(page))
    assert "<audio controls" in shown and "greeting.wav" in shown
    assert "Upload the recording" not in shown and "Remove the recording" not in shown
    assert _upload(client, page, wav(), "other.wav").status_code == 403
    assert client.get(f"{page}/recording/remove").status_code == 403


def test_a_node_without_a_greeting_has_no_recording_to_upload(client, app, session):
    project, menu, contact, page = _menu(app, session)
    with app.test_request_context():
        goodbye = create_node(project, NODE_KINDS["hang_up"], {"name": "Goodbye"})
    session.commit()
    client.login(contact.email)
    hang_up = f"/projects/{project.id}/call-flows/nodes/{goodbye.id}"
    moved = client.submit(f"{hang_up}/recording", {}, page=page)
    assert moved.status_code == 303 and moved.headers["Location"] == hang_up
    assert "Goodbye has no greeting, so no recording." in _page(client.get(hang_up))
