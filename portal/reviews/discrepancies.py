"""Discrepancies (issue 21; seed 002's "discrepancies are noted and reviewed again"): a reviewer pins a
must-fix, a question or a note on one exact thing of the package by its address; the customer
replies in its thread and fixes the thing; a reviewer resolves it (or reopens it). A discrepancy is
raised in a round and stays open across rounds; open must-fix ones block advancing a stage.

    found = raise_discrepancy(package, user, "seat:12/direct_number", DiscrepancyKind.MUST_FIX, "…")
    reply(found, user, "…"); resolve(found, seen_version, user); reopen(found, seen_version, user)

Services flush, audit and queue e-mail; the view commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.core import audit, snapshots
from portal.core.mail import queue_mail
from portal.core.versioning import update_versioned
from portal.extensions import db
from portal.models.reviews import (
    REVIEW_STAGES,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyReply,
    DiscrepancyStatus,
    PackageStage,
    ReviewPackage,
    ReviewRound,
    Side,
)
from portal.models.users import Role, User, UserStatus
from portal.projects.services import customer_contacts, follow_feature
from portal.reviews import addresses, services
from portal.reviews.diff import Change, diff
from portal.reviews.services import REVIEWERS, ReviewError, round_of, side_of

MAX_TEXT = 5000
RAISING_STAGES = (PackageStage.SUBMITTED, *REVIEW_STAGES)
DECIDING_STAGES = (*RAISING_STAGES, PackageStage.CHANGES_REQUESTED)


def of_package(package: ReviewPackage) -> list[Discrepancy]:
    """Every discrepancy of the package with its thread and people, in a fixed number of queries
    (however many there are): open ones first, must-fix first, oldest first."""
    found = db.session.scalars(select(Discrepancy).where(Discrepancy.package_id == package.id).options(
        selectinload(Discrepancy.replies).selectinload(DiscrepancyReply.author), selectinload(Discrepancy.raised_by),
        selectinload(Discrepancy.resolved_by), selectinload(Discrepancy.raised_in))).all()
    order = list(DiscrepancyKind)
    return sorted(found, key=lambda item: (item.status != DiscrepancyStatus.OPEN, order.index(item.kind), item.id))


def may_review(package: ReviewPackage, user: User) -> bool:
    """The package's reviewers: its IPM, engineers and admins (whoever decides the stage or not)."""
    return user.role in (Role.ENGINEER, Role.ADMIN) or (user.role == Role.IPM and package.project.ipm_id == user.id)


def raise_discrepancy(package: ReviewPackage, user: User, address: str, kind: DiscrepancyKind, text: str,
                      as_dispute: bool = False) -> Discrepancy:
    """Pin a discrepancy on the thing at `address` in the current round (it must be in it)."""
    if package.stage not in RAISING_STAGES:
        raise ReviewError(f"Discrepancies are raised while a round is reviewed; this package is "
                          f"{package.stage.title.lower()}.")
    if not (as_dispute or may_review(package, user)):
        raise ReviewError("The package's reviewers raise discrepancies.")
    current = package.current
    label = addresses.describe(snapshots.read(current.snapshot), address)
    if label is None:
        raise ReviewError(f"Round {current.number} has nothing at “{address}”: choose the thing from the round's page.")
    found = Discrepancy(package=package, package_id=package.id, raised_in=current, address=address, label=label[:300],
                        kind=kind, text=_text(text), raised_by_id=user.id)
    db.session.add(found)
    db.session.flush()
    audit.record("review.discrepancy_raised", found, note=f"{kind.title} at {address}: {label}"[:300])
    follow_feature(package.project, services.KEY)
    return found


def dispute(package: ReviewPackage, seen_version: int | None, user: User, note: str | None,
            address: str | None) -> Discrepancy:
    """The customer disputes a line of the planned configuration (or all of it) at the second review:
    a must-fix discrepancy there, and the round goes back with the note."""
    services.check_dispute(package, seen_version, user)
    found = raise_discrepancy(package, user, address or f"project:{package.project_id}", DiscrepancyKind.MUST_FIX,
                              note or "", as_dispute=True)
    services.send_back_disputed(package, user, found.text)
    return found


def reply(found: Discrepancy, user: User, text: str) -> DiscrepancyReply:
    """A message in the thread, from either side; the other side is told by e-mail."""
    if found.status == DiscrepancyStatus.RESOLVED:
        who = f" by {found.resolved_by.name}" if found.resolved_by else ""
        raise ReviewError(f"This discrepancy was resolved{who}, so the thread is closed: your reply is kept "
                          f"below. A reviewer can reopen it if more is to be said.")
    side = side_of(user) or Side.PROVIDER  # an engineer writes for the provider
    if side == Side.PROVIDER and not may_review(found.package, user):
        raise ReviewError("The package's reviewers and the customer's main contacts write in this thread.")
    message = DiscrepancyReply(discrepancy=found, author_id=user.id, side=side, text=_text(text))
    found.version += 1  # a reviewer deciding on the page seen before this reply is told to read it first
    db.session.add(message)
    db.session.flush()
    audit.record("review.discrepancy_replied", found, note=f"{side.title}: {message.text}"[:300])
    _tell_other_side(found, message, user)
    return message


