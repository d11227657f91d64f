"""Section 7 of the questionnaire, call center (issue 7): queues, ring groups and shared voicemail
boxes as Destinations, their seats in order, their checks, their removal after a confirmation."""
import html

from sqlalchemy import select

from portal.models.telephony import CallQueue, Destination, DestinationKind, MemberRole, QueueRouting, VoicemailBox
from portal.models.users import Role
from tests.factories import create_number, create_project, create_seat, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    seats = [create_seat(project, extension=str(100 + n), first_name=f"Agent{n}", last_name="Desk")
             for n in range(3)]
    session.commit()
    return project, seats, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _queue(seats, **values) -> dict:
    return {"name": "Support", "extension": "500", "routing": "serial", "agents": [str(seat.id) for seat in seats],
            "agent_alert_seconds": "20", "max_wait_seconds": "120", "overflow_calls": "",
            "overflow_destination_id": "", "timeout_destination_id": "",
            "music_on_hold": "The provider's standard music", "announcement": "", "recording_mode": "none", **values}


def test_a_queue_with_agents_overflows_to_a_shared_voicemail_box(client, app, session):
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    assert "No call queue yet." in _page(client.get(base))
    box = client.submit(f"{base}/new/box", {"name": "Support mailbox", "extension": "590",
                                            "recipients": [str(seats[0].id)], "email": "support@example.com"})
    assert box.status_code == 303
    mailbox = session.scalars(select(VoicemailBox)).one()
    assert mailbox.destination.kind == DestinationKind.VOICEMAIL and mailbox.recipients == [str(seats[0].id)]
    made = client.submit(f"{base}/new/queue", _queue(seats, overflow_calls="5",
                                                     overflow_destination_id=str(mailbox.destination_id),
                                                     timeout_destination_id=str(mailbox.destination_id)))
    assert made.status_code == 303
    queue = session.scalars(select(CallQueue)).one()
    assert (queue.routing, queue.overflow_calls, queue.agents) == (QueueRouting.SERIAL, 5,
                                                                   [str(seat.id) for seat in seats])
    listing = _page(client.get(base))
    assert "Agents: Agent0 Desk, Agent1 Desk, Agent2 Desk" in listing
    assert "Overflow: Support mailbox<br>Time-out: Support mailbox" in listing
    assert "Also to support@example.com" in listing
    number = create_number(project, e164="+14155550150", destination_id=queue.destination_id)
    session.commit()
    assert ">Support (500)</option>" in _page(client.get(f"/projects/{project.id}/questionnaire/numbers/"
                                                           f"{number.id}"))


def test_bad_queues_are_explained_at_their_fields_and_kept(client, app, session):
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    page = _page(client.submit(f"{base}/new/queue", _queue(seats, extension="100", overflow_calls="5",
                                                           max_wait_seconds="-1")))
    assert "Use 10 to 3600 seconds." in page and "Choose where calls go when the queue is full." in page
    assert 'value="Support"' in page
    page = _page(client.submit(f"{base}/new/queue", _queue(seats, extension="100")))
    assert "Extension 100 is already used by Agent0 Desk." in page
    client.submit(f"{base}/new/queue", _queue(seats))
    queue = session.scalars(select(CallQueue)).one()
    url = f"{base}/{queue.destination_id}"
    page = _page(client.submit(url, _queue(seats, timeout_destination_id=str(queue.destination_id))))
    assert "Choose somewhere else: calls cannot be sent back here." in page


def test_the_checks_find_empty_queues_and_calls_that_go_round(client, app, session):
    from portal.questionnaire.call_center import check
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    client.submit(f"{base}/new/queue", _queue([], name="Sales", extension="501"))
    client.submit(f"{base}/new/queue", _queue(seats, name="Support", extension="500"))
    sales, support = (session.scalars(select(CallQueue).join(Destination, Destination.id == CallQueue.destination_id)
                                      .where(Destination.name == name)).one() for name in ("Sales", "Support"))
    sales.timeout_destination_id, support.timeout_destination_id = support.destination_id, sales.destination_id
    session.commit()
    with app.test_request_context():
        messages = [finding.message for finding in check(project)]
    assert "Sales: the queue has no agent." in messages
    assert ("Sales: its calls only go round between queues and groups (Support) and never reach a person or a "
            "voicemail box; send one of them somewhere that answers.") in messages
    support.timeout_destination_id = seats[0].destination_id
    session.commit()
    with app.test_request_context():
        assert not any("go round" in finding.message for finding in check(project))
    page = _page(client.get(f"/projects/{project.id}/questionnaire/check"))
    assert f'/questionnaire/call-center/{sales.destination_id}#agents"' in page


