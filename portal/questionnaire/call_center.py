"""Section 7, call center: call queues, ring and hunt groups and shared voicemail boxes, each a
Destination (DESIGN.md section 12) that numbers, keys and other queues can send calls to, with its
seats by role and in order.

Checks: a queue has agents and a group members; overflow and time-out go somewhere that exists;
no queue or group sends calls round among queues and groups without ever reaching a person, a
voicemail box or another way out.

Every list of seats to tick (agents, members, recipients, recording listeners; the call-flow
builder's too) is a member picker: `offer_members(field, member_options(project_id))`.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice
from wtforms.widgets import CheckboxInput

from portal.core.text import fold
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import (
    CallQueue,
    Destination,
    DestinationKind,
    DestinationMember,
    MemberRole,
    RingGroup,
    Seat,
    SeatType,
    Site,
    VoicemailBox,
)
from portal.questionnaire import frozen
from portal.questionnaire.sections import Finding, Section

KEY = "call_center"


@dataclass(frozen=True)
class GroupKind:
    """One kind of call-center destination: its settings row, its seats by role, where calls go next."""

    key: str  # in addresses: queue, group, box
    destination_kind: DestinationKind
    model: type
    title: str
    plural: str
    roles: dict[str, MemberRole]  # form field -> role
    exits: tuple[str, ...] = ()  # columns naming the destination calls go to next

    @property
    def exit_titles(self) -> list[tuple[str, str]]:
        """Each column naming where calls go next, with what the lists call it."""
        return [(column, EXIT_TITLES[column]) for column in self.exits]

    @property
    def role_lists(self) -> list[tuple[MemberRole, str]]:
        """Each role with how a list of its seats is headed."""
        return [(role, ROLE_LISTS[role]) for role in self.roles.values()]


EXIT_TITLES = {"overflow_destination_id": "Overflow", "timeout_destination_id": "Time-out",
               "no_answer_destination_id": "Unanswered"}
ROLE_LISTS = {MemberRole.AGENT: "Agents", MemberRole.SUPERVISOR: "Supervisors", MemberRole.MEMBER: "Members",
              MemberRole.RECIPIENT: "Receive the messages"}


QUEUE = GroupKind("queue", DestinationKind.QUEUE, CallQueue, "call queue", "call queues",
                  {"agents": MemberRole.AGENT, "supervisors": MemberRole.SUPERVISOR},
                  ("overflow_destination_id", "timeout_destination_id"))
GROUP = GroupKind("group", DestinationKind.GROUP, RingGroup, "ring or hunt group", "ring and hunt groups",
                  {"members": MemberRole.MEMBER},
                  ("no_answer_destination_id",))
BOX = GroupKind("box", DestinationKind.VOICEMAIL, VoicemailBox, "shared voicemail box", "shared voicemail boxes",
                {"recipients": MemberRole.RECIPIENT})
KINDS = {kind.key: kind for kind in (BOX, GROUP, QUEUE)}  # in the order they depend on each other
BY_DESTINATION = {kind.destination_kind: kind for kind in KINDS.values()}


def page_url(project: Project) -> str:
    return url_for("questionnaire.call_center", project_id=project.id)


def settings_of(project_id: int, kind: GroupKind) -> list:
    """Every queue (or group, or box) of the project with its destination, where its calls go on to,
    and its seats, by extension (a few queries however many seats)."""
    exits = [selectinload(getattr(kind.model, column.removesuffix("_id"))) for column in kind.exits]
    return list(db.session.scalars(
        select(kind.model).join(Destination, Destination.id == kind.model.destination_id)
        .where(Destination.project_id == project_id, *_shared_only(kind))
        .options(selectinload(kind.model.destination).selectinload(Destination.members), *exits)
        .order_by(Destination.extension.is_(None), Destination.extension, Destination.name)))


def in_dependency_order(items: list, kind: GroupKind) -> list:
    """`items` (one kind's settings, by extension) with each after those of the list it sends calls
    to: a queue overflowing to another queue comes after it (a loop keeps its order; the check flags it)."""
    waiting, ordered, placed = list(items), [], set()
    while waiting:
        ready = next((item for item in waiting if all(
            getattr(item, column) in placed or getattr(item, column) not in {other.destination_id for other in waiting}
            for column in kind.exits)), waiting[0])
        waiting.remove(ready)
        ordered.append(ready)
        placed.add(ready.destination_id)
    return ordered


def _shared_only(kind: GroupKind) -> tuple:
    """Seats' own voicemail boxes are not listed with the shared ones (each is its seat's)."""
    return (VoicemailBox.seat_id.is_(None),) if kind is BOX else ()


def member_names(project_id: int) -> dict[tuple[int, MemberRole], list[str]]:
    """The names of each destination's seats by role, in order, in one query."""
    names: dict[tuple[int, MemberRole], list[str]] = {}
    for row in db.session.execute(
            select(DestinationMember.destination_id, DestinationMember.role, Seat.id, Seat.first_name, Seat.last_name,
                   Seat.display_name, Seat.device_label).join(Seat, Seat.id == DestinationMember.seat_id)
            .join(Destination, Destination.id == DestinationMember.destination_id)
            .where(Destination.project_id == project_id).order_by(DestinationMember.position)):
        names.setdefault((row.destination_id, row.role), []).append(Seat.label_of(row._asdict()))
    return names


