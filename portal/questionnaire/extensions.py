"""Section 2, extensions: how each seat (people and devices) is configured. The seat rows are the
worksheet's (DESIGN.md section 12): voicemail, voicemail to e-mail, the phone model and the recording
mode are edited from both places, and an extension is its destination's."""
from __future__ import annotations

from collections import Counter

from flask import url_for
from sqlalchemy import func, select

from forms.questionnaire import FEATURES
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import Destination, Seat
from portal.questionnaire import frozen
from portal.questionnaire.sections import Finding, Section
from portal.worksheet import services as seat_services
from portal.worksheet.feature import worksheet_changed

KEY = "extensions"


def page_url(project: Project) -> str:
    return url_for("questionnaire.extensions", project_id=project.id)


def _facts(project: Project) -> list:
    """What the checks read of every seat, in one light query (no PIN is decrypted)."""
    return list(db.session.execute(select(
        Seat.id, Seat.first_name, Seat.last_name, Seat.display_name, Seat.device_label, Seat.email,
        Seat.voicemail_enabled, Seat.voicemail_to_email, Seat.voicemail_pin_problem,
        (Seat.voicemail_pin.is_not(None)).label("has_pin"), Destination.extension)
        .join(Destination, Destination.id == Seat.destination_id).where(Seat.project_id == project.id)
        .order_by(Destination.extension, Seat.id)))


def _started(project: Project) -> bool:
    return db.session.scalar(select(Seat.id).where(Seat.project_id == project.id).limit(1)) is not None


def _answered(project: Project) -> bool:
    """Every seat has an extension (one count, not every seat)."""
    return not db.session.scalar(select(func.count(Seat.id)).join(Destination, Destination.id == Seat.destination_id)
                                 .where(Seat.project_id == project.id, Destination.extension.is_(None)))


def check(project: Project) -> list[Finding]:
    length = project.dial_plan.extension_length
    found, without_pin = [], 0
    facts = _facts(project)
    repeated = _repeated_labels(facts)
    for fact in facts:
        found.extend(_seat_findings(fact, length, {"project_id": project.id, "seat_id": fact.id}, repeated))
        without_pin += bool(fact.voicemail_enabled and not fact.has_pin and not fact.voicemail_pin_problem)
    if without_pin:  # one warning for them all: a list of hundreds would hide what needs fixing
        found.append(Finding(KEY, f"{without_pin} {'seat has' if without_pin == 1 else 'seats have'} voicemail but "
                                  f"no PIN yet; each person will choose one at first login.",
                             "questionnaire.extensions", {"project_id": project.id}, blocking=False))
    return found


def _repeated_labels(facts: list) -> set[str]:
    """Labels two seats share (two "Lobby phone"s): their findings name them apart."""
    counts = Counter(Seat.label_of(fact._asdict()) for fact in facts)
    return {label for label, count in counts.items() if count > 1}


def _seat_findings(fact, length: int | None, seat: dict, repeated: set[str]) -> list[Finding]:
    """The errors of one seat (worked out only for the seats that have some)."""
    wrong_length = bool(fact.extension and length and len(fact.extension) != length)
    if fact.extension and not wrong_length and not fact.voicemail_pin_problem and not (
            fact.voicemail_to_email and not fact.email):
        return []
    label = Seat.label_of(fact._asdict())
    if label in repeated:
        label = f"{label} ({fact.email or fact.extension or f'seat {fact.id}'})"

    def finding(message: str, anchor: str) -> Finding:
        return Finding(KEY, message, "questionnaire.seat", seat, anchor)
    found = []
    if not fact.extension:
        found.append(finding(f"{label} has no extension.", "extension"))
    elif wrong_length:
        found.append(finding(f"{label}: extension {fact.extension} has {len(fact.extension)} digits; the dial "
                             f"plan says {length}.", "extension"))
    if fact.voicemail_to_email and not fact.email:
        found.append(finding(f"{label}: voicemail to e-mail needs an e-mail address (enter it in the worksheet).",
                             "voicemail_to_email"))
    if fact.voicemail_pin_problem:
        found.append(finding(f"{label}: {fact.voicemail_pin_problem}", "voicemail_pin"))
    return found


def save_configuration(seat: Seat, seen_version: int | None, changes: dict):
    """Through the worksheet's own seat writer (the extension is the destination's, the direct
    number stays as it is)."""
    conflict = seat_services.update_seat(seat, seen_version, {**changes, "direct_number": seat.direct_number})
    if conflict is None:
        worksheet_changed(db.session.get(Project, seat.project_id))  # a model chosen can solve a worksheet problem
    return conflict


def features_of(seat: Seat) -> list[str]:
    """The titles of the telephony features the seat has."""
    return [title for key, title in FEATURES if getattr(seat, key)]


SECTION = Section(KEY, 2, "Extensions", page_url, _started, _answered, "pdf/questionnaire/extensions.html",
                  frozen.extensions)
