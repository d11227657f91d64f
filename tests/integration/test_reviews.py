"""Review rounds (issue 20): submitting a frozen, hashed package exactly once; each stage decided by its
role (engineers in the engineering review, the project's IPM elsewhere); sent back with a note and
resubmitted as the next round, resuming where it was sent back; both sides' sign-off; the schedule
proposed and accepted onto the timeline; two reviewers at once; nothing live changes a round."""
from datetime import date, timedelta

from sqlalchemy import select

from portal.core import snapshots
from portal.models.projects import ProjectTask, TaskStatus
from portal.models.reviews import PackageStage, ReviewPackage, ReviewRound
from portal.models.telephony import Seat
from portal.models.users import Role
from tests.factories import create_project, create_ready_project, create_user
from tests.reviewing import decide as _decide
from tests.reviewing import log_in_as as _as
from tests.reviewing import package_of as _package
from tests.reviewing import page_text as _page


def _ready(app, session, flow: bool = False):
    with app.test_request_context():
        project = create_ready_project(flow=flow)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization, name="Maria Lopez")
    engineer = create_user(Role.ENGINEER, name="Dan Kim")
    session.commit()
    return project, contact, engineer, f"/projects/{project.id}/review"


def _submit(client, url: str, acknowledge: bool = True):
    form = client.form_values(url, "acknowledge")
    return client.post(f"{url}/submit", data={**form, **({"acknowledge": "y"} if acknowledge else {})}), form


def _task(session, project) -> TaskStatus:
    session.expire_all()
    return session.scalars(select(ProjectTask.status).where(ProjectTask.project_id == project.id,
                                                            ProjectTask.feature_key == "review")).one()


