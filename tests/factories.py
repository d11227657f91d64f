"""Test factories: real rows through the models, flushed, never committed."""
from __future__ import annotations

import io
import itertools

from portal.core.passwords import hash_password
from portal.core.storage import DOCUMENT, store_upload
from portal.extensions import db
from portal.models.users import Organization, Role, User, UserStatus
from tests.conftest import TEST_PASSWORD

_sequence = itertools.count(1)


def create_organization(name: str | None = None) -> Organization:
    organization = Organization(name=name or f"Customer {next(_sequence)}")
    db.session.add(organization)
    db.session.flush()
    return organization


def create_user(role: Role = Role.PRIMARY_CONTACT, organization: Organization | None = None, *,
                email: str | None = None, name: str | None = None, password: str | None = TEST_PASSWORD,
                status: UserStatus = UserStatus.ACTIVE) -> User:
    if organization is None and not role.is_staff:
        organization = create_organization()
    number = next(_sequence)
    user = User(email=email or f"person{number}@example.com", name=name or f"Person {number}", role=role,
                organization=organization, status=status,
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    return user


# Real files, as portal.core.storage opens them: a 1x1 PNG and a PDF of one blank page.
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
             b"\x00\x00\x00\x0cIDATx\x9cc\xe0.j\x05\x00\x01\x8e\x01\x03\xfb\xe3\x8ff\x00\x00\x00\x00IEND\xaeB`\x82")
PDF_BYTES = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
             b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
             b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>\nendobj\n"
             b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
             b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n")


def create_stored_file(organization: Organization | None = None, content: bytes = PDF_BYTES,
                       name: str = "carrier-bill.pdf", uploader: User | None = None):
    return store_upload(io.BytesIO(content), name, kind=DOCUMENT, max_bytes=10 * 1024 * 1024,
                        organization=organization, uploader=uploader)


def create_attachment(project=None, name: str = "floor-plan.pdf"):
    """A file attached to a project's questionnaire (section 8)."""
    from portal.questionnaire.other import add_attachment
    project = project or create_project(with_kick_off=False)
    user = create_user(Role.PRIMARY_CONTACT, project.organization)
    return add_attachment(project, create_stored_file(project.organization, name=name), None, user)


def create_call_group(project=None, kind: str = "queue", name: str = "Front desk queue"):
    """A call queue (or group, or shared voicemail box) of a project (section 7); its settings row."""
    from portal.questionnaire.call_center import KINDS
    from portal.questionnaire.services import create_call_group as create
    return create(project or create_project(with_kick_off=False), KINDS[kind], {"name": name})


def create_site(organization: Organization | None = None, name: str = "Head office", weekdays: str | None = None,
                **values):
    """A site of the organization; `weekdays`, like "08:00-17:00", its business hours Monday to Friday."""
    from portal.core.hours import days_of, rows_of
    from portal.models.telephony import Site
    organization = organization or create_organization()
    if weekdays:
        values["hours"] = rows_of(days_of({"weekdays": weekdays}))
    site = Site(organization=organization, organization_id=organization.id, name=name,
                street=values.pop("street", "100 Market Street"), city=values.pop("city", "San Francisco"),
                state=values.pop("state", "CA"), postal_code=values.pop("postal_code", "94105"),
                country=values.pop("country", "US"), time_zone=values.pop("time_zone", "America/Los_Angeles"),
                **values)
    db.session.add(site)
    db.session.flush()
    return site


def create_project(organization: Organization | None = None, *, product_key: str = "hosted_pbx",
                   ipm: User | None = None, started_on=None, go_live=None, with_kick_off: bool = True):
    """A project made by the real service (the plan template's tasks, due dates), flushed."""
    from datetime import date, time, timedelta

    from flask import has_request_context
    from sqlalchemy import select

    from portal.models.projects import MeetingKind, Product
    from portal.projects import meetings, services
    organization = organization or create_organization()
    product = db.session.scalars(select(Product).where(Product.key == product_key)).one()
    started_on = started_on or date(2026, 11, 2)
    project = services.create_project(organization, product, ipm or create_user(Role.IPM), started_on,
                                      go_live or started_on + timedelta(days=70), "20 seats, 25 numbers", [])
    if with_kick_off and has_request_context():
        meetings.schedule_meeting(project, MeetingKind.KICK_OFF, started_on + timedelta(days=3), time(10, 0),
                                  "America/Chicago", "https://meet.example/kickoff")
    return project


