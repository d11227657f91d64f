"""Demo data for `flask seed-demo`: two customers part-way through onboarding, and provider staff.

Running it again updates the same people (and their password) instead of adding copies.
"""
from __future__ import annotations

import io
import math
import struct
import wave
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from forms.callflows import MAX_RECORDING
from portal.callflows import progress
from portal.callflows.services import (
    NODE_KINDS,
    create_holiday_set,
    create_node,
    set_keys,
    set_recording,
    settings_of,
)
from portal.core import audit, snapshots
from portal.core.business_days import add_business_days
from portal.core.features import is_derived
from portal.core.hours import WORKDAYS, rows_of, standard_hours
from portal.core.importing import suggest_mapping
from portal.core.mail import RETRY_DELAYS
from portal.core.passwords import hash_password
from portal.core.phones import format_phone
from portal.core.pins import TOO_EASY, pin_problem
from portal.core.storage import AUDIO, store_upload
from portal.core.tabular import read_pasted
from portal.extensions import db
from portal.imports.services import checked_state, commit_import, preview_of, save_mapping, start_import
from portal.models.callflows import GreetingMode, Holiday, HolidayRepeat
from portal.models.mail import MailStatus, OutboxMessage
from portal.models.porting import PortStatus
from portal.models.projects import MeetingKind, Product, Project, TaskStatus
from portal.models.questionnaire import KeyLayout, SectionProgress
from portal.models.reviews import DiscrepancyKind, PackageStage, ReviewPackage, ReviewRound
from portal.models.signatures import SignatureMark
from portal.models.telephony import (
    Destination,
    NumberKind,
    NumberSource,
    PhoneModel,
    PhoneNumber,
    QueueRouting,
    RecordingMode,
    Seat,
    SeatType,
)
from portal.models.users import Organization, Role, User, UserStatus
from portal.porting import progress as porting_progress
from portal.porting import signing
from portal.porting.documents import add_document
from portal.porting.links import send as send_signing_link
from portal.porting.services import create_request, offered_numbers
from portal.porting.statuses import move
from portal.projects.meetings import schedule_meeting
from portal.projects.services import create_project, follow_feature, set_task_status
from portal.questionnaire.call_center import BOX, GROUP, QUEUE
from portal.questionnaire.calling import RoutingView, route_number
from portal.questionnaire.number_import import NUMBER_IMPORT_FIELDS, NUMBERS
from portal.questionnaire.services import add_number, create_call_group, request_numbers
from portal.reviews import discrepancies
from portal.sites.services import create_site
from portal.worksheet.feature import worksheet_changed
from portal.worksheet.fields import SEAT_IMPORT_FIELDS
from portal.worksheet.imports import SEATS
from portal.worksheet.services import create_seat

DEFAULT_PASSWORD = "onboard-demo-2026"


@dataclass(frozen=True)
class DemoPerson:
    label: str
    email: str
    name: str
    role: Role
    organization: str | None = None
    job_title: str | None = None
    phone: str | None = None


A, A_MAIL = "Northwind Dental Group", "northwind-dental.example"
B, B_MAIL = "Bayside Logistics Co.", "bayside-logistics.example"
PEOPLE = (
    DemoPerson("customer-a-primary", f"maria.lopez@{A_MAIL}", "Maria Lopez", Role.PRIMARY_CONTACT, A,
               "Practice operations manager", "+14155550134"),
    DemoPerson("customer-a-secondary", f"tom.becker@{A_MAIL}", "Tom Becker", Role.SECONDARY_CONTACT, A,
               "IT coordinator", "+14155550178"),
    DemoPerson("customer-a-viewer", f"ana.silva@{A_MAIL}", "Ana Silva", Role.VIEWER, A, "Front desk lead"),
    DemoPerson("customer-b-primary", f"james.okafor@{B_MAIL}", "James Okafor", Role.PRIMARY_CONTACT, B,
               "Director of IT", "+13125550142"),
    DemoPerson("customer-b-secondary", f"lena.novak@{B_MAIL}", "Lena Novak", Role.SECONDARY_CONTACT, B,
               "Network administrator", "+13125550199"),
    DemoPerson("customer-b-viewer", f"raj.patel@{B_MAIL}", "Raj Patel", Role.VIEWER, B, "Dispatch supervisor"),
    DemoPerson("ipm", "priya.shah@provider.example", "Priya Shah", Role.IPM, None,
               "Implementation project manager", "+18005550100"),
    DemoPerson("ipm-2", "marcus.reed@provider.example", "Marcus Reed", Role.IPM, None,
               "Implementation project manager", "+18005550101"),
    DemoPerson("engineer", "daniel.kim@provider.example", "Daniel Kim", Role.ENGINEER, None, "Customer engineer"),
    DemoPerson("admin", "admin@provider.example", "Alex Morgan", Role.ADMIN, None, "Portal administrator"),
)
ORGANIZATION_DETAILS = {
    A: {"escalation_notes": "1. Maria Lopez, practice operations manager, +1 415 555 0134\n"
                            "2. Dr. Helen Park, managing partner, +1 415 555 0101",
        "support_pass_code": "molar-harbor-2026"},
    B: {"escalation_notes": "1. James Okafor, director of IT, +1 312 555 0142"},
}