def test_a_package_with_blocking_errors_cannot_be_submitted_and_says_what_blocks(client, app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    client.login(contact.email)
    page = _page(client.get(f"/projects/{project.id}/review"))
    assert "things block the submission" in page and "Add the users, each with a name" in page
    assert "Submit the package </button>" not in client.get(f"/projects/{project.id}/review").get_data(as_text=True)
    assert session.scalars(select(ReviewPackage)).all() == []


def test_submitting_freezes_round_one_once_with_the_warnings_acknowledged(client, app, session, outbox):
    project, contact, engineer, url = _ready(app, session)
    client.login(contact.email)
    shown = _page(client.get(url))
    assert "Warning: Section 2: 1 seat has voicemail but no PIN yet" in shown and "(section:2/section)" in shown
    refused, _ = _submit(client, url, acknowledge=False)
    assert "Tick the box to confirm you read the warnings below" in _page(refused)
    assert session.scalars(select(ReviewPackage)).all() == []
    done, form = _submit(client, url)
    assert done.status_code == 303
    again = client.post(f"{url}/submit", data={**form, "acknowledge": "y"})  # a double click: the same token
    assert again.status_code == 303
    package = _package(session, project)
    (first,) = package.rounds
    assert (package.stage, first.number, first.acknowledged) == (PackageStage.SUBMITTED, 1, ["section:2/section"])
    with app.test_request_context():
        assert first.snapshot == snapshots.take(project).raw  # what was there, byte for byte
    assert first.snapshot_sha256 == __import__("hashlib").sha256(first.snapshot).hexdigest()
    assert any(message["To"] == project.ipm.email and "Package submitted: round 1" in message["Subject"]
               for message in outbox)
    assert _task(session, project) == TaskStatus.SUBMITTED
    assert "Submit round" not in _page(client.get(url))  # not offered while the round is reviewed
    with app.test_request_context():
        from portal.reviews.services import ReviewError, submit
        try:
            submit(project, contact, ["section:2/section"])
        except ReviewError as error:
            assert str(error) == "Round 1 is in submitted: a new round is submitted once changes are requested."
        else:
            raise AssertionError("a second round was submitted while the first is reviewed")
    session.rollback()
    assert len(_package(session, project).rounds) == 1


def test_the_live_data_changes_and_the_round_does_not(client, app, session):
    project, contact, engineer, url = _ready(app, session)
    client.login(contact.email)
    _submit(client, url)
    frozen = _package(session, project).current
    raw, digest = frozen.snapshot, frozen.snapshot_sha256
    seat = session.scalars(select(Seat).where(Seat.project_id == project.id)).one()
    seat.first_name, seat.voicemail_pin = "Anabel", "4826"
    session.commit()
    again = _package(session, project).current
    assert (again.snapshot, again.snapshot_sha256) == (raw, digest)
    with app.test_request_context():
        assert snapshots.take(project).sha256 != digest  # the live data moved on
    parts = snapshots.read(raw)
    assert parts["seats"][0]["first_name"] == "Ana" and parts["seats"][0]["voicemail_pin_set"] is False
    round_page = _page(client.get(f"{url}/rounds/{frozen.id}"))
    assert "This is the frozen copy reviewers read" in round_page and "Ana Silva" in round_page
    assert "Anabel" not in round_page


def test_each_stage_is_decided_by_its_role_sent_back_and_resumed_then_signed_off_and_scheduled(
        client, app, session, outbox):
    project, contact, engineer, url = _ready(app, session)
    client.login(contact.email)
    _submit(client, url)
    _as(client, engineer)
    refused = client.post(f"{url}/decide", data={"csrf_token": client.csrf_token(url), "version": "1",
                                                 "action": "advance"}, follow_redirects=True)
    assert "Submitted is the project manager's to decide." in _page(refused)
    assert _package(session, project).stage == PackageStage.SUBMITTED
    _as(client, project.ipm)
    assert _decide(client, url, "advance").status_code == 303  # the first review starts
    assert _package(session, project).stage == PackageStage.FIRST_REVIEW
    assert "Say what the customer is to change" in _page(_decide(client, url, "send_back"))
    assert _decide(client, url, "send_back", "Section 5: the night line goes to the wrong box.").status_code == 303
    package = _package(session, project)
    assert (package.stage, package.returned_from) == (PackageStage.CHANGES_REQUESTED, PackageStage.FIRST_REVIEW)
    assert _task(session, project) == TaskStatus.CHANGES_REQUESTED
    assert any("Changes requested: round 1" in message["Subject"] and message["To"] == contact.email
               for message in outbox)

    _as(client, contact)
    assert "Section 5: the night line goes to the wrong box." in _page(client.get(url))
    assert _submit(client, url)[0].status_code == 303
    package = _package(session, project)
    assert (package.stage, [item.number for item in package.rounds]) == (PackageStage.FIRST_REVIEW, [1, 2])

    _as(client, project.ipm)
    first_review = client.form_values(url, "action")
    _decide(client, url, "advance", "All there.")
    assert _package(session, project).stage == PackageStage.ENGINEERING_REVIEW
    assert "Decide" not in _page(client.get(url))  # the engineer's stage: nothing to decide for the IPM
    refused = client.post(f"{url}/decide", data={**first_review, "action": "advance"}, follow_redirects=True)
    assert "The engineering review is an engineer's to decide." in _page(refused)
    _as(client, engineer)
    assert _decide(client, url, "advance", "The flows are feasible.").status_code == 303
    assert _package(session, project).stage == PackageStage.SECOND_REVIEW

    _as(client, contact)
    assert client.post(f"{url}/sign-off", data=client.form_values(url, "version")).status_code == 303
    _as(client, project.ipm)
    assert client.post(f"{url}/sign-off", data=client.form_values(url, "version")).status_code == 303
    package = _package(session, project)
    assert package.stage == PackageStage.READY and _task(session, project) == TaskStatus.DONE
    assert any("Ready for Configuration" in message["Subject"] for message in outbox)

    starts = date.today() + timedelta(days=14)
    proposed = client.post(f"{url}/schedule", data={**client.form_values(url, "starts_on"),
                                                     "starts_on": starts.isoformat(),
                                                     "ends_on": (starts + timedelta(days=2)).isoformat(),
                                                     "methods": ["lab", "on_site"]})
    assert proposed.status_code == 303
    _as(client, contact)
    assert client.post(f"{url}/schedule/accept", data=client.form_values(url, "version")).status_code == 303
    assert _package(session, project).stage == PackageStage.SCHEDULED
    timeline = _page(client.get(f"/projects/{project.id}"))
    assert "Configuration starts" in timeline
    assert any("Configuration scheduled" in message["Subject"] for message in outbox)


def test_two_reviewers_deciding_at_once_get_one_outcome(client, app, session):
    project, contact, engineer, url = _ready(app, session)
    client.login(contact.email)
    _submit(client, url)
    _as(client, project.ipm)
    stale = client.form_values(url, "action")  # a second tab, at this version
    assert _decide(client, url, "advance").status_code == 303
    late = client.post(f"{url}/decide", data={**stale, "action": "advance"})
    assert "Someone else decided on this package meanwhile" in _page(late)
    assert _package(session, project).stage == PackageStage.FIRST_REVIEW
    assert session.scalar(select(ReviewRound.number).where(ReviewRound.package_id == _package(
        session, project).id)) == 1


def test_another_organizations_review_answers_404(client, app, session):
    project, contact, engineer, url = _ready(app, session)
    with app.test_request_context():
        other = create_project(with_kick_off=False)
    stranger = create_user(Role.PRIMARY_CONTACT, other.organization)
    session.commit()
    client.login(stranger.email)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/submit", data={"csrf_token": client.csrf_token("/")}).status_code == 404


def test_the_review_queue_lists_waiting_packages_with_filters_and_engineering_first_for_engineers(
        client, app, session):
    waiting = []
    for stage in (PackageStage.FIRST_REVIEW, PackageStage.ENGINEERING_REVIEW, PackageStage.CHANGES_REQUESTED):
        with app.test_request_context():
            from tests.factories import create_review_round
            made = create_review_round()
        made.package.stage = stage
        waiting.append(made.package)
    engineer = create_user(Role.ENGINEER, name="Dan Kim")
    session.commit()
    client.login(engineer.email)
    page = _page(client.get("/reviews"))
    names = [f"{package.project.organization.name}: " for package in waiting]  # as the table's lines begin
    assert names[1] in page and names[0] in page and names[2] not in page  # changes requested: the customer's move
    assert page.index(names[1]) < page.index(names[0])  # the engineer's stage first
    assert "Nobody yet: an engineer takes it" in page and "0 business days" in page
    only = _page(client.get(f"/reviews?customer={waiting[0].project.organization_id}"))
    assert names[0] in only and names[1] not in only
    asked = _page(client.get("/reviews?stage=changes_requested"))
    assert names[2] in asked and names[0] not in asked
    url = f"/projects/{waiting[1].project_id}/review"
    assert client.post(f"{url}/take", data=client.form_values(url, "version")).status_code == 303
    assert _page(client.get(f"/reviews?assignee={engineer.id}")).count("Dan Kim") >= 1
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(waiting[0].project.ipm.email)
    ipm_page = _page(client.get("/reviews"))
    assert ipm_page.index(names[0]) < ipm_page.index(names[1])  # the oldest first for everyone else
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(create_user(Role.PRIMARY_CONTACT, waiting[0].project.organization).email)
    assert client.get("/reviews").status_code == 403


def test_the_package_pdf_is_rendered_once_from_the_rounds_snapshot_and_served_as_stored(client, app, session,
                                                                                        tmp_path):
    import io
    import subprocess

    from pypdf import PdfReader

    from portal.core.storage import path_of
    from portal.models.renderings import Rendering
    project, contact, engineer, url = _ready(app, session, flow=True)
    client.login(contact.email)
    _submit(client, url)
    made = _package(session, project).current
    seat = session.scalars(select(Seat).where(Seat.project_id == project.id)).one()
    seat.first_name = "Anabel"  # live data moves on after the submission
    session.commit()
    asked = client.post(f"{url}/rounds/{made.id}/package.pdf", data={"csrf_token": client.csrf_token(url)})
    assert asked.status_code == 303 and "/documents/" in asked.headers["Location"]  # its progress page
    (rendering,) = session.scalars(select(Rendering).where(Rendering.kind == "review_package")).all()
    assert rendering.subject_id == made.id and rendering.stored_file_id is not None  # the job ran (immediate)
    data = path_of(rendering.stored_file).read_bytes()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    for said in ("Review package, round 1", made.snapshot_sha256, "The Programming Data Questionnaire",
                 "1. Sites and dial plan", "Extension length 3 digits", "2. Extensions", "Ana Silva",
                 "3. DID assignments", "(415) 555-0101", "5. Calling patterns", "security@example.com",
                 "The Client Worksheet", "Call flows", "Main menu",
                 "Key 1: Ana Silva", "Number porting", "Sign-off"):
        assert said in text, said
    assert "Anabel" not in text  # the round, not the live data
    pdf = tmp_path / "package.pdf"
    pdf.write_bytes(data)
    flow_page = next(number for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1)
                     if "Rings it: (415) 555-0100" in page.extract_text())  # the flow's heading, then its diagram
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(flow_page), "-l", str(flow_page), str(pdf),
                    str(tmp_path / "page")], check=True)
    (image,) = tmp_path.glob("page*.png")
    from PIL import Image
    menu_fill = sum(1 for red, green, blue in Image.open(image).convert("RGB").get_flattened_data()
                    if 200 < red < 235 and 235 < green < 250 and blue > 250)  # the menu's box, #ddf4ff
    assert menu_fill > 50  # the diagram's vector drawing is on the page, rendered (text is black and grey)
    again = client.post(f"{url}/rounds/{made.id}/package.pdf", data={"csrf_token": client.csrf_token(url)})
    assert again.headers["Location"].endswith(f"/files/{rendering.stored_file_id}")  # the stored bytes, once
    with client.get(again.headers["Location"]) as download:
        assert download.data == data
    assert len(session.scalars(select(Rendering).where(Rendering.kind == "review_package")).all()) == 1