def create_template_task(title: str = "Check the fire alarm lines"):
    from sqlalchemy import select

    from portal.models.projects import Anchor, PlanStep, Side, TemplateTask
    step = db.session.scalars(select(PlanStep).where(PlanStep.number == 5)).one()
    task = TemplateTask(step=step, side=Side.PROVIDER, title=title, anchor=Anchor.GO_LIVE, offset_days=-5)
    db.session.add(task)
    db.session.flush()
    return task


def create_seat(project=None, *, seat_type_key: str = "standard", extension: str | None = None, **values):
    """A seat (with its destination) made by the worksheet's own writer, flushed."""
    from sqlalchemy import select

    from portal.models.telephony import SeatType
    from portal.worksheet import services
    project = project or create_project(with_kick_off=False)
    seat_type = db.session.scalars(select(SeatType).where(SeatType.key == seat_type_key)).one()
    values.setdefault("first_name", f"Person{next(_sequence)}")
    return services.create_seat(project, seat_type, extension=extension, **values)


def create_import(project=None, text: str = "First name,E-mail\nAna,ana@example.com\n"):
    from portal.core.tabular import read_pasted
    from portal.imports.services import start_import
    from portal.worksheet.imports import SEATS
    project = project or create_project(with_kick_off=False)
    return start_import(project, create_user(Role.PRIMARY_CONTACT, project.organization), read_pasted(text),
                        "pasted rows", SEATS)


def create_rendering(project=None, kind: str = "worksheet"):
    """A document asked for and not laid out yet: its job is not queued, as if no worker had come
    for it yet (the sweeper, or the test, queues it)."""
    from portal.core.rendering import request_rendering
    from portal.extensions import AFTER_COMMIT
    project = project or create_project(with_kick_off=False)
    rendering = request_rendering(project, kind, create_user(Role.PRIMARY_CONTACT, project.organization))[0]
    db.session().info.pop(AFTER_COMMIT, None)
    return rendering


def create_number(project=None, e164: str = "+14155550100", **values):
    """A number of the project (assigned, routed nowhere unless told)."""
    from portal.models.telephony import NumberStatus, PhoneNumber
    project = project or create_project(with_kick_off=False)
    number = PhoneNumber(project_id=project.id, e164=e164, status=values.pop("status", NumberStatus.ASSIGNED), **values)
    db.session.add(number)
    db.session.flush()
    return number


def create_outbox_message(status=None, *, to: str = "ana@example.com", subject: str = "Your project plan",
                          resend_key: str | None = None, **values):
    """An outbox row as the sender leaves it (by default failed after its last attempt); no job is
    queued. With `resend_key` ("reset:42") it held a live link, so its bodies are gone."""
    from datetime import datetime, timezone

    from portal.core.mail import RETRY_DELAYS
    from portal.models.mail import MailStatus, OutboxMessage
    status = status or MailStatus.FAILED
    failed, sent = status == MailStatus.FAILED, status == MailStatus.SENT
    values.setdefault("attempts", len(RETRY_DELAYS) + 1 if failed else int(sent))
    values.setdefault("last_error", "SMTPServerDisconnected: Connection unexpectedly closed" if failed else None)
    values.setdefault("sent_at", datetime.now(timezone.utc) if sent else None)
    message = OutboxMessage(recipients=[to], subject=subject, text_body=None if resend_key else "Hello.",
                            attachments=[], live_link=resend_key is not None, resend_key=resend_key,
                            status=status, **values)
    db.session.add(message)
    db.session.flush()
    return message


def create_port_request(project=None, numbers: tuple[str, ...] = ("+14155550200",), **values):
    """A draft port request of the project for one carrier account, porting `numbers` (added to the
    project as ported numbers)."""
    from portal.models.porting import PortedNumber, PortRequest
    from portal.models.telephony import NumberSource
    project = project or create_project(with_kick_off=False)
    request = PortRequest(project_id=project.id, **{
        "customer_name": "Customer Inc.", "street": "500 Market St", "city": "San Francisco", "state": "CA",
        "postal_code": "94105", "country": "US", "btn": numbers[0], "current_carrier": "AT&T",
        "account_number": "8831 2200 19", "authorized_name": "Maria Lopez", "authorized_email": "maria@example.com",
        "authorized_phone": "+14155550188", "requested_on": project.target_go_live, **values})
    request.numbers = [PortedNumber(phone_number=create_number(project, e164=e164, source=NumberSource.PORTED))
                       for e164 in numbers]
    db.session.add(request)
    db.session.flush()
    return request