def _organization(name: str) -> Organization:
    organization = db.session.scalars(select(Organization).where(Organization.name == name)).first()
    if organization is None:
        organization = Organization(name=name, **ORGANIZATION_DETAILS.get(name, {}))
        db.session.add(organization)
        db.session.flush()
        audit.record("organization.created", organization, note="demo data")
    return organization


def _person(person: DemoPerson, password_hash: str) -> User:
    user = db.session.scalars(select(User).where(User.email == person.email)).first()
    if user is None:
        user = User(email=person.email)
        db.session.add(user)
    user.name, user.role, user.status = person.name, person.role, UserStatus.ACTIVE
    user.job_title, user.phone = person.job_title, person.phone
    user.organization = _organization(person.organization) if person.organization else None
    user.password_hash = password_hash
    db.session.flush()
    return user


SITES = {
    A: [dict(name="Main clinic", street="450 Sutter Street", suite="Suite 1200", city="San Francisco", state="CA",
             postal_code="94108", country="US", time_zone="America/Los_Angeles"),
        dict(name="Oakland office", street="1999 Harrison Street", city="Oakland", state="CA",
             postal_code="94612", country="US", time_zone="America/Los_Angeles")],
    B: [dict(name="Distribution center", street="2100 S Halsted Street", city="Chicago", state="IL",
             postal_code="60608", country="US", time_zone="America/Chicago")],
}


SEATS_A = [  # (first name, last name or device label, type, extension, direct number, model, e-mail)
    ("Helen", "Park", "executive", "101", "+14155550101", "VVX 450", "helen.park"),
    ("Maria", "Lopez", "standard", "102", "+14155550134", "VVX 450", "maria.lopez"),
    ("Ana", "Silva", "receptionist", "100", "+14155550100", "VVX 450", "ana.silva"),
    ("Tom", "Becker", "standard", "103", None, "Teams client", "tom.becker"),
    ("José", "Núñez", "standard", "104", None, "VVX 250", "jose.nunez"),
    ("Zoë", "Ångström", "standard", "105", None, None, "zoe.angstrom"),  # an unknown phone model, no site
    (None, "Lobby phone", "common_area", "150", None, "VVX 150", None),
    (None, "Fax", "fax", "190", "+14155550190", None, None),
]


def _seats(project, sites) -> None:
    types = {kind.key: kind for kind in db.session.scalars(select(SeatType))}
    models = {model.model: model for model in db.session.scalars(select(PhoneModel))}
    for first, last, kind, extension, direct, model, mailbox in SEATS_A:
        device = types[kind].is_device
        names = {"device_label": last} if device else {"first_name": first, "last_name": last,
                                                       "email": f"{mailbox}@{A_MAIL}", "voicemail_to_email": True}
        create_seat(project, types[kind], extension=extension, direct_number=direct, **names,
                    site_id=None if extension == "105" else sites[0].id, fax_to_email=kind == "fax",
                    phone_model_id=models[model].id if model else None,
                    phone_model_raw="Polycom SoundPoint 331" if extension == "105" else None)
    worksheet_changed(project)


