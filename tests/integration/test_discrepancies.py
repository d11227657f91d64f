"""Discrepancies (issue 21): pinned by a reviewer on one exact thing of a round, shown to the customer
beside that field, answered in a thread, fixed in the next round (whose diff says which change answers
it) and resolved or reopened by reviewers; open must-fix ones block the package; a stale resolve, a
removed thing, a reply to a resolved one and a 20,000-character reply each get a clear message and
lose nothing."""
import html

from sqlalchemy import select

from portal.models.reviews import Discrepancy, DiscrepancyKind, DiscrepancyStatus, PackageStage
from portal.models.telephony import Destination, Seat
from portal.models.users import Role
from tests.factories import create_ready_project, create_user
from tests.reviewing import decide as _decide
from tests.reviewing import log_in_as as _as
from tests.reviewing import package_of as _package
from tests.reviewing import page_text as _text


def _setup(app, session, flow: bool = False):
    with app.test_request_context():
        project = create_ready_project(flow=flow)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization, name="Maria Lopez")
    engineer = create_user(Role.ENGINEER, name="Dan Kim")
    seat = session.scalars(select(Seat).where(Seat.project_id == project.id)).one()
    session.commit()
    return project, contact, engineer, seat, f"/projects/{project.id}/review"


def _submitted(client, project, contact, url):
    """Round 1 submitted by the contact and taken into the first review by the IPM (logged in after)."""
    client.login(contact.email)
    form = client.form_values(url, "acknowledge")
    assert client.post(f"{url}/submit", data={**form, "acknowledge": "y"}).status_code == 303
    _as(client, project.ipm)
    _decide(client, url, "advance")


def _raise(client, project, thing: str, address: str, kind: str = "must_fix", text: str = "Check this."):
    path = f"/projects/{project.id}/review/discrepancies/new?thing={thing}"
    return client.post(path, data={**client.form_values(path, "kind"), "address": address, "kind": kind,
                                   "text": text})


def _only(session) -> Discrepancy:
    session.expire_all()
    return session.scalars(select(Discrepancy)).one()


def _resubmit(client, contact, url):
    _as(client, contact)
    form = client.form_values(url, "acknowledge")
    return client.post(f"{url}/submit", data={**form, "acknowledge": "y"})


def test_a_must_fix_on_a_seats_extension_is_shown_beside_it_blocks_goes_by_mail_and_its_fix_is_the_diff(
        client, app, session, outbox):
    project, contact, engineer, seat, url = _setup(app, session)
    _submitted(client, project, contact, url)
    raised = _raise(client, project, f"seat:{seat.id}", f"seat:{seat.id}/extension",
                    text="101 is the old office's operator: doctors take the 120s.")
    assert raised.status_code == 303
    found = _only(session)
    assert (found.address, found.label, found.kind) == (f"seat:{seat.id}/extension", "Ana Silva: extension",
                                                        DiscrepancyKind.MUST_FIX)
    refused = _text(_decide(client, url, "advance"))
    assert "1 must-fix discrepancy is still open" in refused
    assert _package(session, project).stage == PackageStage.FIRST_REVIEW
    assert _decide(client, url, "send_back").status_code == 303  # the must-fix says what to change: no note needed
    mail = next(message for message in outbox if "Changes requested" in message["Subject"])
    body = mail.get_content()
    assert "Ana Silva: extension: 101 is the old office's operator" in body
    assert f"/seats/{seat.id}#extension" in body

    _as(client, contact)
    page = client.get(f"/seats/{seat.id}").get_data(as_text=True)
    field_block = page[page.index('for="extension"'):page.index('id="extension"')]
    assert f'id="pin-{found.id}"' in field_block and "101 is the old office&#39;s operator" in field_block
    assert "1 open" in _text(client.get(url))
    assert "Round 1: Changes requested; 1 discrepancy open, 1 must fix" in _text(client.get("/"))  # the dashboard
    form = client.form_values(f"/seats/{seat.id}", "extension")
    assert client.post(f"/seats/{seat.id}", data={**form, "extension": "120"}).status_code == 303
    assert _resubmit(client, contact, url).status_code == 303

    package = _package(session, project)
    assert (package.current.number, package.stage) == (2, PackageStage.FIRST_REVIEW)
    round_page = _text(client.get(f"{url}/rounds/{package.current.id}"))
    assert f"What changed since round 1 Seats Changed : Ana Silva (seat:{seat.id}) extension: 101 → 120 " \
           f"Answers the must fix on Ana Silva: extension ." in round_page  # the seat's step is not repeated
    assert f"Ana Silva: extension (seat:{seat.id}/extension) : changed in this round" in round_page

    _as(client, project.ipm)
    thread = f"/projects/{project.id}/review/discrepancies/{found.id}"
    assert client.post(f"{thread}/resolve", data=client.form_values(thread, "version")).status_code == 303
    assert _only(session).status == DiscrepancyStatus.RESOLVED
    assert _decide(client, url, "advance").status_code == 303
    assert _package(session, project).stage == PackageStage.ENGINEERING_REVIEW
    _as(client, contact)
    assert 'id="pin-' not in client.get(f"/seats/{seat.id}").get_data(as_text=True)  # resolved: no longer pinned


