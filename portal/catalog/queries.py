"""Reads of the phone-model catalog."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.models.telephony import PhoneModel, Seat


def models_with_seat_counts() -> list[tuple[PhoneModel, int]]:
    """Every model, retired ones too, with how many seats use it; by vendor, then model."""
    counts = (select(PhoneModel, func.count(Seat.id))
              .outerjoin(Seat, Seat.phone_model_id == PhoneModel.id)
              .group_by(PhoneModel.id)
              .order_by(func.lower(PhoneModel.vendor), func.lower(PhoneModel.model), PhoneModel.id))
    return [tuple(row) for row in db.session.execute(counts)]


def seat_count(phone_model: PhoneModel) -> int:
    return db.session.scalar(select(func.count(Seat.id)).where(Seat.phone_model_id == phone_model.id))


def same_model(vendor: str, model: str) -> PhoneModel | None:
    """The model of the catalog named like this, whatever the letter case."""
    return db.session.scalars(select(PhoneModel).where(func.lower(PhoneModel.vendor) == vendor.lower(),
                                                       func.lower(PhoneModel.model) == model.lower())).first()