M365_EXPORT_B = "\n".join([  # as the Microsoft 365 admin center exports it, a mistyped number included
    "User principal name,Display name,First name,Last name,Job title,Department,Office phone,Mobile phone,City",
    f"james.okafor@{B_MAIL},James Okafor,James,Okafor,Operations director,Operations,(510) 555-0110,,Oakland",
    f"lena.novak@{B_MAIL},Lena Novák,Lena,Novák,Dispatcher,Dispatch,(510) 555-0111,(510) 555-0191,Oakland",
    f"raj.patel@{B_MAIL},Raj Patel,Raj,Patel,Warehouse lead,Warehouse,(510) 555-0112,,Oakland",
    f"chloe.dubois@{B_MAIL},Chloé Dubois,Chloé,Dubois,Customer service,Service,(510) 555-0113,,Oakland",
    f"mateo.garcia@{B_MAIL},Mateo García,Mateo,García,Driver coordinator,Dispatch,555-0114,,Oakland",
])


def _questionnaire_started(project, sites) -> None:
    """Northwind answered the dial plan and the hours of its main site; the other site is still open."""
    project.dial_plan.extension_length, project.dial_plan.outbound_access_code = 3, "9"
    project.dial_plan.operator_extension = "100"
    sites[0].hours = rows_of(standard_hours(WORKDAYS, time(8), time(17, 30)))
    for seat in db.session.scalars(select(Seat).where(Seat.project_id == project.id, Seat.email.is_not(None))):
        seat.voicemail_pin = {"maria.lopez": "4826", "ana.silva": "1234"}.get(seat.email.split("@")[0])
        seat.voicemail_pin_problem = TOO_EASY if pin_problem(seat.voicemail_pin, seat.extension) else None  # Ana's
        seat.call_forwarding = seat.simultaneous_ring = seat.email.startswith("maria")
    receptionist = db.session.scalars(select(Seat).where(Seat.project_id == project.id,
                                                         Seat.email == f"ana.silva@{A_MAIL}")).one()
    add_number(project, {"e164": "+14155550199", "site_id": sites[0].id, "kind": NumberKind.MAIN,
                         "source": NumberSource.PORTED, "destination_id": receptionist.destination_id,
                         "caller_id_name": "NORTHWIND DENT"})
    request_numbers(project, {"site_id": sites[1].id, "area_code": "510", "kind": NumberKind.DIRECT,
                              "quantity": 2})
    _numbers_pasted(project, sites[0])
    project.other_requirements.requirements = (
        "The front desk closes 12:00-13:00 for lunch: calls then should ring Maria.\n"
        "Our overhead paging speaker in the sterilization room must keep working.")
    db.session.add(SectionProgress(project_id=project.id, section="dial_plan", completed=False))  # "come back later"
    _keys_laid_out(project)
    _call_center(project)
    db.session.flush()
    follow_feature(project, "questionnaire")


def _call_center(project) -> None:
    """A scheduling queue of three front-desk agents that overflows to a shared mailbox; a ring group
    for the front desk whose unanswered calls go there too. Its time-out is not chosen yet."""
    staff = {seat.email.split("@")[0]: seat for seat in db.session.scalars(
        select(Seat).where(Seat.project_id == project.id, Seat.email.is_not(None)))}
    mailbox = create_call_group(project, BOX, {"name": "Front desk mailbox", "extension": "180",
                                              "recipients": [str(staff["ana.silva"].id)]})
    agents = [str(staff[name].id) for name in ("ana.silva", "maria.lopez", "jose.nunez")]
    queue = create_call_group(project, QUEUE, {"name": "Scheduling", "extension": "170", "agents": agents,
                                               "routing": QueueRouting.LONGEST_IDLE, "overflow_calls": 4,
                                               "overflow_destination_id": mailbox.destination_id,
                                               "recording_mode": RecordingMode.ON_DEMAND})
    main_number = db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project.id,
                                                                PhoneNumber.e164 == "+14155550199")).one()
    route_number(RoutingView(main_number), main_number.version, {
        "open_destination_id": main_number.destination_id, "closed_destination_id": mailbox.destination_id})
    project.calling_policy.block_international = True
    project.calling_policy.emergency_email = f"office.manager@{A_MAIL}"
    project.recording_policy.retention_days = 180  # who may listen is still open
    project.recording_policy.announcement = "This call may be recorded to help us serve you better."
    group = create_call_group(project, GROUP, {"name": "Front desk", "extension": "160", "members": agents[:2],
                                               "no_answer_destination_id": mailbox.destination_id})
    _call_flows_a(project, main_number, (mailbox, group, queue), staff["ana.silva"])


