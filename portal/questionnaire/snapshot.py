"""The questionnaire's parts of a review round's snapshot (issue 20; portal.core.snapshots): the
project's numbers, every answer of every section, the call groups with their members, and each
seat's effective key layout (its model's default with the seat's own keys over it). PINs never:
the snapshot says whether one is set."""
from __future__ import annotations

from sqlalchemy import select

from portal.core.snapshots import row, rows
from portal.extensions import db
from portal.models.questionnaire import (
    CallingPolicy,
    DialPlan,
    KeyLayout,
    OtherRequirements,
    QuestionnaireAttachment,
    RecordingPolicy,
    SectionProgress,
)
from portal.models.telephony import (
    CallQueue,
    Destination,
    DestinationMember,
    PhoneModel,
    PhoneNumber,
    RingGroup,
    Seat,
    VoicemailBox,
)
from portal.questionnaire.keys import effective_keys

ANSWERS = (DialPlan, CallingPolicy, RecordingPolicy, OtherRequirements, SectionProgress)
CALL_GROUPS = (CallQueue, RingGroup, VoicemailBox)


def numbers_part(project) -> list[dict]:
    return rows(db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project.id)))


def answers_part(project) -> dict:
    """Every section's answers, by table, and the attachments by their files' hashes."""
    answers = {model.__tablename__: rows(db.session.scalars(select(model).where(model.project_id == project.id)))
               for model in ANSWERS}
    answers["attachments"] = [{**row(item), "sha256": item.stored_file.sha256, "original_name":
                               item.stored_file.original_name, "size": item.stored_file.size} for item in sorted(
        db.session.scalars(select(QuestionnaireAttachment).where(QuestionnaireAttachment.project_id == project.id)),
        key=lambda item: item.id)]
    return answers


def call_groups_part(project) -> dict:
    destinations = select(Destination.id).where(Destination.project_id == project.id)
    groups = {model.__tablename__: rows(db.session.scalars(select(model).where(
        model.destination_id.in_(destinations)))) for model in CALL_GROUPS}
    groups["members"] = [row(member) for member in db.session.scalars(select(DestinationMember).where(
        DestinationMember.destination_id.in_(destinations)).order_by(DestinationMember.destination_id,
                                                                     DestinationMember.seat_id))]
    return groups


def key_layouts_part(project) -> dict:
    """Each desk phone model's default layout, and each seat with a phone: its keys as the phone will
    have them (the default's, with the seat's own over them)."""
    layouts = list(db.session.scalars(select(KeyLayout).where(KeyLayout.project_id == project.id)))
    defaults = {layout.phone_model_id: layout.keys for layout in layouts if layout.seat_id is None}
    own = {layout.seat_id: layout.keys for layout in layouts if layout.seat_id is not None}
    seats = db.session.execute(select(Seat.id, PhoneModel.id, PhoneModel.keys).join(
        PhoneModel, PhoneModel.id == Seat.phone_model_id).where(Seat.project_id == project.id).order_by(Seat.id))
    return {"defaults": {str(model_id): keys for model_id, keys in sorted(defaults.items())},
            "own_layouts": len(own),
            "seats": [{"seat_id": seat_id, "phone_model_id": model_id,
                       "keys": [{"position": key.position, **key.stored, "own": key.changed}
                                for key in effective_keys(count, defaults.get(model_id), own.get(seat_id))]}
                      for seat_id, model_id, count in seats]}


def phone_models_part(project) -> list[dict]:
    """The catalog's models the project's seats use (their names and key counts)."""
    used = select(Seat.phone_model_id).where(Seat.project_id == project.id)
    return rows(db.session.scalars(select(PhoneModel).where(PhoneModel.id.in_(used))))
