"""A project's call flows read from the rows into the plain graph the checks and the test call use
(portal.callflows.graph): a fixed number of queries whatever the size of the flows."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from portal.callflows.graph import Edge, Graph, Holiday, HourRange, Node
from portal.core.hours import as_ranges
from portal.extensions import db
from portal.models.callflows import Announcement, AutoAttendant, GreetingMode, MenuKey
from portal.models.callflows import Holiday as HolidayRow
from portal.models.callflows import HourRange as HourRow
from portal.models.files import StoredFile
from portal.models.telephony import (
    CallQueue,
    Destination,
    DestinationKind,
    DestinationMember,
    MemberRole,
    PhoneNumber,
    RingGroup,
    Schedule,
    Seat,
    Site,
)

KINDS = {DestinationKind.SEAT: "seat", DestinationKind.QUEUE: "queue", DestinationKind.GROUP: "group",
         DestinationKind.VOICEMAIL: "voicemail", DestinationKind.SCHEDULE: "time_condition",
         DestinationKind.AUTO_ATTENDANT: "auto_attendant", DestinationKind.ANNOUNCEMENT: "announcement",
         DestinationKind.EXTERNAL: "external", DestinationKind.HANG_UP: "hang_up"}
KIND_TITLES = {name: kind.title for kind, name in KINDS.items()}  # a node's kind in words
BRANCH_LABELS = {  # an edge in words
    "open": "While open", "closed": "While closed", "holiday": "On holidays", "next": "Then",
    "no_input": "When nothing is pressed", "invalid": "After keys that are not set",
    "overflow": "When full", "timeout": "After the time-out", "no_answer": "When unanswered"}


def branch_label(label: str) -> str:
    return f"Key {label[4:]}" if label.startswith("key:") else BRANCH_LABELS.get(label, label)


def entry_of(number: PhoneNumber) -> str:
    """How a number is named in the graph's entries: its digits, or its row while the carrier has none."""
    return number.e164 or f"number:{number.id}"


def project_graph(project_id: int) -> Graph:
    """Every Destination of the project as a node, and every number as an entry."""
    details: dict[int, dict] = defaultdict(dict)
    for reader in (_seats, _queues, _groups, _schedules, _menus, _announcements):
        for destination_id, values in reader(project_id):
            details[destination_id].update(values)
    nodes = {row.id: Node(row.id, KINDS[row.kind], _name(row), extension=row.extension, **details.get(row.id, {}))
             for row in db.session.execute(select(Destination.id, Destination.kind, Destination.name,
                                                  Destination.extension, Destination.external_number)
                                           .where(Destination.project_id == project_id))}
    entries = {entry_of(number): number.destination_id for number in db.session.scalars(
        select(PhoneNumber).where(PhoneNumber.project_id == project_id))}
    return Graph(nodes, entries)


def _name(row) -> str:
    return f"{row.name} ({row.external_number})" if row.kind == DestinationKind.EXTERNAL and row.external_number \
        else row.name


def _edges(*pairs) -> tuple[Edge, ...]:
    return tuple(Edge(label, target) for label, target in pairs)


def _people(project_id: int, role: MemberRole) -> dict[int, int]:
    return dict(db.session.execute(
        select(DestinationMember.destination_id, func.count()).join(Destination)
        .where(Destination.project_id == project_id, DestinationMember.role == role)
        .group_by(DestinationMember.destination_id)).all())


def _seats(project_id: int):
    for destination_id, voicemail in db.session.execute(
            select(Seat.destination_id, Seat.voicemail_enabled).where(Seat.project_id == project_id)):
        yield destination_id, {"voicemail": voicemail}


def _queues(project_id: int):
    agents = _people(project_id, MemberRole.AGENT)
    for queue in db.session.scalars(select(CallQueue).join(Destination, Destination.id == CallQueue.destination_id)
                                    .where(Destination.project_id == project_id)):
        overflows = queue.overflow_calls is not None or queue.overflow_destination_id is not None
        yield queue.destination_id, {"edges": _edges(*[("overflow", queue.overflow_destination_id)][:overflows],
                                                     ("timeout", queue.timeout_destination_id)),
                                     "people": agents.get(queue.destination_id, 0),
                                     "wait_seconds": queue.max_wait_seconds}


def _groups(project_id: int):
    members = _people(project_id, MemberRole.MEMBER)
    for group in db.session.scalars(select(RingGroup).join(Destination, Destination.id == RingGroup.destination_id)
                                    .where(Destination.project_id == project_id)):
        yield group.destination_id, {"edges": _edges(("no_answer", group.no_answer_destination_id)),
                                     "people": members.get(group.destination_id, 0),
                                     "wait_seconds": group.ring_seconds}


