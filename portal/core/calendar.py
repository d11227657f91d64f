"""Calendar invitations (RFC 5545 and 5546), in one place any feature uses: the kick-off call, the
weekly meeting, a review round's call. An event keeps its UID and takes a higher SEQUENCE on every
reschedule, so calendars update the event instead of adding one. With attendees it is an invitation
(METHOD:REQUEST); without, a download (PUBLISH)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event, vCalAddress, vRecur

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime  # aware, in the time zone it was set in
    minutes: int
    summary: str
    description: str
    location: str | None
    organizer_email: str
    organizer_name: str
    weekly: bool = False


def ics_bytes(event: CalendarEvent, attendees: list[str] | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Onboarding portal//Implementation projects//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST" if attendees else "PUBLISH")
    item = Event()
    item.add("uid", event.uid)
    item.add("sequence", event.sequence)
    item.add("dtstamp", datetime.now(timezone.utc))
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.starts_at + timedelta(minutes=event.minutes))
    item.add("summary", event.summary)
    if event.location:
        item.add("location", event.location)
    item.add("description", event.description)
    organizer = vCalAddress(f"mailto:{event.organizer_email}")
    organizer.params["cn"] = event.organizer_name
    item["organizer"] = organizer
    for email in attendees or []:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params.update({"role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "TRUE"})
        item.add("attendee", attendee, encode=0)
    if event.weekly:
        item.add("rrule", vRecur(freq="weekly", byday=WEEKDAYS[event.starts_at.weekday()]))
    calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