def settings_for(destination: Destination):
    """The settings row of a call-center destination, or None for any other kind."""
    kind = BY_DESTINATION.get(destination.kind)
    return db.session.scalars(select(kind.model).where(kind.model.destination_id == destination.id)).first() \
        if kind else None


def _count(project: Project) -> int:
    return db.session.scalar(select(func.count(Destination.id)).where(
        Destination.project_id == project.id, Destination.kind.in_(list(BY_DESTINATION))))


@dataclass
class _Node:
    """A queue or group as the loop check sees it: its name and where its calls go next."""

    destination_id: int
    name: str
    kind: GroupKind
    exits: list[int]


def check(project: Project) -> list[Finding]:
    if not _count(project):
        return []
    members = _member_counts(project.id)
    found, nodes = [], []
    for kind in (QUEUE, GROUP, BOX):
        for settings in db.session.scalars(select(kind.model).join(
                Destination, Destination.id == kind.model.destination_id).where(
                Destination.project_id == project.id, *_shared_only(kind))
                .options(selectinload(kind.model.destination))):
            found += _findings(project, kind, settings, members)
            exits = [getattr(settings, column) for column in kind.exits if getattr(settings, column)]
            if kind.exits:
                nodes.append(_Node(settings.destination_id, settings.name, kind, exits))
    return found + _loops(project, nodes)


def _member_counts(project_id: int) -> dict[tuple[int, MemberRole], int]:
    return {(destination_id, role): count for destination_id, role, count in db.session.execute(
        select(DestinationMember.destination_id, DestinationMember.role, func.count())
        .join(Destination, Destination.id == DestinationMember.destination_id)
        .where(Destination.project_id == project_id)
        .group_by(DestinationMember.destination_id, DestinationMember.role))}


def _findings(project: Project, kind: GroupKind, settings, members: dict) -> list[Finding]:
    where = {"project_id": project.id, "destination_id": settings.destination_id}

    def finding(message: str, anchor: str, blocking: bool = True) -> Finding:
        return Finding(KEY, f"{settings.name}: {message}", "questionnaire.call_group", where, anchor, blocking)
    count = members.get
    found = []
    if kind is QUEUE:
        if not count((settings.destination_id, MemberRole.AGENT)):
            found.append(finding("the queue has no agent.", "agents"))
        if settings.overflow_calls and not settings.overflow_destination_id:
            found.append(finding(f"choose where calls go when {settings.overflow_calls} are waiting.",
                                 "overflow_destination_id"))
        if not settings.timeout_destination_id:
            found.append(finding(f"choose where calls go after waiting {settings.max_wait_seconds} seconds.",
                                 "timeout_destination_id"))
    elif kind is GROUP:
        if not count((settings.destination_id, MemberRole.MEMBER)):
            found.append(finding("the group has no member.", "members"))
        if not settings.no_answer_destination_id:
            found.append(finding(f"calls nobody answers in {settings.ring_seconds} seconds are dropped; choose "
                                 f"where they go.", "no_answer_destination_id", blocking=False))
    elif not count((settings.destination_id, MemberRole.RECIPIENT)) and not settings.email:
        found.append(finding("nobody receives its messages; choose who does, or an e-mail address.", "recipients",
                             blocking=False))
    return found