def _schedules(project_id: int):
    schedules = list(db.session.scalars(select(Schedule).join(Destination, Destination.id == Schedule.destination_id)
                                        .where(Destination.project_id == project_id)))
    sites = {site.id: site for site in db.session.scalars(
        select(Site).where(Site.id.in_({schedule.site_id for schedule in schedules if schedule.site_id})))}
    hours = _hours(schedules, sites)
    holidays = _holidays({schedule.holiday_set_id for schedule in schedules if schedule.holiday_set_id})
    for schedule in schedules:
        site = sites.get(schedule.site_id)
        yield schedule.destination_id, {
            "edges": _edges(("open", schedule.open_destination_id), ("closed", schedule.closed_destination_id),
                            *((("holiday", schedule.holiday_destination_id),) if schedule.holiday_set_id else ())),
            "hours": hours[("site", site.id) if schedule.follows_site and site else ("own", schedule.id)],
            "time_zone": schedule.time_zone or (site.time_zone if site else None),
            "holidays": holidays.get(schedule.holiday_set_id, ())}


def _hours(schedules: list[Schedule], sites: dict[int, Site]) -> dict[tuple[str, int], tuple[HourRange, ...]]:
    """The hour ranges of the sites and of the conditions with their own, in one query."""
    rows = db.session.scalars(select(HourRow).where(
        HourRow.site_id.in_(list(sites)) | HourRow.schedule_id.in_([schedule.id for schedule in schedules])))
    owned: dict[tuple[str, int], list[HourRow]] = defaultdict(list)
    for row in rows:
        owned[("site", row.site_id) if row.site_id else ("own", row.schedule_id)].append(row)
    return defaultdict(tuple, {owner: tuple(HourRange(day, start, end) for day, ranges in as_ranges(found).items()
                                            for start, end in ranges) for owner, found in owned.items()})


def _holidays(set_ids: set[int]) -> dict[int, tuple[Holiday, ...]]:
    found: dict[int, list[Holiday]] = defaultdict(list)
    for row in db.session.scalars(select(HolidayRow).where(HolidayRow.holiday_set_id.in_(set_ids))
                                  .order_by(HolidayRow.starts_on)):
        found[row.holiday_set_id].append(Holiday(row.name, row.starts_on, row.ends_on, row.repeats.value, row.country))
    return {set_id: tuple(holidays) for set_id, holidays in found.items()}


def _greeting(settings, sizes: dict[int, int]) -> dict:
    recording = settings.greeting_mode == GreetingMode.RECORDING
    return {"greeting": None if recording else settings.greeting_text, "recording": recording,
            "recording_bytes": sizes.get(settings.greeting_file_id, 0) if recording else 0}


def _sizes(file_ids: set[int]) -> dict[int, int]:
    return dict(db.session.execute(select(StoredFile.id, StoredFile.size).where(StoredFile.id.in_(file_ids))).all()) \
        if file_ids else {}


def _menus(project_id: int):
    menus = list(db.session.scalars(select(AutoAttendant)
                                    .join(Destination, Destination.id == AutoAttendant.destination_id)
                                    .where(Destination.project_id == project_id)))
    keys: dict[int, list[MenuKey]] = defaultdict(list)
    for key in db.session.scalars(select(MenuKey).where(MenuKey.auto_attendant_id.in_([menu.id for menu in menus]))
                                  .order_by(MenuKey.position)):
        keys[key.auto_attendant_id].append(key)
    sizes = _sizes({menu.greeting_file_id for menu in menus if menu.greeting_file_id})
    for menu in menus:
        yield menu.destination_id, {
            "edges": _edges(*((f"key:{key.key}", key.target_destination_id) for key in keys[menu.id]),
                            ("no_input", menu.no_input_destination_id), ("invalid", menu.invalid_destination_id)),
            "repeats": menu.repeats, **_greeting(menu, sizes)}


def _announcements(project_id: int):
    found = list(db.session.scalars(select(Announcement)
                                    .join(Destination, Destination.id == Announcement.destination_id)
                                    .where(Destination.project_id == project_id)))
    sizes = _sizes({item.greeting_file_id for item in found if item.greeting_file_id})
    for item in found:
        yield item.destination_id, {"edges": _edges(("next", item.next_destination_id)), **_greeting(item, sizes)}
