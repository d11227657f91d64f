"""Section 8 of the questionnaire, anything else: free-text requirements and attached files through
the shared storage, removed only after a confirmation (issue 7)."""
import html
import io
import re

from sqlalchemy import select

from portal.models.audit import AuditEvent
from portal.models.questionnaire import QuestionnaireAttachment
from portal.models.users import Role
from tests.factories import PDF_BYTES, create_project, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    session.commit()
    return project, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _attach(client, url: str, content: bytes, name: str, description: str):
    """Send the attachment form as the section's page renders it (its CSRF and one-time tokens)."""
    hidden = client.hidden_fields(url)
    return client.post(f"{url}/attachments", content_type="multipart/form-data", data={
        "csrf_token": hidden["csrf_token"], "once_token": hidden["once_token"],
        "document": (io.BytesIO(content), name), "description": description})


def test_requirements_and_files_are_kept_with_the_questionnaire(client, app, session):
    project, contact = _project(app, session)
    url = f"/projects/{project.id}/questionnaire/other"
    client.login(contact.email)
    assert "8. Anything else" in _page(client.get(f"/projects/{project.id}/questionnaire"))
    saved = client.submit(url, {"requirements": "The lobby phone must ring the guard after 18:00.\nNo paging."})
    assert saved.status_code == 303
    assert "The lobby phone must ring the guard after 18:00." in _page(client.get(url))
    attached = _attach(client, url, PDF_BYTES, "floor-plan.pdf", "Floor plan, 2nd floor")
    assert attached.status_code == 303
    attachment = session.scalars(select(QuestionnaireAttachment)).one()
    page = _page(client.get(url))
    assert "floor-plan.pdf" in page and "Floor plan, 2nd floor" in page
    with client.get(f"/files/{attachment.stored_file_id}") as download:
        assert download.status_code == 200 and download.data == PDF_BYTES
    remove = f"/projects/{project.id}/questionnaire/attachments/{attachment.id}/remove"
    assert "Remove floor-plan.pdf?" in _page(client.get(remove))
    assert session.scalars(select(QuestionnaireAttachment)).one()  # nothing goes before the confirmation
    assert client.submit(remove).status_code == 303
    assert session.scalars(select(QuestionnaireAttachment)).all() == []
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("questionnaire.%"))).all()
    assert actions == ["questionnaire.other_saved", "questionnaire.attachment_added",
                       "questionnaire.attachment_removed"]


def test_a_refused_file_is_explained_and_the_description_kept(client, app, session):
    project, contact = _project(app, session)
    url = f"/projects/{project.id}/questionnaire/other"
    client.login(contact.email)
    client.submit(url, {"requirements": "Keep the old hunt group."})
    refused = _attach(client, url, b"MZ\x90\x00" + bytes(200), "setup.exe", "Our old system")
    page = _page(refused)
    assert refused.status_code == 200
    assert "This file is not a PDF, PNG, JPEG, CSV, TXT or XLSX file by its content" in page
    assert 'value="Our old system"' in page and "Keep the old hunt group." in page
    page = _page(client.get(url))
    assert 'maxlength' not in page.split('id="requirements"')[1].split(">")[0]  # a long paste is never cut silently
    too_long = _page(client.submit(url, {"requirements": "x" * 10_001}))
    assert "Keep it under 10,000 characters; attach a file for more." in too_long and "x" * 10_001 in too_long


def test_nothing_is_required_and_read_only_people_cannot_write(client, app, session):
    project, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire"
    client.login(contact.email)
    done = client.submit(f"{base}/other/progress", {"completed": "yes"}, page=f"{base}/other")
    assert done.status_code == 303 and "1 of 8 sections completed" in _page(client.get(base))
    viewer = create_user(Role.VIEWER, project.organization)
    client.submit("/logout", page="/")
    client.login(viewer.email)
    page = _page(client.get(f"{base}/other"))
    assert "Nothing yet." in page and not re.search(r'<textarea[^>]*name="requirements"', page)
    assert client.post(f"{base}/other", data={"requirements": "x", "version": "1",
                                              "csrf_token": client.csrf_token(base)}).status_code == 403