def _call_flows_a(project, main_number, call_center, operator) -> None:
    """Northwind's main line: section 5's after-hours schedule grown into "Office hours" with the US
    public holidays, opening on a main menu (1 scheduling, 2 billing, 0 the front desk) and closing on
    a recorded-hours announcement before the mailbox. Billing's key is announced but not set yet."""
    mailbox, group, queue = call_center
    hours = db.session.get(Destination, main_number.destination_id)  # the schedule section 5 made
    hours.name = "Office hours"
    holidays = create_holiday_set(project, "US public holidays")
    holidays.holidays = [Holiday(name=name, starts_on=day, ends_on=day, repeats=HolidayRepeat.COUNTRY, country="US")
                         for name, day in (("New Year's Day", date(2026, 1, 1)), ("Thanksgiving Day",
                                           date(2026, 11, 26)), ("Christmas Day", date(2026, 12, 25)))]
    closed = create_node(project, NODE_KINDS["announcement"], {
        "name": "Closed message", "greeting_text": "Northwind Dental is closed. Please leave a message; for a dental "
                                                   "emergency call (415) 555-0111.",
        "next_destination_id": mailbox.destination_id})
    menu = create_node(project, NODE_KINDS["menu"], {
        "name": "Main menu", "extension": "140", "greeting_text": "Thank you for calling Northwind Dental. To book "
        "or change an appointment press 1, for billing press 2, for the front desk press 0.",
        "repeats": 2, "no_input_destination_id": group.destination_id, "dial_by_extension": True})
    set_keys(settings_of(menu), {"1": queue.destination_id, "0": operator.destination_id})
    schedule = settings_of(hours)
    schedule.open_destination_id, schedule.closed_destination_id = menu.id, closed.id
    schedule.holiday_set_id, schedule.holiday_destination_id = holidays.id, closed.id
    set_recording(closed, store_upload(io.BytesIO(demo_recording(3)), "Closed message.wav", kind=AUDIO,
                                       max_bytes=MAX_RECORDING, organization=project.organization))
    progress.follow(project)


def _call_flows_b(project) -> None:
    """Bayside has started a main menu for the Teams line it will port: dispatch's outside line on 1
    and a careers announcement on 2, whose greeting is to be a recording not made yet; no number
    rings it yet."""
    careers = create_node(project, NODE_KINDS["announcement"], {
        "name": "Careers", "greeting_mode": GreetingMode.RECORDING,
        "greeting_text": "To apply for a driver position, visit bayside-logistics.example/jobs.",
        "next_destination_id": create_node(project, NODE_KINDS["hang_up"], {"name": "Goodbye"}).id})
    dispatch = create_node(project, NODE_KINDS["external"], {"name": "Dispatch on call",
                                                             "external_number": "+15105550188"})
    menu = create_node(project, NODE_KINDS["menu"], {
        "name": "Bayside main menu", "greeting_text": "Welcome to Bayside Logistics. For dispatch press 1, for "
                                                      "careers press 2.", "repeats": 1})
    set_keys(settings_of(menu), {"1": dispatch.id, "2": careers.id})
    progress.follow(project)


