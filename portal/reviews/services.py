"""Review rounds (issue 20; seed 002): submit a frozen, hashed package, then review it in stages until
both sides sign it off as Ready for Configuration and agree the configuration schedule.

    round = submit(project, user, acknowledged)      # exactly once (the view claims its token)
    decide(package, seen_version, user, "advance")   # or "send_back" with a note
    sign_off(package, user); propose_schedule(...); accept_schedule(...)

Who acts where: engineers (and admins) in the engineering review; the project's IPM and admins at
the other stages; the customer's contacts submit, sign off their side and accept the schedule. Two
reviewers deciding at once are told apart by the package's version. Services flush, audit and queue
e-mail; the view commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from flask import url_for
from sqlalchemy import func, select

from portal.core import audit, snapshots
from portal.core.mail import queue_mail
from portal.core.versioning import update_versioned
from portal.extensions import db
from portal.models.projects import MeetingKind, Project, TaskStatus
from portal.models.reviews import (
    REVIEW_STAGES,
    ConfigurationMethod,
    ConfigurationSchedule,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyStatus,
    PackageStage,
    ReviewPackage,
    ReviewRound,
    Side,
    SignOff,
)
from portal.models.users import CONTACT_ROLES, Role, User
from portal.projects import meetings
from portal.projects.services import customer_contacts, follow_feature
from portal.reviews.pins import fix_url
from portal.reviews.readiness import readiness

KEY = "review"  # the plan's "Review the submitted package…" task
REVIEWERS = (Role.IPM, Role.ENGINEER, Role.ADMIN)  # the staff who review packages
NEXT = {PackageStage.SUBMITTED: PackageStage.FIRST_REVIEW, PackageStage.FIRST_REVIEW: PackageStage.ENGINEERING_REVIEW,
        PackageStage.ENGINEERING_REVIEW: PackageStage.SECOND_REVIEW}


class ReviewError(ValueError):
    """Why this cannot be done now, in the person's words."""


def package_of(project: Project) -> ReviewPackage | None:
    return db.session.scalars(select(ReviewPackage).where(ReviewPackage.project_id == project.id)).first()


def round_of(package: ReviewPackage, number: int) -> ReviewRound | None:
    return next((item for item in package.rounds if item.number == number), None)


# Submitting

def submit(project: Project, user: User, acknowledged: list[str]) -> ReviewRound:
    """Round N+1: the snapshot of the whole intake now, frozen with its SHA-256. The first round waits
    for the first review; a round after changes were requested resumes at the stage that asked."""
    ready = readiness(project)
    if not ready.can_submit:
        raise ReviewError(f"The package cannot be submitted yet: {ready.blocking_count} "
                          f"{'thing blocks' if ready.blocking_count == 1 else 'things block'} it. Fix them first.")
    unread = sorted({finding.address for finding in ready.warnings} - set(acknowledged))
    if unread:
        raise ReviewError("Tick the box to confirm you read the warnings below, or fix them first.")
    package = _locked(project)
    if package is None:
        package = ReviewPackage(project_id=project.id, project=project, stage=PackageStage.SUBMITTED)
        db.session.add(package)
        audit.record("review.submitted", project, note="round 1")
    elif package.stage == PackageStage.CHANGES_REQUESTED:
        _move(package, package.returned_from, note=f"round {len(package.rounds) + 1}, resuming where it was sent back")
    else:
        raise ReviewError(f"Round {package.current.number} is in {package.stage.title.lower()}: a new round is "
                          f"submitted once changes are requested.")
    taken = snapshots.take(project)
    made = ReviewRound(package=package, number=len(package.rounds) + 1, snapshot=taken.raw,
                       snapshot_sha256=taken.sha256, schema_version=taken.schema_version,
                       acknowledged=sorted(acknowledged), submitted_by_id=user.id)
    db.session.add(made)
    db.session.flush()
    _tell_ipm(project, made)
    follow_feature(project, KEY)
    return made


def _locked(project: Project) -> ReviewPackage | None:
    """The package's row, locked until the commit (two submissions at once: the second waits)."""
    return db.session.scalars(select(ReviewPackage).where(ReviewPackage.project_id == project.id)
                              .with_for_update()).first()


# Deciding

