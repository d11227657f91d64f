"""Import services of the worksheet: start from a read table, keep the mapping, preview, commit once."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from portal.core import audit
from portal.core.importing import Preview, suggest_mapping
from portal.core.tabular import Table
from portal.extensions import db
from portal.models.imports import Import, ImportStatus
from portal.models.projects import Project
from portal.models.telephony import PhoneModel, Seat, SeatType, Site
from portal.models.users import User
from portal.worksheet import importer, services
from portal.worksheet.fields import SEAT_FIELDS
from portal.worksheet.queries import project_seats

PLAIN = ("first_name", "last_name", "email", "mobile", "job_title", "department", "e911_street", "e911_city",
         "e911_state", "e911_postal_code", "e911_country", "notes", "recording_mode", *importer.BOOLEAN_FIELDS)


def start_import(project: Project, user: User, table: Table, source_name: str, stored_file=None) -> Import:
    started = Import(project_id=project.id, source_name=source_name[:255], stored_file_id=getattr(
        stored_file, "id", None), headers=table.headers, rows=table.rows, header_line=table.header_line,
        mapping={str(index): key for index, key in suggest_mapping(table.headers, SEAT_FIELDS).items()},
        created_by_id=user.id)
    db.session.add(started)
    db.session.flush()
    audit.record("import.started", started, note=f"{len(table.rows)} rows from {started.source_name}")
    return started


def save_mapping(started: Import, mapping: dict[int, str | None]) -> None:
    audit.transition(started, "status", ImportStatus.MAPPED, action="import.mapped")
    started.mapping = {str(index): key for index, key in mapping.items()}


def context_for(project: Project) -> importer.Context:
    domains = {email.rsplit("@", 1)[1].casefold() for email in db.session.scalars(
        select(User.email).where(User.organization_id == project.organization_id))}
    return importer.Context(project_seats(project.id),
                            db.session.scalars(select(Site).where(Site.organization_id == project.organization_id)),
                            db.session.scalars(select(SeatType)), db.session.scalars(select(PhoneModel)),
                            current_app.config["DEFAULT_COUNTRY"], domains)


def preview_of(started: Import) -> Preview:
    table = Table(started.headers, started.rows, header_line=started.header_line)
    return importer.preview(table, started.column_mapping(), context_for(started.project))


def checked_state(started: Import, preview: Preview) -> str:
    """What the person saw on the preview (the mapping and each matched seat's version), signed, so
    the commit writes only what is still as they checked it."""
    versions = {str(row.match_id): _version_of(row.match_id) for row in preview.rows if row.match_id}
    return _signer().dumps({"mapping": started.mapping, "versions": versions})


def _version_of(seat_id: int) -> int:
    return db.session.get(Seat, seat_id).version


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="portal.import.preview")


def commit_import(started: Import, checked: str) -> dict:
    """Write every row that passes, re-checked against the data as it is now and against what the
    person saw on the preview, in the caller's transaction; the rest are skipped with their reasons."""
    try:
        seen = _signer().loads(checked)
    except BadSignature as error:
        raise ValueError("The preview was out of date; check the rows again.") from error
    if seen.get("mapping") != started.mapping:
        raise ValueError("The columns were changed since you checked the rows; check them again.")
    preview = preview_of(started)
    for row in preview.rows:
        if row.match_id and seen["versions"].get(str(row.match_id)) != _version_of(row.match_id):
            row.errors.append("This seat was changed by someone else since you checked the rows.")
    skipped = [{"line": row.line, "reason": "; ".join(row.errors) or row.reason}
               for row in preview.rows if row.blocked or row.action == "skip"]
    additions = [row for row in preview.rows if not row.blocked and row.action == "add"]
    refusals = services.add_seats(started.project, [seat_fields(row.values) for row in additions])
    skipped += [{"line": row.line, "reason": reason} for row, reason in zip(additions, refusals, strict=True)
                if reason]
    seats = {seat.id: seat for seat in project_seats(started.project_id)}
    updates = [row for row in preview.rows if not row.blocked and row.action == "update"]
    for row in updates:
        seat = seats[row.match_id]
        services.update_seat(seat, seat.version, {"extension": seat.extension, "direct_number": seat.direct_number,
                                                  **seat_fields(row.values)})
    added = len(additions) - sum(1 for reason in refusals if reason)
    skipped.sort(key=lambda item: item["line"])
    started.outcome = {"added": added, "updated": len(updates), "skipped": skipped}
    audit.transition(started, "status", ImportStatus.COMMITTED, action="import.committed",
                     note=f"{added} added, {len(updates)} updated, {len(skipped)} skipped")
    return started.outcome


def seat_fields(values: dict) -> dict:
    """A previewed row's values as the seat writer's arguments."""
    fields = {key: values[key] for key in PLAIN if key in values}
    if "seat_type" in values:
        fields["seat_type_id"] = values["seat_type"].id
    if "site" in values:
        fields["site_id"] = values["site"].id
    model = values.get("phone_model")
    if model is not None:
        fields.update(phone_model_id=model.id, phone_model_raw=None) if isinstance(model, PhoneModel) else \
            fields.update(phone_model_id=None, phone_model_raw=model)
    if "display_name" in values and not (values.get("first_name") or values.get("last_name")):
        fields["device_label"] = values["display_name"]
    elif "display_name" in values:
        fields["display_name"] = values["display_name"]
    fields.update({key: values[key] for key in ("extension", "direct_number") if key in values})
    return fields