def test_each_round_has_its_review_call_with_a_calendar_invitation(client, app, session, outbox):
    from portal.models.projects import Meeting
    project, contact, engineer, url = _ready(app, session)
    client.login(contact.email)
    _submit(client, url)
    _as(client, project.ipm)
    when = date.today() + timedelta(days=3)
    values = {**client.form_values(url, "start_time"), "first_date": when.isoformat(), "start_time": "10:30",
              "time_zone": "America/Chicago", "duration_minutes": "45", "location": "https://meet.example/review"}
    assert client.post(f"{url}/call", data=values).status_code == 303
    invitation = next(message for message in outbox if "Review call, round 1" in message["Subject"])
    ics = next(invitation.iter_attachments()).get_content()
    ics = ics if isinstance(ics, str) else ics.decode()
    assert "METHOD:REQUEST" in ics and "SUMMARY:Review call\\, round 1:" in ics and "SEQUENCE:0" in ics
    shown = _page(client.get(url))
    assert f"Review call: {when:%A %d %B %Y} at 10:30 (America/Chicago)" in shown
    assert client.post(f"{url}/call", data={**client.form_values(url, "start_time"), "start_time": "14:00"}
                       ).status_code == 303  # moved: the same event, a higher sequence
    moved = [message for message in outbox if "Updated: Review call, round 1" in message["Subject"]]
    assert moved and "SEQUENCE:1" in next(moved[-1].iter_attachments()).get_content()
    _decide(client, url, "advance")
    _decide(client, url, "send_back", "One more thing.")
    _as(client, contact)
    _submit(client, url)
    _as(client, project.ipm)
    assert "Schedule the review call" in _page(client.get(url))  # round 2 has no call yet: its own
    calls = session.scalars(select(Meeting.key).where(Meeting.project_id == project.id)).all()
    assert calls == [f"review:{_package(session, project).rounds[0].id}"]
    with client.get(f"/projects/{project.id}/meetings/review-{_package(session, project).rounds[0].id}.ics") as ics:
        assert ics.status_code == 200 and b"Review call" in ics.data


