"""The customer's telephony (DESIGN.md section 12). Sites now; seats, numbers and destinations later."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class Site(Versioned, db.Model):
    """A customer location: its address is the default E911 address of everyone there."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200))
    suite: Mapped[Optional[str]] = mapped_column(String(100))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[Optional[str]] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    time_zone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    organization = relationship("Organization")

    @property
    def address_lines(self) -> list[str]:
        region = " ".join(part for part in (self.state, self.postal_code) if part)
        street = f"{self.street}, {self.suite}" if self.suite else self.street
        return [street, f"{self.city}, {region}".strip(", "), self.country]