def can_act(package: ReviewPackage, user: User) -> bool:
    """Engineers act in the engineering review; the project's IPM and admins elsewhere."""
    if user.role == Role.ADMIN:
        return True
    if package.stage == PackageStage.ENGINEERING_REVIEW:
        return user.role == Role.ENGINEER
    return user.role == Role.IPM and package.project.ipm_id == user.id


def decide(package: ReviewPackage, seen_version: int | None, user: User, action: str, note: str | None) -> None:
    """Move the package on ("advance": the next review stage) or send its round back with a note."""
    if not can_act(package, user):
        raise ReviewError(not_yours(package))
    if update_versioned(package, seen_version, {}) is not None:
        raise ReviewError("Someone else decided on this package meanwhile: its stage is shown again.")
    if action == "send_back":
        _send_back(package, user, note)
    elif package.stage in NEXT:
        _refuse_blocked(package)
        _move(package, NEXT[package.stage], note=note)
        _keep_note(package, note)
    else:
        raise ReviewError(f"In {package.stage.title.lower()} the package moves on by both sides' sign-off.")


def must_fix_open(package: ReviewPackage) -> list[Discrepancy]:
    """The package's open must-fix discrepancies, whichever round raised them."""
    return list(db.session.scalars(select(Discrepancy).where(
        Discrepancy.package_id == package.id, Discrepancy.kind == DiscrepancyKind.MUST_FIX,
        Discrepancy.status == DiscrepancyStatus.OPEN).order_by(Discrepancy.id)))


@dataclass(frozen=True)
class Counts:
    open: int
    must_fix: int
    resolved: int


def counts(package: ReviewPackage) -> Counts:
    """How many are open (and of them must-fix) and resolved: one grouped query."""
    rows = db.session.execute(select(Discrepancy.status, Discrepancy.kind, func.count()).where(
        Discrepancy.package_id == package.id).group_by(Discrepancy.status, Discrepancy.kind)).all()
    opened = {kind: number for status, kind, number in rows if status == DiscrepancyStatus.OPEN}
    return Counts(sum(opened.values()), opened.get(DiscrepancyKind.MUST_FIX, 0),
                  sum(number for status, _, number in rows if status == DiscrepancyStatus.RESOLVED))


def _refuse_blocked(package: ReviewPackage) -> None:
    count = len(must_fix_open(package))
    if count:
        raise ReviewError(f"{count} must-fix {'discrepancy is' if count == 1 else 'discrepancies are'} still open: "
                          f"resolve {'it' if count == 1 else 'them'} once fixed, or send the package back.")


def not_yours(package: ReviewPackage) -> str:
    if package.stage == PackageStage.ENGINEERING_REVIEW:
        return "The engineering review is an engineer's to decide."
    return f"{package.stage.title} is the project manager's to decide."


def may_dispute(package: ReviewPackage, user: User) -> bool:
    """A main contact of the customer disputes the planned configuration at the second review."""
    return package.stage == PackageStage.SECOND_REVIEW and user.role in CONTACT_ROLES


def check_dispute(package: ReviewPackage, seen_version: int | None, user: User) -> None:
    if not may_dispute(package, user):
        raise ReviewError("A main contact of the customer disputes the planned configuration at the second review.")
    if update_versioned(package, seen_version, {}) is not None:
        raise ReviewError("The package changed meanwhile: its stage is shown again.")


def send_back_disputed(package: ReviewPackage, user: User, note: str | None) -> None:
    """The customer does not agree with the planned configuration shared at the second review: the
    round goes back with their note (a discrepancy too: portal.reviews.discrepancies.dispute), and
    the next round resumes at the second review."""
    _send_back(package, user, note)
    if package.project.ipm is not None:
        _tell([package.project.ipm.email], package, "Disputed by the customer", "review_sent_back")


def _send_back(package: ReviewPackage, user: User, note: str | None) -> None:
    if package.stage not in REVIEW_STAGES:
        raise ReviewError(f"A package in {package.stage.title.lower()} cannot be sent back.")
    must_fix = must_fix_open(package)
    if not (note or "").strip() and not must_fix:
        raise ReviewError("Say what is to change: the note goes with the round." if user.role in CONTACT_ROLES
                          else "Say what the customer is to change (a note, or a must-fix discrepancy on the thing "
                               "itself): it goes to them.")
    current, stage = package.current, package.stage
    note = (note or "").strip() or f"{len(must_fix)} must-fix {'item' if len(must_fix) == 1 else 'items'} below."
    current.sent_back_from, current.sent_back_note = stage, note
    current.sent_back_by_id, current.sent_back_at = user.id, _now()
    package.returned_from = stage
    _move(package, PackageStage.CHANGES_REQUESTED, note=note)
    _tell_contacts(package, "Changes requested", "review_sent_back", must_fix=[
        (item.label, item.text, fix_url(package.project, item.address)) for item in must_fix])


