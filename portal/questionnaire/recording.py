"""Section 6, call recording: which seats (their shared recording mode, DESIGN.md section 12) and
which queues are recorded and how, how long recordings are kept, what callers hear about it, and
who may listen to them.

Checks: anything recorded needs a retention; a warning while nobody may listen, and while callers
of an always-recorded line hear no announcement.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import func, select

from portal.core import audit
from portal.core.versioning import Conflict, update_versioned
from portal.extensions import db
from portal.models.projects import Project
from portal.models.questionnaire import RecordingPolicy
from portal.models.telephony import CallQueue, Destination, RecordingMode, Seat
from portal.questionnaire import frozen
from portal.questionnaire.sections import Finding, Section

KEY = "recording"


def page_url(project: Project, anchor: str = "") -> str:
    return url_for("questionnaire.recording", project_id=project.id) + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class Recorded:
    """How many seats and queues are recorded in each mode."""

    seats: dict[RecordingMode, int]
    queues: dict[RecordingMode, int]

    @property
    def anything(self) -> bool:
        return any(mode != RecordingMode.NONE and count for mode, count in (*self.seats.items(),
                                                                              *self.queues.items()))

    @property
    def always(self) -> bool:
        return bool(self.seats.get(RecordingMode.ALWAYS) or self.queues.get(RecordingMode.ALWAYS))


def recorded(project_id: int) -> Recorded:
    seats = dict(db.session.execute(select(Seat.recording_mode, func.count()).where(
        Seat.project_id == project_id).group_by(Seat.recording_mode)).all())
    queues = dict(db.session.execute(
        select(CallQueue.recording_mode, func.count()).join(Destination, Destination.id == CallQueue.destination_id)
        .where(Destination.project_id == project_id).group_by(CallQueue.recording_mode)).all())
    return Recorded(seats, queues)


def recorded_seats(project_id: int, limit: int = 50) -> list[Seat]:
    return list(db.session.scalars(select(Seat).where(Seat.project_id == project_id,
                                                      Seat.recording_mode != RecordingMode.NONE)
                                   .order_by(Seat.sort_name, Seat.id).limit(limit)))


def _started(project: Project) -> bool:
    policy = project.recording_policy
    return bool(policy and (policy.retention_days or policy.announcement or policy.listeners)) or \
        recorded(project.id).anything


def _answered(project: Project) -> bool:
    return not recorded(project.id).anything or bool(project.recording_policy.retention_days)


def check(project: Project) -> list[Finding]:
    found = recorded(project.id)
    if not found.anything:
        return []
    policy, here = project.recording_policy, {"project_id": project.id}
    findings = []
    if not policy.retention_days:
        findings.append(Finding(KEY, "Calls are recorded: say how many days recordings are kept.",
                                "questionnaire.recording", here, "retention_days"))
    if not policy.listeners:
        findings.append(Finding(KEY, "Calls are recorded, but nobody may listen to them yet: choose who may.",
                                "questionnaire.recording", here, "listeners", blocking=False))
    if found.always and not policy.announcement:
        findings.append(Finding(KEY, "Some calls are always recorded: say what callers hear about it (many places "
                                     "require telling them).", "questionnaire.recording", here, "announcement",
                                blocking=False))
    return findings


def save_policy(policy: RecordingPolicy, seen_version: int | None, changes: dict) -> Conflict | None:
    """The project's recording policy; only the project's seats may be listeners."""
    wanted = {int(seat_id) for seat_id in changes.get("listeners") or []}
    allowed = set(db.session.scalars(select(Seat.id).where(Seat.project_id == policy.project_id, Seat.id.in_(wanted))))
    changes = {**changes, "listeners": sorted(str(seat_id) for seat_id in allowed)}
    conflict = update_versioned(policy, seen_version, changes)
    if conflict is None:
        audit.record("questionnaire.recording_saved", policy.project,
                     note=f"kept {policy.retention_days or '?'} days, {len(allowed)} may listen")
    return conflict


SECTION = Section(KEY, 6, "Call recording", page_url, _started, _answered, "pdf/questionnaire/recording.html",
                  frozen.recording)