def test_an_engineers_question_on_a_menu_key_is_shown_there_answered_by_mail_and_resolved(
        client, app, session, outbox):
    project, contact, engineer, seat, url = _setup(app, session, flow=True)
    _submitted(client, project, contact, url)
    _decide(client, url, "advance")
    _as(client, engineer)
    menu = session.scalars(select(Destination).where(Destination.name == "Main menu")).one()
    assert _raise(client, project, f"node:{menu.id}", f"node:{menu.id}/key:1", "question",
                  "Should key 1 ring Ana only, or the front desk group?").status_code == 303
    found = _only(session)
    assert found.label == "Main menu: key 1"
    assert _decide(client, url, "advance").status_code == 303  # a question does not block
    assert _package(session, project).stage == PackageStage.SECOND_REVIEW

    _as(client, contact)
    page = client.get(f"/projects/{project.id}/call-flows/nodes/{menu.id}").get_data(as_text=True)
    assert f'id="pin-{found.id}"' in page[page.index('for="key_1"'):page.index('id="key_1"')]
    thread = f"/projects/{project.id}/review/discrepancies/{found.id}"
    answered = client.post(f"{thread}/reply", data={**client.form_values(thread, "text"),
                                                    "text": "Ana only, please."})
    assert answered.status_code == 303
    assert any(engineer.email in message["To"] and "Reply on “Main menu: key 1”" in message["Subject"]
               and "Ana only, please." in message.get_content() for message in outbox)
    _as(client, engineer)
    assert "Ana only, please." in _text(client.get(thread))
    assert client.post(f"{thread}/resolve", data=client.form_values(thread, "version")).status_code == 303
    reopened = client.post(f"{thread}/reopen", data=client.form_values(thread, "version"))
    assert reopened.status_code == 303 and _only(session).status == DiscrepancyStatus.OPEN


def _raised_on_email(client, app, session):
    """A must-fix on the seat's e-mail in round 1's first review: (project, contact, seat, its thread)."""
    project, contact, engineer, seat, url = _setup(app, session)
    _submitted(client, project, contact, url)
    _raise(client, project, f"seat:{seat.id}", f"seat:{seat.id}/email")
    return project, contact, seat, f"/projects/{project.id}/review/discrepancies/{_only(session).id}"


def test_a_stale_resolve_is_refused_with_what_happened_meanwhile(client, app, session):
    project, contact, seat, thread = _raised_on_email(client, app, session)
    seen = client.form_values(thread, "version")  # the page as first opened
    assert client.post(f"{thread}/resolve", data=seen).status_code == 303
    stale = client.post(f"{thread}/resolve", data=seen, follow_redirects=True)
    assert "This discrepancy changed since you opened the page (a reply, or another reviewer's decision): it is " \
           "resolved now. Read it again and decide." in _text(stale)
    assert _only(session).version == 2