def _keep_note(package: ReviewPackage, note: str | None) -> None:
    if (note or "").strip():
        record_notes(package, note)


def record_notes(package: ReviewPackage, note: str) -> None:
    """The reviewer's notes of the current stage, on the current round (the first review's, live)."""
    current = package.current
    current.notes = {**(current.notes or {}), package.stage.value: note.strip()}


def _move(package: ReviewPackage, target: PackageStage, note: str | None = None) -> None:
    audit.transition(package, "stage", target, action="review.stage_changed", note=(note or "")[:300] or None)
    package.stage_since = _now()
    follow_feature(package.project, KEY)


def take(package: ReviewPackage, user: User) -> None:
    if package.stage != PackageStage.ENGINEERING_REVIEW or user.role not in (Role.ENGINEER, Role.ADMIN):
        raise ReviewError("An engineer takes on a package in its engineering review.")
    package.assignee_id = user.id
    audit.record("review.taken", package, note=f"engineering review of round {package.current.number}: {user.name}")


def schedule_call(package: ReviewPackage, user: User, first_date: date, start_time, time_zone: str,
                  minutes: int, location: str | None):
    """The review call of the current round (one per round; moving it updates the invitation): the
    customer's contacts get its calendar invitation."""
    if package.stage not in (PackageStage.SUBMITTED, *REVIEW_STAGES) or not can_act(package, user):
        raise ReviewError("The project manager schedules a review call while the round is reviewed.")
    return meetings.schedule_meeting(package.project, MeetingKind.REVIEW_CALL, first_date, start_time, time_zone,
                                     location, minutes, key=call_key(package.current),
                                     title=f"Review call, round {package.current.number}")


def call_key(made: ReviewRound) -> str:
    return f"review:{made.id}"


def call_of(package: ReviewPackage):
    return next((meeting for meeting in package.project.meetings if meeting.key == call_key(package.current)), None)


# Ready for Configuration

def side_of(user: User) -> Side | None:
    if user.role in CONTACT_ROLES:
        return Side.CUSTOMER
    if user.role in (Role.IPM, Role.ADMIN):
        return Side.PROVIDER
    return None


def sign_offs(package: ReviewPackage) -> dict[Side, SignOff]:
    return {item.side: item for item in db.session.scalars(select(SignOff).where(
        SignOff.round_id == package.current.id))}


def sign_off(package: ReviewPackage, user: User) -> None:
    """One side agrees the round is Ready for Configuration; with both, the package is."""
    side = side_of(user)
    if package.stage != PackageStage.SECOND_REVIEW:
        raise ReviewError("Sign-off comes at the second review, once the planned configuration is shared.")
    if side is None or (side == Side.PROVIDER and not can_act(package, user)):
        raise ReviewError("The project manager signs off for the provider, a main contact for the customer.")
    if side in sign_offs(package):
        raise ReviewError(f"{side.title} signed off already.")
    _refuse_blocked(package)
    db.session.add(SignOff(round_id=package.current.id, side=side, user_id=user.id))
    db.session.flush()
    audit.record("review.signed_off", package, note=f"{side.title}: {user.name}, round {package.current.number}")
    if len(sign_offs(package)) == len(Side):
        _move(package, PackageStage.READY, note="both sides signed off")
        _tell_everyone(package, "Ready for Configuration", "review_ready")


# The configuration schedule

def schedule_of(package: ReviewPackage) -> ConfigurationSchedule | None:
    return db.session.scalars(select(ConfigurationSchedule).where(ConfigurationSchedule.package_id == package.id)
                              ).first()