def test_agents_are_reordered_and_a_queue_removed_after_confirming(client, app, session):
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    client.submit(f"{base}/new/queue", _queue(seats))
    queue = session.scalars(select(CallQueue)).one()
    url = f"{base}/{queue.destination_id}"
    number = create_number(project, e164="+14155550150", destination_id=queue.destination_id)
    session.commit()
    moved = client.submit(f"{url}/order", {"role": "agent", "seat": str(seats[2].id), "move": "up",
                                           "version": str(queue.version)}, page=url)
    assert moved.status_code == 303
    session.expire_all()
    assert [member.seat_id for member in queue.members_in(MemberRole.AGENT)] == [seats[0].id, seats[2].id,
                                                                                  seats[1].id]
    stale = client.submit(f"{url}/order", {"role": "agent", "seat": str(seats[1].id), "move": "up",
                                           "version": "1"}, page=url)
    assert "was changed by someone else meanwhile" in _page(client.get(stale.headers["Location"]))
    assert "Remove Support?" in _page(client.get(f"{url}/remove"))
    assert client.submit(f"{url}/remove").status_code == 303
    session.expire_all()
    assert session.scalars(select(CallQueue)).all() == [] and number.destination_id is None


def test_people_who_only_read_see_the_call_center_but_cannot_change_it(client, app, session):
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    client.submit(f"{base}/new/queue", _queue(seats))
    queue = session.scalars(select(CallQueue)).one()
    client.submit("/logout", page="/")
    viewer = create_user(Role.VIEWER, project.organization)
    client.login(viewer.email)
    page = _page(client.get(f"{base}/{queue.destination_id}"))
    assert "Agent0 Desk (100), Agent1 Desk (101), Agent2 Desk (102)" in page and 'name="name"' not in page
    assert client.get(f"{base}/new/queue").status_code == 403
    assert client.get(f"{base}/new/nonsense").status_code in (403, 404)


def test_a_seats_own_voicemail_is_a_destination_made_when_first_chosen(client, app, session):
    project, seats, contact = _project(app, session)
    seats[1].voicemail_enabled = True
    session.commit()
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(contact.email)
    page = _page(client.get(f"{base}/new/queue"))
    assert f'<option value="-{seats[1].id}">Voicemail of Agent1 Desk · Voicemail box</option>' in page
    made = client.submit(f"{base}/new/queue", _queue(seats[:1], timeout_destination_id=f"-{seats[1].id}"))
    assert made.status_code == 303
    box = session.scalars(select(VoicemailBox).where(VoicemailBox.seat_id == seats[1].id)).one()
    queue = session.scalars(select(CallQueue)).one()
    assert queue.timeout_destination_id == box.destination_id and box.recipients == [str(seats[1].id)]
    page = _page(client.get(base))
    assert "No shared voicemail box yet." in page  # a seat's own box is not a shared one
    assert f'<option value="-{seats[1].id}">' not in _page(client.get(f"{base}/new/queue"))
    assert ">Voicemail of Agent1 Desk · Voicemail box</option>" in _page(client.get(f"{base}/new/queue"))


def test_a_removed_seat_takes_its_own_voicemail_box_along(client, app, session):
    from portal.core.routing import own_box
    from portal.worksheet.services import delete_seat
    project, seats, contact = _project(app, session)
    seats[1].voicemail_enabled = True
    box = own_box(seats[1])
    destination_id = box.destination_id
    session.commit()
    delete_seat(seats[1])
    session.commit()
    assert session.get(Destination, destination_id) is None
    assert session.scalars(select(VoicemailBox)).all() == []


def test_seats_voicemail_is_offered_in_the_order_of_the_seats(client, app, session):
    """Found by the 50-user intake: seats came by extension, their voicemail by first name."""
    from portal.core.routing import destination_choices
    project, seats, contact = _project(app, session)
    create_seat(project, extension="103", first_name="Aaron", last_name="Zulu")
    session.commit()
    with app.test_request_context():
        labels = [label for _, label in destination_choices(project.id)]
    boxes = [label for label in labels if label.startswith("Voicemail of")]
    assert boxes == ["Voicemail of Agent0 Desk · Voicemail box", "Voicemail of Agent1 Desk · Voicemail box",
                     "Voicemail of Agent2 Desk · Voicemail box", "Voicemail of Aaron Zulu · Voicemail box"]