def test_the_snapshot_is_the_same_bytes_however_the_database_returns_the_rows(app, session):
    """Run on SQLite and on PostgreSQL: the snapshot taken from the objects as written, and again from
    the rows read back (each driver's own types for date-times, times, enums and JSON), are the same
    bytes, so a round's hash depends on the data alone."""
    with app.test_request_context():
        project = create_ready_project(flow=True)
        session.flush()
        written = snapshots.take(project)
        session.commit()
        session.expire_all()
        read_back = snapshots.take(session.get(type(project), project.id))
    assert read_back.raw == written.raw and read_back.sha256 == written.sha256
    assert b'"created_at":"' in read_back.raw and b"+00:00" in read_back.raw  # date-times in UTC, one form
    assert b'"voicemail_pin_set":false' in read_back.raw and b'"voicemail_pin":' not in read_back.raw


def test_the_customers_dashboard_shows_the_packages_stage(client, app, session):
    project, contact, engineer, url = _ready(app, session)
    client.login(contact.email)
    assert "Review and submit : the package is not submitted yet." in _page(client.get("/"))
    _submit(client, url)
    assert "Review and submit : Round 1: Submitted." in _page(client.get("/"))


def test_a_phone_keys_finding_has_its_seats_key_address(client, app, session):
    from portal.models.questionnaire import KeyLayout
    from portal.models.telephony import PhoneModel
    project, contact, engineer, url = _ready(app, session)
    model = PhoneModel(vendor="Review", model="Desk 6", keys=6, label_width=12)
    session.add(model)
    session.flush()
    seat = session.scalars(select(Seat).where(Seat.project_id == project.id)).one()
    seat.phone_model_id = model.id
    session.add_all([KeyLayout(project_id=project.id, phone_model_id=model.id, keys={}),
                     KeyLayout(project_id=project.id, phone_model_id=model.id, seat_id=seat.id,
                               keys={"3": {"function": "blf", "label": "Desk", "target": "999"}})])
    session.commit()
    client.login(contact.email)
    shown = _page(client.get(url))
    assert f"Ana Silva, key 3: busy lamp field to 999, an extension no one has in the project. (seat:{seat.id}/key:3)" \
        in shown