def propose_schedule(package: ReviewPackage, user: User, starts_on: date, ends_on: date, methods: list[str],
                     note: str | None) -> ConfigurationSchedule:
    """The IPM proposes the configuration dates and how (lab, cloud, on site); a new proposal
    replaces one not accepted yet."""
    if package.stage != PackageStage.READY:
        raise ReviewError("The configuration is scheduled once the package is Ready for Configuration.")
    if not can_act(package, user):
        raise ReviewError("The project manager proposes the configuration schedule.")
    if ends_on < starts_on:
        raise ReviewError("The last day comes on or after the first.")
    chosen = [ConfigurationMethod(method).value for method in methods]
    if not chosen:
        raise ReviewError("Choose how the configuration is done: in the lab, in the cloud or on site.")
    schedule = schedule_of(package) or ConfigurationSchedule(package_id=package.id)
    schedule.starts_on, schedule.ends_on, schedule.methods, schedule.note = starts_on, ends_on, chosen, note
    schedule.proposed_by_id, schedule.proposed_at = user.id, _now()
    db.session.add(schedule)
    db.session.flush()
    audit.record("review.schedule_proposed", package, note=f"{starts_on} to {ends_on}: {', '.join(chosen)}")
    return schedule


def accept_schedule(package: ReviewPackage, user: User) -> None:
    schedule = schedule_of(package)
    if package.stage != PackageStage.READY or schedule is None:
        raise ReviewError("There is no configuration schedule to accept yet.")
    if user.role not in CONTACT_ROLES:
        raise ReviewError("A main contact of the customer accepts the schedule.")
    schedule.accepted_by_id, schedule.accepted_at = user.id, _now()
    _move(package, PackageStage.SCHEDULED, note=f"{schedule.starts_on} to {schedule.ends_on}")
    _tell_everyone(package, "Configuration scheduled", "review_scheduled", schedule=schedule)


# The plan, the timeline, the mail

def status(project: Project) -> TaskStatus:
    """The plan's review task: Submitted while reviewed, Changes requested, Done once Ready."""
    package = package_of(project)
    if package is None:
        return TaskStatus.NOT_STARTED
    if package.stage == PackageStage.CHANGES_REQUESTED:
        return TaskStatus.CHANGES_REQUESTED
    return TaskStatus.DONE if package.stage in (PackageStage.READY, PackageStage.SCHEDULED) else TaskStatus.SUBMITTED


def summary(project: Project) -> str:
    """The plan's review line: the round and stage, and the discrepancies open ("2 discrepancies open,
    1 must fix")."""
    package = package_of(project)
    if package is None:
        return "Not submitted yet"
    found = counts(package)
    opened = f"; {found.open} {'discrepancy' if found.open == 1 else 'discrepancies'} open" if found.open else ""
    must = f", {found.must_fix} must fix" if found.must_fix else ""
    return f"Round {package.current.number}: {package.stage.title}{opened}{must}"


def page_url(project: Project) -> str:
    return url_for("reviews.index", project_id=project.id)


def milestones(project: Project) -> list:
    """The agreed configuration dates on the project's timeline."""
    package = package_of(project)
    schedule = schedule_of(package) if package is not None else None
    if schedule is None or schedule.accepted_at is None:
        return []
    return [(schedule.starts_on, "Configuration starts"), (schedule.ends_on, "Configuration ends")]


def _tell_ipm(project: Project, made: ReviewRound) -> None:
    if project.ipm is not None:
        queue_mail(project.ipm.email, f"Package submitted: round {made.number} – {project.name}", "review_submitted",
                   project=project, round=made, link=url_for("reviews.index", project_id=project.id, _external=True))


def _tell_contacts(package: ReviewPackage, what: str, template: str, **context) -> None:
    _tell([user.email for user in customer_contacts(package.project)], package, what, template, **context)


def _tell_everyone(package: ReviewPackage, what: str, template: str, **context) -> None:
    ipm = [package.project.ipm.email] if package.project.ipm is not None else []
    _tell([user.email for user in customer_contacts(package.project)] + ipm, package, what, template, **context)


def _tell(recipients: list[str], package: ReviewPackage, what: str, template: str, **context) -> None:
    if recipients:
        queue_mail(recipients, f"{what}: round {package.current.number} – {package.project.name}", template,
                   package=package, project=package.project, round=package.current,
                   link=url_for("reviews.index", project_id=package.project_id, _external=True), **context)


def _now() -> datetime:
    return datetime.now(timezone.utc)
