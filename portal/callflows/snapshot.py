"""The call flows' part of a review round's snapshot (issue 20; portal.core.snapshots): every
Destination of the project, the plain graph the call flows already build (nodes, labelled edges,
entries: what the checks and test calls read), and the rows behind it: menus with their keys,
announcements, time conditions with their own hours, holiday sets with their holidays."""
from __future__ import annotations

import json

from sqlalchemy import select

from portal.callflows.description import project_graph
from portal.core.snapshots import rows
from portal.extensions import db
from portal.models.callflows import Announcement, AutoAttendant, Holiday, HolidaySet, HourRange, MenuKey
from portal.models.telephony import Destination, Schedule


def call_flows_part(project) -> dict:
    destinations = select(Destination.id).where(Destination.project_id == project.id)
    schedules = select(Schedule.id).where(Schedule.destination_id.in_(destinations))
    menus = select(AutoAttendant.id).where(AutoAttendant.destination_id.in_(destinations))
    holiday_sets = select(HolidaySet.id).where(HolidaySet.project_id == project.id)
    return {
        "graph": json.loads(project_graph(project.id).as_json()),
        "destinations": rows(db.session.scalars(select(Destination).where(Destination.project_id == project.id))),
        "menus": rows(db.session.scalars(select(AutoAttendant).where(AutoAttendant.id.in_(menus)))),
        "menu_keys": rows(db.session.scalars(select(MenuKey).where(MenuKey.auto_attendant_id.in_(menus)))),
        "announcements": rows(db.session.scalars(select(Announcement).where(
            Announcement.destination_id.in_(destinations)))),
        "time_conditions": rows(db.session.scalars(select(Schedule).where(Schedule.id.in_(schedules)))),
        "own_hours": rows(db.session.scalars(select(HourRange).where(HourRange.schedule_id.in_(schedules)))),
        "holiday_sets": rows(db.session.scalars(select(HolidaySet).where(HolidaySet.id.in_(holiday_sets)))),
        "holidays": rows(db.session.scalars(select(Holiday).where(Holiday.holiday_set_id.in_(holiday_sets)))),
    }
