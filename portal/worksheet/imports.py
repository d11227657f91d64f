"""The worksheet's kind of import (seats): what rows are checked against, and how they are written.
The pipeline itself (reading, mapping, preview, exactly-once commit) is `portal/imports`."""
from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select

from portal.core.importing import ImportKind, Preview, PreviewRow
from portal.extensions import db
from portal.imports.services import table_of
from portal.models.imports import Import
from portal.models.projects import Project
from portal.models.telephony import PhoneModel, Seat, SeatType, Site
from portal.models.users import User
from portal.worksheet import importer, services
from portal.worksheet.feature import worksheet_changed, worksheet_url
from portal.worksheet.fields import SEAT_IMPORT_FIELDS
from portal.worksheet.queries import project_seats

PLAIN = ("first_name", "last_name", "email", "mobile", "job_title", "department", "e911_street", "e911_city",
         "e911_state", "e911_postal_code", "e911_country", "notes", "recording_mode", "outbound_permission",
         *importer.BOOLEAN_FIELDS)


def context_for(project: Project) -> importer.Context:
    domains = {email.rsplit("@", 1)[1].casefold() for email in db.session.scalars(
        select(User.email).where(User.organization_id == project.organization_id))}
    return importer.Context(project_seats(project.id),
                            db.session.scalars(select(Site).where(Site.organization_id == project.organization_id)),
                            db.session.scalars(select(SeatType)), db.session.scalars(select(PhoneModel)),
                            current_app.config["DEFAULT_COUNTRY"], domains)


def preview_seats(started: Import) -> Preview:
    return importer.preview(table_of(started), started.column_mapping(), context_for(started.project),
                            started.clear_blanks)


def write_seats(project: Project, additions: list[PreviewRow], updates: list[tuple[PreviewRow, int]]) -> list:
    refusals = services.add_seats(project, [seat_fields(row.values) for row in additions])
    return refusals + services.update_seats(project, [
        services.SeatUpdate(row.target, version, seat_fields(row.values, row.target)) for row, version in updates])


def seat_fields(values: dict, seat: Seat | None = None) -> dict:
    """A previewed row's values as the seat writer's arguments (None where an empty cell clears).
    A display name names a device unless the row or the seat it updates names a person."""
    fields = {key: values[key] for key in PLAIN if key in values}
    if "seat_type" in values:
        fields["seat_type_id"] = values["seat_type"].id
    if "site" in values:
        fields["site_id"] = values["site"].id if values["site"] else None
    if "phone_model" in values:
        imported = values["phone_model"]
        fields["phone_model_id"] = imported.model.id if imported and imported.model else None
        fields["phone_model_raw"] = imported.raw if imported else None
    person = values.get("first_name") or values.get("last_name") or (seat and (seat.first_name or seat.last_name))
    if "display_name" in values and not person:
        fields["device_label"] = values["display_name"]
    elif "display_name" in values:
        fields["display_name"] = values["display_name"]
    fields.update({key: values[key] for key in ("extension", "direct_number") if key in values})
    return fields


def _describe(row: PreviewRow) -> str:
    values = row.values
    name = " ".join(filter(None, (values.get("first_name"), values.get("last_name")))) or values.get("display_name", "")
    return " ".join(filter(None, (name, values.get("email"))))


SEATS = ImportKind(
    key="worksheet", noun="seats", one="seat", fields=SEAT_IMPORT_FIELDS, preview=preview_seats, write=write_seats,
    changed=worksheet_changed, home=lambda project: (worksheet_url(project), "the worksheet"),
    lead="Bring your users from a spreadsheet you already have: an export from Microsoft 365 or Outlook, the "
         "portal's own export or our template.",
    blanks_help="For seats already in the worksheet. Left unticked, an empty cell leaves what the seat has; "
                "ticked, it erases it (a site, a model, a number). Seat ids and user types are never cleared.",
    describe=_describe,
    template_url=lambda project: url_for("worksheet.download", project_id=project.id, fmt="template.xlsx"))
