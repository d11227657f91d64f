"""The project's meetings (the kick-off call, the weekly meeting, review calls): scheduling, and
their iCalendar invitations (portal.core.calendar)."""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from flask import current_app

from portal.core import audit, calendar
from portal.core.mail import Attachment, queue_mail
from portal.extensions import db
from portal.models.projects import Meeting, MeetingKind, Project
from portal.projects import plan
from portal.projects.services import customer_contacts, reschedule


def schedule_meeting(project: Project, kind: MeetingKind, first_date: date, start_time: time, time_zone: str,
                     location: str | None, duration_minutes: int = 60, key: str | None = None,
                     title: str | None = None) -> Meeting:
    """Create or move the meeting (one per `key`: the kind's own for the kick-off and the weekly
    meeting, a round's for a review call), then send every customer contact the invitation or its
    update."""
    key = key or kind.value
    meeting = plan.meeting(project, key)
    action = "meeting.rescheduled" if meeting else "meeting.scheduled"
    if meeting is None:
        meeting = Meeting(project=project, kind=kind, key=key, label=title,
                          uid=f"{kind.value}-{secrets.token_hex(8)}@onboarding-portal")
        db.session.add(meeting)
    else:
        meeting.sequence += 1
        meeting.version += 1
    meeting.first_date, meeting.start_time, meeting.time_zone = first_date, start_time, time_zone
    meeting.location, meeting.duration_minutes = location, duration_minutes
    db.session.flush()
    if kind == MeetingKind.KICK_OFF:
        reschedule(project)  # tasks counted from the kick-off follow it
    audit.record(action, project, note=f"{meeting.title}: {first_date:%d %b %Y} {start_time:%H:%M} {time_zone}")
    _send_invitation(project, meeting, updated=action == "meeting.rescheduled")
    return meeting


def first_weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _send_invitation(project: Project, meeting: Meeting, updated: bool) -> None:
    recipients = [user.email for user in customer_contacts(project)]
    if not recipients:
        return
    verb = "Updated: " if updated else ""
    queue_mail(recipients, f"{verb}{meeting.title} – {project.name}", "meeting", project=project,
               meeting=meeting, updated=updated,
               attachments=(Attachment(ics_filename(meeting), "text/calendar; method=REQUEST",
                                       ics_bytes(project, meeting, attendees=recipients)),))


def ics_filename(meeting: Meeting) -> str:
    return f"{meeting.key.replace('_', '-').replace(':', '-')}.ics"


def starts_at(meeting: Meeting) -> datetime:
    return datetime.combine(meeting.first_date, meeting.start_time, tzinfo=ZoneInfo(meeting.time_zone))


def ics_bytes(project: Project, meeting: Meeting, attendees: list[str] | None = None) -> bytes:
    """The meeting as a calendar (portal.core.calendar): single, or weekly for the weekly meeting."""
    organizer_email = project.ipm.email if project.ipm else parseaddr(current_app.config["MAIL_FROM"])[1]
    return calendar.ics_bytes(calendar.CalendarEvent(
        meeting.uid, meeting.sequence, starts_at(meeting), meeting.duration_minutes,
        f"{meeting.title}: {project.name}",
        f"Implementation project {project.name}. Location or dial-in: {meeting.location or 'to be announced'}",
        meeting.location, organizer_email, project.ipm.name if project.ipm else current_app.config["PROVIDER_NAME"],
        weekly=meeting.kind == MeetingKind.WEEKLY), attendees)
