"""The kick-off call and the weekly meeting: scheduling, and the iCalendar invitations (RFC 5545)."""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta, timezone
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vRecur

from portal.core import audit
from portal.core.mail import Attachment, queue_mail
from portal.extensions import db
from portal.models.projects import Meeting, MeetingKind, Project
from portal.projects import plan
from portal.projects.services import customer_contacts, reschedule

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def schedule_meeting(project: Project, kind: MeetingKind, first_date: date, start_time: time, time_zone: str,
                     location: str | None, duration_minutes: int = 60) -> Meeting:
    """Create or move the meeting, then send every customer contact the invitation or its update."""
    meeting = plan.meeting(project, kind)
    action = "meeting.rescheduled" if meeting else "meeting.scheduled"
    if meeting is None:
        meeting = Meeting(project=project, kind=kind, uid=f"{kind.value}-{secrets.token_hex(8)}@onboarding-portal")
        db.session.add(meeting)
    else:
        meeting.sequence += 1
        meeting.version += 1
    meeting.first_date, meeting.start_time, meeting.time_zone = first_date, start_time, time_zone
    meeting.location, meeting.duration_minutes = location, duration_minutes
    db.session.flush()
    if kind == MeetingKind.KICK_OFF:
        reschedule(project)  # tasks counted from the kick-off follow it
    audit.record(action, project, note=f"{kind.title}: {first_date:%d %b %Y} {start_time:%H:%M} {time_zone}")
    _send_invitation(project, meeting, updated=action == "meeting.rescheduled")
    return meeting


def first_weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _send_invitation(project: Project, meeting: Meeting, updated: bool) -> None:
    recipients = [user.email for user in customer_contacts(project)]
    if not recipients:
        return
    verb = "Updated: " if updated else ""
    queue_mail(recipients, f"{verb}{meeting.kind.title} – {project.name}", "meeting", project=project,
               meeting=meeting, updated=updated,
               attachments=(Attachment(ics_filename(meeting), "text/calendar; method=REQUEST",
                                       ics_bytes(project, meeting, attendees=recipients)),))


def ics_filename(meeting: Meeting) -> str:
    return f"{meeting.kind.value.replace('_', '-')}.ics"


def starts_at(meeting: Meeting) -> datetime:
    return datetime.combine(meeting.first_date, meeting.start_time, tzinfo=ZoneInfo(meeting.time_zone))


def ics_bytes(project: Project, meeting: Meeting, attendees: list[str] | None = None) -> bytes:
    """A calendar with one event: single for the kick-off, weekly for the meeting; the same UID and a
    higher SEQUENCE on every reschedule, so calendars update the event instead of adding one.
    With attendees it is an invitation (METHOD:REQUEST, RFC 5546); without, a download (PUBLISH)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Onboarding portal//Implementation projects//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST" if attendees else "PUBLISH")
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", datetime.now(timezone.utc))
    event.add("dtstart", starts_at(meeting))
    event.add("dtend", starts_at(meeting) + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", f"{meeting.kind.title}: {project.name}")
    if meeting.location:
        event.add("location", meeting.location)
    event.add("description", f"Implementation project {project.name}. Location or dial-in: "
                             f"{meeting.location or 'to be announced'}")
    organizer_email = project.ipm.email if project.ipm else parseaddr(current_app.config["MAIL_FROM"])[1]
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = project.ipm.name if project.ipm else current_app.config["PROVIDER_NAME"]
    event["organizer"] = organizer
    for email in attendees or []:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params.update({"role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "TRUE"})
        event.add("attendee", attendee, encode=0)
    if meeting.kind == MeetingKind.WEEKLY:
        event.add("rrule", vRecur(freq="weekly", byday=WEEKDAYS[meeting.first_date.weekday()]))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
