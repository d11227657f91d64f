"""A bulk edit that meets one stale row writes the others and names that one (demonstration route)."""
from sqlalchemy import select

from portal.core.versioning import update_versioned
from portal.extensions import db
from portal.models.users import Role, User
from tests.factories import create_organization, create_user


def test_a_bulk_edit_meeting_one_stale_row(demo_app):
    with demo_app.app_context():
        organization = create_organization()
        primary = create_user(Role.PRIMARY_CONTACT, organization)
        team = [create_user(Role.VIEWER, organization) for _ in range(4)]
        db.session.commit()
        shown = {user.id: user.version for user in team}  # the list the person loaded
        update_versioned(db.session.get(User, team[1].id), 1, {"job_title": "Changed by a colleague"})
        db.session.commit()
        email, stale_id = primary.email, team[1].id
    client = demo_app.test_client()
    client.login(email)
    token = client.csrf_token("/")
    page = client.post("/demo/bulk-title", data={"csrf_token": token, "title": "Receptionist",
                                                 **{f"row-{uid}": version for uid, version in shown.items()}})
    text = page.get_data(as_text=True)
    assert "Updated 3." in text
    assert f"Row {stale_id} changed since you loaded it (you saw version 1, it is at 2)" in text
    with demo_app.app_context():
        titles = dict(db.session.execute(select(User.id, User.job_title).where(User.id.in_(shown))).all())
    assert titles.pop(stale_id) == "Changed by a colleague"
    assert set(titles.values()) == {"Receptionist"}
