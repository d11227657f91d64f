"""Call flows (issue 16; DESIGN.md section 12): the settings of the Destinations a flow is made of
beyond section 7's (auto attendants with their keys, announcements), the hour ranges that serve
both a site's business hours and a time condition's own, and holiday sets. A flow is no table of its
own: it is what a number rings and everything reachable from there."""
from __future__ import annotations

from datetime import date, time
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.enums import TitledEnum
from portal.core.versioning import Versioned
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.telephony import CallGroupSettings, Destination
from portal.models.types import enum_column


class GreetingMode(TitledEnum):
    TEXT = ("text", "Text read aloud")
    RECORDING = ("recording", "A recording")


class HolidayRepeat(TitledEnum):
    ONCE = ("once", "Only on these dates")
    YEARLY = ("yearly", "Every year on the same dates")
    COUNTRY = ("country", "Every year, on the day it falls (a public holiday)")


class HourRange(db.Model):
    """Open from `starts` to `ends` on a weekday, in 15-minute steps (an `ends` of 00:00 is midnight
    at the end of the day): a site's business hours, or a time condition's own."""

    __tablename__ = "hour_ranges"
    __table_args__ = (CheckConstraint("(site_id IS NULL) <> (schedule_id IS NULL)", name="one_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    schedule_id: Mapped[Optional[int]] = mapped_column(ForeignKey("schedules.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[str] = mapped_column(String(3))  # mon ... sun
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)


class HolidaySet(Versioned, db.Model):
    """Named days a project's time conditions share (several conditions may use one set)."""

    __tablename__ = "holiday_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    holidays: Mapped[list[Holiday]] = relationship(cascade="all, delete-orphan", order_by="Holiday.starts_on")


class Holiday(Versioned, db.Model):
    """A named day (or days) of a set; versioned on its own, so holidays of one set are edited apart."""

    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    holiday_set_id: Mapped[int] = mapped_column(ForeignKey("holiday_sets.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    repeats: Mapped[HolidayRepeat] = mapped_column(enum_column(HolidayRepeat), default=HolidayRepeat.ONCE)
    country: Mapped[Optional[str]] = mapped_column(String(2))  # whose public holiday, when it repeats by country


class Greeting:
    """What callers hear first: text read aloud, or an uploaded recording (WAV or MP3)."""

    greeting_mode: Mapped[GreetingMode] = mapped_column(enum_column(GreetingMode), default=GreetingMode.TEXT)
    greeting_text: Mapped[Optional[str]] = mapped_column(Text)
    greeting_file_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))


class AutoAttendant(CallGroupSettings, Greeting, db.Model):
    """A menu: its greeting, its keys (MenuKey), what happens when the caller presses nothing or a key
    that is not set (the menu repeats up to `repeats` times, then the call goes on, or is hung up when
    nothing is chosen), dial by name and by extension."""

    __tablename__ = "auto_attendants"

    id: Mapped[int] = mapped_column(primary_key=True)
    repeats: Mapped[int] = mapped_column(default=2)
    no_input_destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"))
    invalid_destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"))
    dial_by_name: Mapped[bool] = mapped_column(default=False)
    dial_by_extension: Mapped[bool] = mapped_column(default=True)
    destination: Mapped[Destination] = relationship(foreign_keys="AutoAttendant.destination_id")
    greeting_file: Mapped[Optional[StoredFile]] = relationship()
    keys: Mapped[list[MenuKey]] = relationship(cascade="all, delete-orphan", order_by="MenuKey.position")


class MenuKey(db.Model):
    """One key of an auto attendant and where it sends the call."""

    __tablename__ = "menu_keys"
    __table_args__ = (UniqueConstraint("auto_attendant_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    auto_attendant_id: Mapped[int] = mapped_column(ForeignKey("auto_attendants.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(1))  # 0-9, * or #
    position: Mapped[int] = mapped_column(default=0)  # the order the builder lists them in
    target_destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"),
                                                                 index=True)
    target: Mapped[Optional[Destination]] = relationship(foreign_keys="MenuKey.target_destination_id")


class Announcement(CallGroupSettings, Greeting, db.Model):
    """A greeting, then the call continues to `next_destination_id`."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    next_destination_id: Mapped[Optional[int]] = mapped_column(ForeignKey("destinations.id", ondelete="SET NULL"))
    destination: Mapped[Destination] = relationship(foreign_keys="Announcement.destination_id")
    greeting_file: Mapped[Optional[StoredFile]] = relationship()
