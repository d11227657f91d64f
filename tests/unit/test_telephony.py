"""The telephony model of DESIGN.md section 12: catalogs, seats with their destinations, numbers."""
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.models.telephony import Destination, NumberStatus, PhoneModel, PhoneNumber, RecordingMode, SeatType
from portal.worksheet.services import SeatError, add_seats, create_seat, update_seat
from tests.factories import create_project


@pytest.fixture
def project(app, session):
    with app.test_request_context():
        yield create_project(with_kick_off=False)


def _type(session, key):
    return session.scalars(select(SeatType).where(SeatType.key == key)).one()


def test_the_catalogs_are_seeded(session):
    assert session.scalar(select(func.count(PhoneModel.id))) >= 10
    softphone = session.scalars(select(PhoneModel).where(PhoneModel.model == "Teams client")).one()
    assert softphone.is_softphone and softphone.keys == 0
    devices = set(session.scalars(select(SeatType.key).where(SeatType.is_device)))
    assert devices == {"common_area", "conference_room", "fax"}


def test_a_seat_comes_with_its_destination_and_shared_columns(project, session):
    vvx = session.scalars(select(PhoneModel).where(PhoneModel.model == "VVX 450")).one()
    seat = create_seat(project, _type(session, "standard"), extension="1001", first_name="Ana", last_name="Silva",
                       phone_model_id=vvx.id, voicemail_to_email=True, recording_mode=RecordingMode.ON_DEMAND)
    assert seat.extension == "1001" and seat.destination.name == "Ana Silva" and seat.version == 1
    assert seat.voicemail_enabled and seat.phone_model.title == "Poly VVX 450"


def test_extensions_are_unique_per_project_across_destinations(project, session):
    create_seat(project, _type(session, "standard"), extension="1001", first_name="Ana")
    with pytest.raises(SeatError, match="Extension 1001 is already used by Ana"):
        create_seat(project, _type(session, "standard"), extension="1001", first_name="Ben")
    with pytest.raises(IntegrityError):  # the database holds the rule too, for every writer
        with session.begin_nested():
            session.add(Destination(project_id=project.id, kind="queue", name="Sales", extension="1001"))


def test_the_same_extension_in_another_project_is_fine(app, project, session):
    with app.test_request_context():
        other = create_project(with_kick_off=False)
    create_seat(project, _type(session, "standard"), extension="2001", first_name="Ana")
    assert create_seat(other, _type(session, "fax"), extension="2001", device_label="Fax").extension == "2001"


def test_a_number_routes_to_one_destination(project, session):
    seat = create_seat(project, _type(session, "standard"), extension="1002", first_name="Carl")
    number = PhoneNumber(project_id=project.id, e164="+14155550134", destination=seat.destination)
    requested = PhoneNumber(project_id=project.id, requested_area_code="415")
    session.add_all([number, requested])
    session.flush()
    assert number.status == NumberStatus.REQUESTED and number.destination.seat is seat
    assert requested.e164 is None and requested.destination is None


def test_the_worksheet_sorts_by_extension_with_seats_without_one_last(project, session):
    from portal.worksheet.queries import worksheet_page
    for extension, name in (("1001", "Ana"), (None, "Lobby"), ("99", "Ben"), ("205", "Cy")):
        create_seat(project, extension=extension, first_name=name)
    page = worksheet_page(project.id, sort="extension")
    assert [seat.first_name for seat in page.seats] == ["Ben", "Cy", "Ana", "Lobby"]


def test_a_stored_number_is_shown_back_in_its_national_format(app):
    from forms.worksheet import SeatForm
    with app.test_request_context():
        form = SeatForm(data={"mobile": "+14155550134", "direct_number": "+442079460000"})
        assert form.mobile._value() == "(415) 555-0134"
        assert form.direct_number._value() == "+44 20 7946 0000"


def test_one_seat_and_an_import_meet_the_same_rules_in_the_same_words(app, session):
    """The form's writer (create_seat, update_seat) is the import's: the same refusal, word for word."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        ana = create_seat(project, extension="1001", direct_number="+14155550101", first_name="Ana")
        imported = add_seats(project, [{"first_name": "Ben", "extension": "1001"},
                                       {"first_name": "Cy", "direct_number": "+14155550101"},
                                       {"first_name": "Di", "extension": "1002"},
                                       {"first_name": "Ed", "extension": "1002"}])
        with pytest.raises(SeatError) as by_form:
            create_seat(project, extension="1001", first_name="Ben")
        with pytest.raises(SeatError) as number_by_form:
            create_seat(project, direct_number="+14155550101", first_name="Cy")
        assert imported[0] == str(by_form.value) == "Extension 1001 is already used by Ana."
        assert imported[1] == str(number_by_form.value) == "(415) 555-0101 already rings Ana."
        assert number_by_form.value.field == "direct_number"
        assert imported[2] is None and imported[3] == "Extension 1002 is already used by Di."
        assert update_seat(ana, ana.version, {"extension": "1003", "voicemail_pin": "1003"}) is None
        assert (ana.extension, ana.voicemail_pin_problem is not None) == ("1003", True)
        stale = update_seat(ana, 1, {"job_title": "Chef"})
        assert stale is not None and stale.current_version == 2 and stale.record is ana


def test_a_seat_removed_meanwhile_is_a_conflict_that_says_so(app, session):
    """Saving a seat someone deleted a moment ago answers a conflict (the page says it is gone), not an error."""
    from sqlalchemy import delete

    from portal.models.telephony import Seat

    with app.test_request_context():
        project = create_project(with_kick_off=False)
        seat = create_seat(project, extension="1001", first_name="Ana")
        session.execute(delete(Seat).where(Seat.id == seat.id))
        conflict = update_seat(seat, 1, {"job_title": "Chef"})
        assert conflict is not None and conflict.deleted and conflict.record is seat
