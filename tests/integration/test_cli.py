"""The command-line tools: seed-demo and create-admin."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from portal.models.drafts import Draft
from portal.models.projects import Project
from portal.models.reviews import ReviewPackage
from portal.models.signatures import LoaSignature, SigningInvitation
from portal.models.users import Organization, Role, User
from tests.factories import create_user

DEMO_ROLES = ["customer-a-primary", "customer-a-secondary", "customer-a-viewer", "customer-b-primary",
              "customer-b-secondary", "customer-b-viewer", "ipm", "ipm-2", "engineer", "admin"]


def test_seed_demo_prints_one_login_per_role_and_the_logins_work(app, client, session):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--password", "demo pass phrase"])
    lines = [line.split(" ", 2) for line in result.output.strip().splitlines()]
    assert result.exit_code == 0 and [line[0] for line in lines] == DEMO_ROLES
    assert all(line[2] == "demo pass phrase" for line in lines)
    assert session.scalar(select(func.count(Organization.id))) == 2
    for _, email, password in (lines[0], lines[-1]):
        client.login(email, password)
        client.submit("/logout", page="/")
    northwind, bayside = session.scalars(select(Project).order_by(Project.id)).all()
    client.login(lines[DEMO_ROLES.index("ipm")][1], "demo pass phrase")
    assert "You can read this project." not in client.get(f"/projects/{northwind.id}").get_data(as_text=True)
    page = client.get(f"/projects/{bayside.id}").get_data(as_text=True)
    assert "You can read this project. Its project manager (Marcus Reed)" in page and "Edit project" not in page
    # porting: Northwind's letter signed online and sealed; Bayside's waiting on the CFO's signing link
    (signed,) = session.scalars(select(LoaSignature)).all()
    assert (signed.signer_name, signed.status.value, signed.port_request.status.value) == ("Maria Lopez", "signed",
                                                                                           "signed")
    assert signed.sealed_sha256 and signed.mark.value == "drawn"
    (package,) = session.scalars(select(ReviewPackage)).all()  # Northwind's package waits for an engineer
    assert (package.project_id, package.stage.value, len(package.rounds)) == (northwind.id, "engineering_review", 1)
    (waiting,) = session.scalars(select(SigningInvitation)).all()
    assert (waiting.name, waiting.status.value, waiting.port_request.project_id) == ("Dana Reyes", "sent", bayside.id)


def test_seed_demo_can_run_again_without_duplicates(app, session):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert session.scalar(select(func.count(User.id))) == len(DEMO_ROLES)


def test_create_admin_makes_a_working_administrator(app, client, session):
    result = app.test_cli_runner().invoke(args=["create-admin", "--email", "Boss@Provider.example",
                                                "--name", "The Boss", "--password", "a long admin passphrase"])
    assert result.exit_code == 0, result.output
    admin = session.scalars(select(User).where(User.email == "boss@provider.example")).one()
    assert admin.role == Role.ADMIN
    client.login("boss@provider.example", "a long admin passphrase")
    assert client.get("/admin/organizations").status_code == 200


def test_create_admin_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "--email", "x@provider.example",
                                                "--name", "X", "--password", "short"])
    assert result.exit_code != 0 and "at least 12 characters" in result.output


def test_housekeeping_removes_expired_drafts(app, session):
    user = create_user()
    session.add(Draft(user_id=user.id, form_key="/account/profile", data={}, base_version=1,
                      expires_at=datetime.now(timezone.utc) - timedelta(days=1)))
    session.flush()
    result = app.test_cli_runner().invoke(args=["housekeeping"])
    assert result.exit_code == 0 and "1 expired drafts removed" in result.output