def test_the_customer_disputes_the_planned_configuration_and_the_next_round_resumes_at_the_second_review(
        client, app, session, outbox):
    project, contact, engineer, url = _ready(app, session)
    client.login(contact.email)
    _submit(client, url)
    package = _package(session, project)
    package.stage = PackageStage.SECOND_REVIEW
    session.commit()
    refused = client.post(f"{url}/dispute", data=client.form_values(url, "note"))
    assert "Say what is to change: the note goes with the round." in _page(refused)
    disputed = client.post(f"{url}/dispute", data={**client.form_values(url, "note"),
                                                  "note": "The night line must ring the on-call phone, not the box."})
    assert disputed.status_code == 303
    package = _package(session, project)
    assert (package.stage, package.returned_from) == (PackageStage.CHANGES_REQUESTED, PackageStage.SECOND_REVIEW)
    assert package.current.sent_back_by_id == contact.id
    assert any(message["To"] == project.ipm.email and "Disputed by the customer" in message["Subject"]
               for message in outbox)
    _submit(client, url)
    assert _package(session, project).stage == PackageStage.SECOND_REVIEW


def test_the_next_rounds_page_shows_what_changed_since_the_round_before(client, app, session):
    project, contact, engineer, url = _ready(app, session)
    client.login(contact.email)
    _submit(client, url)
    _as(client, project.ipm)
    _decide(client, url, "advance")
    _decide(client, url, "send_back", "Give Ana her new address.")
    seat = session.scalars(select(Seat).where(Seat.project_id == project.id)).one()
    seat.email = "ana.silva@example.com"
    session.commit()
    _as(client, contact)
    _submit(client, url)
    first, second = _package(session, project).rounds
    assert "What changed" not in _page(client.get(f"{url}/rounds/{first.id}"))  # round 1 has none before it
    shown = _page(client.get(f"{url}/rounds/{second.id}"))
    assert "What changed since round 1 Seats Changed : Ana Silva" in shown and f"(seat:{seat.id})" in shown
    assert "email: ana@example.com → ana.silva@example.com" in shown