def resolve(found: Discrepancy, seen_version: int | None, user: User) -> None:
    _decide(found, seen_version, user, DiscrepancyStatus.RESOLVED)
    found.resolved_by_id, found.resolved_at, found.resolved_in = user.id, _now(), found.package.current


def reopen(found: Discrepancy, seen_version: int | None, user: User) -> None:
    _decide(found, seen_version, user, DiscrepancyStatus.OPEN)
    found.resolved_by_id = found.resolved_at = found.resolved_in = None


def _decide(found: Discrepancy, seen_version: int | None, user: User, target: DiscrepancyStatus) -> None:
    if not may_review(found.package, user):
        raise ReviewError("A reviewer of the package resolves or reopens its discrepancies.")
    if found.package.stage not in DECIDING_STAGES:
        raise ReviewError(f"The package is {found.package.stage.title.lower()}: its discrepancies are settled.")
    if update_versioned(found, seen_version, {}) is not None or found.status == target:
        raise ReviewError(f"This discrepancy changed since you opened the page (a reply, or another reviewer's "
                          f"decision): it is {found.status.title.lower()} now. Read it again and decide.")
    action = "review.discrepancy_resolved" if target == DiscrepancyStatus.RESOLVED else "review.discrepancy_reopened"
    audit.transition(found, "status", target, action=action,
                     note=f"{found.address}: {found.label}"[:300])
    follow_feature(found.package.project, services.KEY)


def _text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise ReviewError("Write what it is about.")
    if len(text) > MAX_TEXT:
        raise ReviewError(f"Keep it to {MAX_TEXT:,} characters ({len(text):,} here).")
    return text


# What each round shows beside a discrepancy

@dataclass(frozen=True)
class InRound:
    discrepancy: Discrepancy
    state: str  # raised (in this round), changed, unchanged, removed
    label: str  # what the address names in this round, or what it named when raised


def in_round(made: ReviewRound, found: list[Discrepancy], changes: list[Change] | None = None) -> list[InRound]:
    """Each discrepancy raised by this round, with whether what it points at changed in it (against
    the round before: `changes`, computed here unless the caller has them), was removed from it, or
    stayed as it was."""
    changes = changes if changes is not None else round_changes(made)
    known = addresses.things(snapshots.read(made.snapshot))
    shown = []
    for item in found:
        if item.raised_in.number > made.number:
            continue
        now = addresses.describe(None, item.address, known)
        if now is None:
            state = "removed"
        elif item.raised_in.number == made.number:
            state = "raised"
        else:
            state = "changed" if any(change.answers(item.address) for change in changes or ()) else "unchanged"
        shown.append(InRound(item, state, now or item.label))
    return shown


def thing_in_current(package: ReviewPackage | None, address: str | None) -> addresses.Thing | None:
    """The thing at `address` (or holding it) in the package's current round, to raise a discrepancy on."""
    parsed = addresses.parse(address)
    if package is None or parsed is None:
        return None
    return addresses.things(snapshots.read(package.current.snapshot)).get(parsed.thing)


def answered_by(changes: list[Change], found: list[Discrepancy]) -> dict[tuple[str, str], list[Discrepancy]]:
    """For each change (by kind and address), the discrepancies raised earlier whose thing it touches."""
    return {(change.kind, change.address): [item for item in found if change.answers(item.address)]
            for change in changes}


def before(made: ReviewRound) -> ReviewRound | None:
    return round_of(made.package, made.number - 1)


def round_changes(made: ReviewRound) -> list[Change] | None:
    earlier = before(made)
    return diff(snapshots.read(earlier.snapshot), snapshots.read(made.snapshot)) if earlier else None


# Where the customer fixes it, and the mail

def _tell_other_side(found: Discrepancy, message: DiscrepancyReply, user: User) -> None:
    project = found.package.project
    if message.side == Side.CUSTOMER:  # the IPM, who raised it and the reviewers who wrote in the thread
        writers = [item.author for item in found.replies if item.side == Side.PROVIDER]
        people = {person.email for person in (project.ipm, found.raised_by, *writers) if person is not None
                  and person.role in REVIEWERS and person.status == UserStatus.ACTIVE and person.id != user.id}
    else:
        people = {person.email for person in customer_contacts(project)}
    if people:
        queue_mail(sorted(people), f"Reply on “{found.label[:80]}” – {project.name[:120]}", "discrepancy_reply",
                   project=project, discrepancy=found, message=message, author=user,
                   link=url_for("discrepancies.show", project_id=project.id, discrepancy_id=found.id,
                                _external=True))


def _now() -> datetime:
    return datetime.now(timezone.utc)