def test_a_reply_since_the_page_was_opened_makes_its_resolve_stale_and_a_double_click_replies_once(
        client, app, session, outbox):
    project, contact, seat, thread = _raised_on_email(client, app, session)
    seen = client.form_values(thread, "version")
    with app.test_client() as customer:
        customer.login(contact.email)
        form = {**customer.form_values(thread, "text"), "text": "It is the shared inbox on purpose."}
        assert customer.post(f"{thread}/reply", data=form).status_code == 303
        again = customer.post(f"{thread}/reply", data=form, follow_redirects=True)  # the same form sent twice
        assert "That was done already; nothing was repeated." in _text(again)
    assert len(_only(session).replies) == 1
    assert sum("Reply on" in message["Subject"] for message in outbox) == 1
    stale = client.post(f"{thread}/resolve", data=seen, follow_redirects=True)
    assert "This discrepancy changed since you opened the page" in _text(stale)
    assert _only(session).status == DiscrepancyStatus.OPEN


def test_a_reply_to_a_resolved_discrepancy_and_a_20000_character_reply_keep_what_was_typed(client, app, session):
    project, contact, engineer, seat, url = _setup(app, session)
    _submitted(client, project, contact, url)
    _raise(client, project, f"seat:{seat.id}", f"seat:{seat.id}/email", "question", "Is this e-mail right?")
    found = _only(session)
    thread = f"/projects/{project.id}/review/discrepancies/{found.id}"
    _as(client, contact)
    form = client.form_values(thread, "text")
    long_reply = "The e-mail is right. " * 953  # 20,013 characters
    too_long = client.post(f"{thread}/reply", data={**form, "text": long_reply})
    assert too_long.status_code == 200
    assert "Keep it to 5,000 characters (20,012 here)." in _text(too_long)
    assert long_reply.strip() in html.unescape(too_long.get_data(as_text=True))
    with app.test_client() as reviewer:  # the IPM resolves it while the customer's page is open
        reviewer.login(project.ipm.email)
        reviewer.post(f"{thread}/resolve", data=reviewer.form_values(thread, "version"))
    late = client.post(f"{thread}/reply", data={**form, "text": "Yes, it is."})
    assert late.status_code == 200
    assert "This discrepancy was resolved by" in _text(late) and "Yes, it is.</textarea>" in late.get_data(
        as_text=True)
    assert _only(session).replies == []


def test_a_thing_removed_in_the_next_round_is_shown_as_removed_and_kept(client, app, session):
    project, contact, engineer, seat, url = _setup(app, session)
    _submitted(client, project, contact, url)
    _raise(client, project, f"seat:{seat.id}", f"seat:{seat.id}/email", "note", "Key 1 should be a line key.")
    assert _raise(client, project, f"seat:{seat.id}", "seat:999999/email").status_code == 200  # not in the round
    _decide(client, url, "send_back", "See the note on the phone key.")
    found = _only(session)
    session.execute(Discrepancy.__table__.update().values(address=f"seat:{seat.id}/key:40"))  # a key no phone has
    session.commit()
    _resubmit(client, contact, url)
    listing = _text(client.get(f"/projects/{project.id}/review/discrepancies"))
    assert f"Note on {found.label} (seat:{seat.id}/key:40) : removed from this round" in listing


def test_only_reviewers_raise_and_resolve_and_other_customers_see_nothing(client, app, session):
    project, contact, seat, thread = _raised_on_email(client, app, session)
    _as(client, contact)
    assert client.get(f"/projects/{project.id}/review/discrepancies/new?thing=seat:{seat.id}").status_code == 403
    assert client.post(f"{thread}/resolve", data=client.form_values(thread, "text")).status_code == 403
    stranger = create_user(Role.PRIMARY_CONTACT)
    session.commit()
    _as(client, stranger)
    assert client.get(thread).status_code == 404


