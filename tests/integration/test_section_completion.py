"""Completing a section never leaves typing behind (issue 13, item 2): while the person has unsaved
changes on a section's page (kept as a draft by autosave), "Yes, I have completed this section" is
refused at the radios with the typing kept and restored on the page."""
import html

import pytest
from sqlalchemy import select

from portal.models.questionnaire import SectionProgress
from portal.models.users import Role
from tests.factories import create_project, create_user

AUTOSAVE = {"X-Autosave": "1", "Accept": "application/json"}
PAGES = {  # section key: (its page below the questionnaire, a field typed there, what is typed)
    "dial_plan": ("dial-plan", "outbound_access_code", "9"),
    "calling": ("calling", "emergency_notify", "security@example.com"),
    "recording": ("recording", "retention_days", "90"),
    "other": ("other", "requirements", "Paging through the overhead speakers in the warehouse"),
}


@pytest.mark.parametrize("key", PAGES)
def test_a_section_is_not_completed_over_unsaved_typing(key, client, app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    client.login(create_user(Role.PRIMARY_CONTACT, project.organization).email)
    page, name, typed = PAGES[key]
    path = f"/projects/{project.id}/questionnaire/{page}"
    hidden = client.hidden_fields(path)
    kept = client.post(path, data={**hidden, name: typed}, headers=AUTOSAVE)
    assert kept.status_code == 200 and kept.json["saved_at"]
    refused = client.submit(f"/projects/{project.id}/questionnaire/{key}/progress", {"completed": "yes"}, page=path)
    assert refused.status_code == 303 and refused.headers["Location"].endswith(f"/{page}#progress")
    shown = html.unescape(client.get(path).get_data(as_text=True))
    assert "You have changes on this page that are not saved yet" in shown
    assert "We restored your unsaved changes" in shown and typed in shown
    progress = session.scalars(select(SectionProgress).where(SectionProgress.project_id == project.id,
                                                             SectionProgress.section == key)).first()
    assert progress is None or not progress.completed