def _loops(project: Project, nodes: list[_Node]) -> list[Finding]:
    """Queues and groups whose every way on leads back among queues and groups, never to a person,
    a voicemail box or anything else that answers."""
    by_id = {node.destination_id: node for node in nodes}
    out = set()
    changed = True
    while changed:
        changed = False
        for node in nodes:
            if node.destination_id not in out and any(exit not in by_id or exit in out for exit in node.exits):
                out.add(node.destination_id)
                changed = True
    return [Finding(KEY, f"{node.name}: its calls only go round between queues and groups "
                         f"({', '.join(by_id[exit].name for exit in node.exits)}) and never reach a person or a "
                         f"voicemail box; send one of them somewhere that answers.", "questionnaire.call_group",
                    {"project_id": project.id, "destination_id": node.destination_id}, node.kind.exits[-1])
            for node in nodes if node.exits and node.destination_id not in out]


SECTION = Section(KEY, 7, "Call center", page_url, lambda project: bool(_count(project)),
                  lambda project: True, "pdf/questionnaire/call_center.html", frozen.call_center)


AGENT_TYPE = "call_center_agent"  # seats of this type (migration 0007) start ticked as a new queue's agents


@dataclass(frozen=True)
class MemberOption:
    """A seat as a member picker offers it (queue agents, group members, box recipients, listeners):
    its label, and what static/js/member-picker.js filters on: its site, its user type, its text."""

    value: str
    label: str
    site: str
    seat_type: str
    type_key: str
    text: str  # what a search matches: name, extension, e-mail

    @property
    def choice(self) -> SelectChoice:
        return SelectChoice(self.value, self.label, render_kw={
            "data-member-site": self.site, "data-member-type": self.seat_type, "data-member-text": self.text})


def member_options(project_id: int) -> list[MemberOption]:
    """The project's seats as picker options, by name (one query)."""
    rows = db.session.execute(
        select(Seat.id, Seat.first_name, Seat.last_name, Seat.display_name, Seat.device_label, Seat.email,
               Destination.extension, Site.name.label("site"), SeatType.name.label("seat_type"),
               SeatType.key.label("type_key"))
        .join(Destination, Destination.id == Seat.destination_id).join(SeatType, SeatType.id == Seat.seat_type_id)
        .outerjoin(Site, Site.id == Seat.site_id).where(Seat.project_id == project_id))
    return sorted((_member_option(row) for row in rows), key=lambda option: fold(option.label))


def _member_option(row) -> MemberOption:
    name = Seat.label_of(row._asdict())
    return MemberOption(str(row.id), name + (f" ({row.extension})" if row.extension else ""),
                        row.site or "No site", row.seat_type, row.type_key,
                        " ".join(part for part in (name, row.extension, row.email) if part))


def agent_seats(options: list[MemberOption]) -> list[str]:
    """The seats a new queue starts with as agents: those typed "call-center agent"."""
    return [option.value for option in options if option.type_key == AGENT_TYPE]


class _PickerCheckbox(CheckboxInput):
    """A checkbox with its choice's attributes (WTForms gives a choice's render_kw to <option> only)."""

    def __call__(self, field, **kwargs):
        return super().__call__(field, **{**field.choice.render_kw, **kwargs})


PICKER_CHECKBOX = _PickerCheckbox()


def offer_members(field, options: list[MemberOption]) -> None:
    """A field of several seats (checkboxes) as a member picker: the chosen seats first, then the
    others, each group by name; every checkbox carries its site, user type and searchable text for
    static/js/member-picker.js (without script, the list works as it is)."""
    chosen = {str(value) for value in field.data or ()}
    field.choices = [option.choice for option in sorted(options, key=lambda option: option.value not in chosen)]
    field.option_widget = PICKER_CHECKBOX