def demo_recording(seconds: int) -> bytes:
    """A greeting as a phone system records it (8 kHz, 16-bit mono WAV): a soft two-tone chime."""
    frames = bytearray()
    for n in range(8000 * seconds):
        pitch = 660 if n % 8000 < 4000 else 880
        frames += struct.pack("<h", int(6000 * math.sin(2 * math.pi * pitch * n / 8000)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def _keys_laid_out(project) -> None:
    """The VVX 450 default: lines, the front desk and the doctor as busy lamp fields, the lab on a
    speed dial; Maria's phone parks calls on key 6."""
    model = db.session.scalars(select(PhoneModel).where(PhoneModel.model == "VVX 450")).one()
    keys = {"1": ("line", "Line 1", ""), "2": ("line", "Line 2", ""), "3": ("blf", "Front desk", "100"),
            "4": ("blf", "Dr Park", "101"), "5": ("speed_dial", "Lab", "+14155550123"), "12": ("voicemail", "VM", "")}
    db.session.add(KeyLayout(project_id=project.id, phone_model_id=model.id, keys={
        position: {"function": function, "label": label, "target": target}
        for position, (function, label, target) in keys.items()}))
    maria = db.session.scalars(select(Seat).where(Seat.project_id == project.id,
                                                  Seat.email == f"maria.lopez@{A_MAIL}")).one()
    db.session.add(KeyLayout(project_id=project.id, phone_model_id=model.id, seat_id=maria.id,
                             keys={"6": {"function": "park", "label": "Park", "target": ""}}))


def _numbers_pasted(project, site) -> None:
    """Maria pasted the rest of their numbers from the carrier's bill: the toll-free line and the
    after-hours line, routed to the front desk."""
    contact = db.session.scalars(select(User).where(User.email == f"maria.lopez@{A_MAIL}")).one()
    text = (f"Number\tSite\tType\tRings\tCNAM\n(800) 555-0142\t{site.name}\tToll-free\t100\tNORTHWIND DENT\n"
            f"(415) 555-0177\t{site.name}\tDID\tana.silva@{A_MAIL}\tNORTHWIND DENT\n")
    started = start_import(project, contact, read_pasted(text), "pasted rows", NUMBERS)
    save_mapping(started, suggest_mapping(started.headers, NUMBER_IMPORT_FIELDS))
    commit_import(started, checked_state(started, preview_of(started)))


def _port_request_a(project, site) -> None:
    """Northwind's numbers at AT&T: every ported number on one account, the November bill uploaded
    (the worker reads it against the request), ready to sign."""
    maria = db.session.scalars(select(User).where(User.email == f"maria.lopez@{A_MAIL}")).one()
    address = {name: getattr(site, name) for name in ("street", "suite", "city", "state", "postal_code", "country")}
    request = create_request(project, {
        **address, "customer_name": "Northwind Dental Group, Inc.", "service_type": "business",
        "btn": "+14155550199", "current_carrier": "AT&T", "account_number": "8831 2200 19", "account_pin": "4417",
        "authorized_name": maria.name, "authorized_title": "Office manager", "authorized_email": maria.email,
        "authorized_phone": "+14155550101", "full_port": True, "requested_on": project.target_go_live,
        "numbers": [number.id for number in offered_numbers(project)]}, date.today())
    bill = demo_bill(request)
    add_document(request, FileStorage(io.BytesIO(bill), filename="AT&T bill November 2026.pdf"), len(bill), maria)
    move(request, PortStatus.READY_TO_SIGN, request.version)
    _signed_by(request, maria)
    porting_progress.follow(project)


def _signed_by(request, signer: User) -> None:
    """Maria signed the letter online with her mouse (the worker seals the PDF once it runs)."""
    person = signing.Signer(signer.name, "Office manager", signer.email, user=signer)
    evidence = signing.Evidence("203.0.113.24", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
                                "America/Los_Angeles")
    signature = signing.consent(request, person, datetime.now(timezone.utc) - timedelta(minutes=4), evidence)
    signing.sign(signature, signing.Mark(SignatureMark.DRAWN, drawn_png=_drawn_signature()), signer.name,
                 "Office manager", evidence)


def _drawn_signature() -> bytes:
    """A signature as the pad draws one: a few strokes on a transparent canvas."""
    from PIL import Image, ImageDraw
    image = Image.new("RGBA", (480, 140), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.line([(20, 100), (60, 30), (85, 105), (120, 40), (150, 100)], fill=(29, 36, 51, 255), width=4, joint="curve")
    pen.arc([(160, 40), (240, 110)], 200, 520, fill=(29, 36, 51, 255), width=4)
    pen.line([(250, 95), (300, 60), (340, 92), (400, 55), (460, 80)], fill=(29, 36, 51, 255), width=3, joint="curve")
    data = io.BytesIO()
    image.save(data, format="PNG")
    return data.getvalue()


def _port_request_b(project, site) -> None:
    """Bayside's dispatch range at Comcast Business, started as a draft: a partial port, the account's
    billing number (the fax line) staying with the carrier; no bill yet."""
    james = db.session.scalars(select(User).where(User.email == f"james.okafor@{B_MAIL}")).one()
    address = {name: getattr(site, name) for name in ("street", "suite", "city", "state", "postal_code", "country")}
    request = create_request(project, {
        **address, "customer_name": "Bayside Logistics Co.", "service_type": "business", "btn": "+15105550199",
        "current_carrier": "Comcast Business", "account_number": "8155 40 221 0098", "authorized_name": james.name,
        "authorized_email": james.email, "authorized_phone": "+15105550100", "full_port": False,
        "staying_numbers": "(510) 555-0199 (the fax line)", "requested_on": project.target_go_live,
        "pasted": "510-555-0100 to 510-555-0149"}, date.today())
    # James sent the signing link to the CFO, who may authorize the port; she has not opened it yet
    send_signing_link(request, {"name": "Dana Reyes", "title": "Chief Financial Officer",
                                "email": f"dana.reyes@{B_MAIL}", "access_code": "5172"}, james)
    porting_progress.follow(project)


def _in_engineering_review(project) -> None:
    """Maria submitted Northwind's package (round 1, the intake as it stands); Priya held the first
    review with her on a call and passed it to the engineering review, where it waits for an engineer.
    Northwind keeps editing: what they change goes with a later round."""
    maria = db.session.scalars(select(User).where(User.email == f"maria.lopez@{A_MAIL}")).one()
    taken = snapshots.take(project)
    package = ReviewPackage(project_id=project.id, project=project, stage=PackageStage.SUBMITTED)
    db.session.add(ReviewRound(package=package, number=1, snapshot=taken.raw, snapshot_sha256=taken.sha256,
                               schema_version=taken.schema_version, acknowledged=[], submitted_by_id=maria.id,
                               notes={"first_review": "Walked through every section with Maria. The night line "
                                                      "should reach the on-call box; she will confirm the "
                                                      "after-hours greeting."}))
    db.session.flush()
    for stage in (PackageStage.FIRST_REVIEW, PackageStage.ENGINEERING_REVIEW):
        audit.transition(package, "stage", stage, action="review.stage_changed", note="demo data")
    package.stage_since = datetime.now(timezone.utc) - timedelta(days=2)  # waiting since the day before yesterday
    _discrepancies(project, package, maria)
    follow_feature(project, "review")


def _discrepancies(project, package, maria) -> None:
    """Priya asked about Dr Park's number in the first review (Maria answered; resolved); Daniel, in
    the engineering review, asks about the greeting's key 2 and needs the invalid-key exit fixed."""
    daniel = db.session.scalars(select(User).where(User.email == "daniel.kim@provider.example")).one()
    helen = db.session.scalars(select(Seat).where(Seat.project_id == project.id, Seat.first_name == "Helen")).one()
    menu = db.session.scalars(select(Destination).where(Destination.project_id == project.id,
                                                        Destination.name == "Main menu")).one()
    asked = discrepancies.raise_discrepancy(package, project.ipm, f"seat:{helen.id}/direct_number",
                                            DiscrepancyKind.QUESTION, "Is (415) 555-0101 Dr Park's own line, or "
                                                                      "does it ring the front desk too?")
    discrepancies.reply(asked, maria, "Her own line: the front desk is (415) 555-0100.")
    discrepancies.resolve(asked, asked.version, project.ipm)
    discrepancies.raise_discrepancy(package, daniel, f"node:{menu.id}/greeting", DiscrepancyKind.QUESTION,
                                    "The greeting offers 2 for billing, but key 2 is not set: where should billing "
                                    "calls go?")
    discrepancies.raise_discrepancy(package, daniel, f"node:{menu.id}/invalid", DiscrepancyKind.MUST_FIX,
                                    "After a key that is not set the call is hung up: send it to the front desk "
                                    "group instead.")


def demo_bill(request) -> bytes:
    """A carrier bill as its billing system prints it: a cover page, then the account's details."""
    from weasyprint import HTML
    return HTML(string=f"""<html><body><section style="page-break-after: always"><h1>{request.current_carrier}</h1>
        <p>Your bill for November 2026</p></section><section><p>{request.customer_name}<br>{request.street},
        {request.city}, {request.state} {request.postal_code}</p><p>Account number {request.account_number} ·
        Billing telephone number {format_phone(request.btn)}</p></section></body></html>""").write_pdf()


def _waiting_import(project) -> None:
    """Bayside's primary contact pasted their Microsoft 365 export and left it at the check step."""
    contact = db.session.scalars(select(User).where(User.email == f"james.okafor@{B_MAIL}")).one()
    started = start_import(project, contact, read_pasted(M365_EXPORT_B), "pasted rows", SEATS)
    save_mapping(started, suggest_mapping(started.headers, SEAT_IMPORT_FIELDS))


def _kick_off_notice_failed() -> None:
    """Bayside's mail server turned the kick-off notice away for an hour: the admins' Mail page
    lists it as failed, to be sent again."""
    notice = db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Kick-off call"))
                                .order_by(OutboxMessage.id.desc())).first()
    notice.status, notice.attempts = MailStatus.FAILED, len(RETRY_DELAYS) + 1
    notice.last_error = f"SMTPRecipientsRefused: 451 4.3.0 mx.{B_MAIL}: temporarily unavailable, try again later"


def seed_demo(password: str = DEFAULT_PASSWORD) -> list[tuple[str, str]]:
    """Create or refresh the demo organizations and people; returns (label, e-mail) pairs."""
    password_hash = hash_password(password)
    logins = [(person.label, _person(person, password_hash).email) for person in PEOPLE]
    _projects(date.today())
    audit.record("demo.seeded", note=f"{len(PEOPLE)} demo logins")
    return logins


def _projects(today: date) -> None:
    """Two customers part-way through onboarding: one implementing (Priya Shah's), one just after
    kick-off (Marcus Reed's; Priya reads it, with the line saying who can change it)."""
    ipm, ipm_2 = (db.session.scalars(select(User).where(User.email == email)).one()
                  for email in ("priya.shah@provider.example", "marcus.reed@provider.example"))
    _project(_organization(A), "hosted_pbx", ipm, add_business_days(today, -14), add_business_days(today, 25),
             "Hosted PBX: 38 seats (Poly VVX 450 and VVX 250), 2 sites, 42 numbers ported from the current carrier",
             done_before=today, weekly=True)
    _project(_organization(B), "teams_operator_connect", ipm_2, add_business_days(today, -1),
             add_business_days(today, 40), "Microsoft Teams Operator Connect: 120 users, 1 site, 150 numbers",
             done_before=add_business_days(today, -1), weekly=False)


def _project(organization, product_key: str, ipm, started_on: date, go_live: date, summary: str,
             done_before: date, weekly: bool) -> None:
    if db.session.scalars(select(Project).where(Project.organization_id == organization.id)).first():
        return
    sites = [create_site(organization, values) for values in SITES[organization.name]]
    product = db.session.scalars(select(Product).where(Product.key == product_key)).one()
    project = create_project(organization, product, ipm, started_on, go_live, summary, sites)
    kick_off = add_business_days(started_on, 3)
    schedule_meeting(project, MeetingKind.KICK_OFF, kick_off, time(10, 0), sites[0].time_zone,
                     "https://meet.provider.example/kickoff")
    if weekly:
        schedule_meeting(project, MeetingKind.WEEKLY, kick_off + timedelta(days=7), time(9, 30),
                         sites[0].time_zone, "https://meet.provider.example/weekly")
    if organization.name == A:
        _seats(project, sites)
        _questionnaire_started(project, sites)
        _port_request_a(project, sites[0])
        _in_engineering_review(project)
    else:
        _waiting_import(project)
        _call_flows_b(project)
        _port_request_b(project, sites[0])
        _kick_off_notice_failed()
    for task in project.tasks:
        if task.due_on and task.due_on < done_before and not is_derived(task):
            set_task_status(task, TaskStatus.DONE, "demo data")