def sign_port_request(request, user):
    """The port request's letter signed online by `user` (a contact), as the ceremony does: consent,
    then a typed signature; the sealed PDF's job runs once the caller commits."""
    from datetime import datetime, timezone

    from portal.models.signatures import SignatureMark
    from portal.porting import signing
    signer = signing.Signer(user.name, user.job_title, user.email, user=user)
    evidence = signing.Evidence("127.0.0.1", "pytest", "UTC")
    signature = signing.consent(request, signer, datetime.now(timezone.utc), evidence)
    signing.sign(signature, signing.Mark(SignatureMark.TYPED, typed=user.name), user.name, user.job_title, evidence)
    db.session.flush()
    return signature


def create_ready_project(organization: Organization | None = None, flow: bool = False):
    """A project whose intake is complete with nothing blocking (issue 20): a site with its hours, one
    seat with its own direct number, the dial plan and an emergency contact, every questionnaire
    section and the call flows marked complete, nothing ported; with `flow`, a main number ringing a
    "Main menu" whose key 1 rings the seat."""
    from portal.models.questionnaire import CallingPolicy, DialPlan, SectionProgress
    from portal.models.telephony import NumberKind, NumberSource
    from portal.questionnaire.sections import sections
    project = create_project(organization, with_kick_off=False)
    site = create_site(project.organization, weekdays="08:00-17:00")
    project.sites.append(site)
    seat = create_seat(project, extension="101", first_name="Ana", last_name="Silva", email="ana@example.com",
                       site_id=site.id)
    create_number(project, e164="+14155550101", destination_id=seat.destination_id, site_id=site.id,
                  kind=NumberKind.DIRECT, source=NumberSource.NEW)
    project.dial_plan = project.dial_plan or DialPlan(project_id=project.id)
    project.dial_plan.extension_length = 3
    project.calling_policy = project.calling_policy or CallingPolicy(project_id=project.id)
    project.calling_policy.emergency_email = "security@example.com"
    if flow:
        _main_menu(project, site, seat)
    for key in [section.key for section in sections()] + ["call_flows"]:
        db.session.add(SectionProgress(project_id=project.id, section=key, completed=True))
    db.session.flush()
    return project


def create_review_round(project=None):
    """Round 1 of the project's package, submitted now with the project's snapshot (no readiness check)."""
    from portal.core import snapshots
    from portal.models.reviews import ReviewPackage, ReviewRound
    project = project or create_project(with_kick_off=False)
    taken = snapshots.take(project)
    package = ReviewPackage(project_id=project.id, project=project)
    made = ReviewRound(package=package, number=1, snapshot=taken.raw, snapshot_sha256=taken.sha256,
                       schema_version=taken.schema_version, acknowledged=[])
    db.session.add_all([package, made])
    db.session.flush()
    return made


def create_discrepancy(project=None, address: str | None = None):
    """A must-fix discrepancy on round 1 of the project's package (a new round when it has none)."""
    from portal.models.reviews import Discrepancy, DiscrepancyKind
    made = create_review_round(project)
    found = Discrepancy(package=made.package, raised_in=made, address=address or f"project:{made.package.project_id}",
                        label="The package as a whole", kind=DiscrepancyKind.MUST_FIX, text="Check the numbers.")
    db.session.add(found)
    db.session.flush()
    return found


def _main_menu(project, site, seat) -> None:
    from portal.callflows.services import NODE_KINDS, create_node, set_keys, settings_of
    from portal.models.telephony import NumberKind, NumberSource
    menu = create_node(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": "For Ana, press 1.",
                                                     "no_input_destination_id": seat.destination_id})
    set_keys(settings_of(menu), {"1": seat.destination_id})
    create_number(project, e164="+14155550100", destination_id=menu.id, site_id=site.id, kind=NumberKind.MAIN,
                  source=NumberSource.NEW)
