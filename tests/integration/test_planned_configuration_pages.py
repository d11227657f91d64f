"""The planned configuration's pages (issue 21): the summary read from the round's snapshot (never live
data), each line disputable by the customer at the second review, a CSV per kind, and the PowerShell
script for Teams projects only."""
from sqlalchemy import select

from portal.models.projects import Product
from portal.models.telephony import Seat
from portal.models.users import Role
from tests.factories import create_ready_project, create_review_round, create_user
from tests.reviewing import page_text


def _round(app, session, teams: bool = False):
    with app.test_request_context():
        project = create_ready_project(flow=True)
        if teams:
            project.product = session.scalars(select(Product).where(Product.key == "teams_operator_connect")).one()
        made = create_review_round(project)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, made, contact, f"/projects/{project.id}/review/rounds/{made.id}/configuration"


def test_the_summary_reads_the_round_and_offers_a_dispute_per_line_at_the_second_review(client, app, session):
    project, made, contact, url = _round(app, session)
    seat = session.scalars(select(Seat).where(Seat.project_id == project.id)).one()
    seat.first_name = "Changed-after-the-round"
    session.commit()
    client.login(contact.email)
    shown = page_text(client.get(url))
    assert "Users (1) Name E-mail Extension Direct number" in shown and "Ana Silva ana@example.com 101" in shown
    assert "Changed-after-the-round" not in shown  # the round's snapshot, not the live worksheet
    assert "Main menu" in shown and "key 1: Ana Silva (101)" in shown
    assert "Dispute" not in shown  # the round is not in its second review
    made.package.stage = made.package.stage.SECOND_REVIEW
    session.commit()
    page = client.get(url).get_data(as_text=True)
    assert f'href="/projects/{project.id}/review?dispute=seat:{seat.id}#dispute"' in page
    review = page_text(client.get(f"/projects/{project.id}/review?dispute=seat:{seat.id}"))
    assert "You are disputing Ana Silva ." in review


def test_each_kind_downloads_as_csv_and_the_script_is_for_teams_projects_only(client, app, session):
    project, made, contact, url = _round(app, session)
    client.login(contact.email)
    users = client.get(f"{url}/users.csv")
    assert users.status_code == 200 and users.headers["Content-Type"].startswith("text/csv")
    assert users.get_data().decode("utf-8-sig").splitlines()[1].startswith("Ana Silva,ana@example.com,101,'+1415")
    assert "Main menu" in client.get(f"{url}/auto_attendants.csv").get_data().decode("utf-8-sig")
    assert client.get(f"{url}/sites.csv").status_code == 404
    not_teams = client.get(f"{url}/teams.ps1", follow_redirects=True)
    assert "The PowerShell script is for Microsoft Teams Operator Connect projects." in page_text(not_teams)

    teams_project, teams_round, teams_contact, teams_url = _round(app, session, teams=True)
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(teams_contact.email)
    script = client.get(f"{teams_url}/teams.ps1")
    assert script.status_code == 200 and script.headers["Content-Type"].startswith("text/plain")
    assert "Set-CsPhoneNumberAssignment -Identity 'ana@example.com' -PhoneNumber '+14155550101'" in \
        script.get_data().decode("utf-8-sig")