def test_a_dispute_of_a_planned_line_is_a_must_fix_discrepancy_there(client, app, session):
    project, contact, engineer, seat, url = _setup(app, session)
    _submitted(client, project, contact, url)
    _decide(client, url, "advance")
    _as(client, engineer)
    _decide(client, url, "advance")
    _as(client, contact)
    form = client.form_values(url, "note")
    disputed = client.post(f"{url}/dispute", data={**form, "address": f"seat:{seat.id}/direct_number",
                                                   "note": "Ana keeps her old number."})
    assert disputed.status_code == 303
    found = _only(session)
    assert (found.kind, found.address, found.raised_by_id) == (DiscrepancyKind.MUST_FIX,
                                                               f"seat:{seat.id}/direct_number", contact.id)
    assert _package(session, project).stage == PackageStage.CHANGES_REQUESTED


def test_the_review_report_lists_the_rounds_discrepancies_with_their_thread_and_outcome(client, app, session):
    import io

    from pypdf import PdfReader
    project, contact, seat, thread = _raised_on_email(client, app, session)
    client.post(f"{thread}/resolve", data=client.form_values(thread, "version"))
    _raise(client, project, f"seat:{seat.id}", f"seat:{seat.id}/job_title", "question", "Is Ana the dentist?")
    _as(client, contact)
    asked = session.scalars(select(Discrepancy).where(Discrepancy.kind == DiscrepancyKind.QUESTION)).one()
    question = f"/projects/{project.id}/review/discrepancies/{asked.id}"
    client.post(f"{question}/reply", data={**client.form_values(question, "text"), "text": "Yes, since 2019."})
    made = _package(session, project).current
    response = client.get(f"/projects/{project.id}/review/rounds/{made.id}/report.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages).split())
    assert "2: 1 open, 1 resolved" in text
    assert "Question on Ana Silva: job title Open" in text and "Yes, since 2019." in text
    assert "Must fix on Ana Silva: email Resolved" in text


def test_pins_stand_beside_a_phone_key_in_the_key_grid_and_beside_a_questionnaire_answer(client, app, session):
    from portal.models.telephony import PhoneModel
    from tests.factories import create_discrepancy
    project, contact, engineer, seat, url = _setup(app, session)
    seat.phone_model_id = session.scalars(select(PhoneModel).where(PhoneModel.model == "VVX 450")).one().id
    with app.test_request_context():
        key = create_discrepancy(project, f"seat:{seat.id}/key:3")
        answer = Discrepancy(package=key.package, raised_in=key.raised_in, address="section:5/emergency_email",
                             label="Section 5: emergency email", kind=DiscrepancyKind.NOTE, text="A shared box?")
        session.add(answer)
    session.commit()
    client.login(contact.email)
    keys = client.get(f"/projects/{project.id}/questionnaire/keys/seats/{seat.id}").get_data(as_text=True)
    assert f'id="pin-{key.id}"' in keys[keys.index('for="key_3_function"'):keys.index('id="key_3_function"')]
    assert f'id="pin-{key.id}"' not in keys[:keys.index('for="key_3_function"')]  # not beside another key
    calling = client.get(f"/projects/{project.id}/questionnaire/calling").get_data(as_text=True)
    beside = calling[calling.index('for="emergency_email"'):calling.index('id="emergency_email"')]
    assert f'id="pin-{answer.id}"' in beside and "A shared box?" in beside


def test_a_sites_hours_discrepancy_stands_on_the_sites_forms_of_every_project_at_it(client, app, session):
    from tests.factories import create_discrepancy
    project, contact, engineer, seat, url = _setup(app, session)
    site = project.sites[0]
    with app.test_request_context():
        found = create_discrepancy(project, f"site:{site.id}/hours")
    session.commit()
    client.login(contact.email)
    for page in (f"/sites/{site.id}", f"/projects/{project.id}/questionnaire/sites/{site.id}"):
        shown = client.get(page).get_data(as_text=True)
        assert f'id="pin-{found.id}"' in shown and "Check the numbers." in shown, page
    _as(client, project.ipm)
    thread = f"/projects/{project.id}/review/discrepancies/{found.id}"
    client.post(f"{thread}/resolve", data=client.form_values(thread, "version"))
    _as(client, contact)
    assert f'id="pin-{found.id}"' not in client.get(f"/sites/{site.id}").get_data(as_text=True)
