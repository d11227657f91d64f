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
from portal.worksheet.feature import worksheet_changed
from portal.worksheet.fields import SEAT_FIELDS
from portal.worksheet.queries import project_seats

PLAIN = ("first_name", "last_name", "email", "mobile", "job_title", "department", "e911_street", "e911_city",
         "e911_state", "e911_postal_code", "e911_country", "notes", "recording_mode", "outbound_permission",
         *importer.BOOLEAN_FIELDS)


def start_import(project: Project, user: User, table: Table, source_name: str, stored_file=None) -> Import:
    started = Import(project_id=project.id, source_name=source_name[:255], stored_file_id=getattr(
        stored_file, "id", None), headers=table.headers, rows=table.rows, header_line=table.header_line,
        mapping={str(index): key for index, key in suggest_mapping(table.headers, SEAT_FIELDS).items()},
        created_by_id=user.id)
    db.session.add(started)
    db.session.flush()
    audit.record("import.started", started, note=f"{len(table.rows)} rows from {started.source_name}")
    return started


def save_mapping(started: Import, mapping: dict[int, str | None], clear_blanks: bool = False) -> None:
    audit.transition(started, "status", ImportStatus.MAPPED, action="import.mapped")
    started.mapping = {str(index): key for index, key in mapping.items()}
    started.clear_blanks = clear_blanks


def context_for(project: Project) -> importer.Context:
    domains = {email.rsplit("@", 1)[1].casefold() for email in db.session.scalars(
        select(User.email).where(User.organization_id == project.organization_id))}
    return importer.Context(project_seats(project.id),
                            db.session.scalars(select(Site).where(Site.organization_id == project.organization_id)),
                            db.session.scalars(select(SeatType)), db.session.scalars(select(PhoneModel)),
                            current_app.config["DEFAULT_COUNTRY"], domains)


def preview_of(started: Import) -> Preview:
    table = Table(started.headers, started.rows, header_line=started.header_line)
    return importer.preview(table, started.column_mapping(), context_for(started.project), started.clear_blanks)


def checked_state(started: Import, preview: Preview) -> str:
    """What the person saw on the preview (the mapping and each matched seat's version), signed, so
    the commit writes only what is still as they checked it."""
    versions = {str(row.match_id): row.target.version for row in preview.rows if row.target is not None}
    targets = {str(row.line): row.match_id for row in preview.rows if row.target is not None}
    return _signer().dumps({"import": started.id, "mapping": started.mapping, "clear_blanks": started.clear_blanks,
                            "versions": versions, "targets": targets})


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="portal.import.preview")


def commit_import(started: Import, checked: str) -> dict:
    """Write every row that passes, re-checked against the data as it is now and against what the
    person saw on the preview, in the caller's transaction; the rest are skipped with their reasons."""
    try:
        seen = _signer().loads(checked)
    except BadSignature as error:
        raise ValueError("The preview was out of date; check the rows again.") from error
    if seen.get("import") != started.id or seen.get("mapping") != started.mapping \
            or seen.get("clear_blanks") != started.clear_blanks:
        raise ValueError("The columns were changed since you checked the rows; check them again.")
    db.session.scalars(select(Project.id).where(Project.id == started.project_id).with_for_update()).one()
    preview = preview_of(started)  # the project is locked above: one import commits at a time in a project
    for row in preview.rows:
        if seen["targets"].get(str(row.line)) != row.match_id:
            row.errors.append("This row's seat was removed or changed by someone else since you checked the rows.")
        elif row.target is not None and seen["versions"].get(str(row.match_id)) != row.target.version:
            row.errors.append("This seat was changed by someone else since you checked the rows.")
    skipped = [{"line": row.line, "reason": "; ".join(row.errors) or row.reason}
               for row in preview.rows if row.blocked or row.action == "skip"]
    additions = _ready(preview, "add")
    refusals = services.add_seats(started.project, [seat_fields(row.values) for row in additions])
    updates = _ready(preview, "update")
    refusals_of_updates = services.update_seats(started.project, [services.SeatUpdate(
        row.target, seen["versions"][str(row.match_id)], seat_fields(row.values, row.target))
        for row in updates])
    skipped += [{"line": row.line, "reason": reason} for row, reason in
                zip(additions + updates, refusals + refusals_of_updates, strict=True) if reason]
    added = len(additions) - sum(1 for reason in refusals if reason)
    updated = len(updates) - sum(1 for reason in refusals_of_updates if reason)
    skipped.sort(key=lambda item: item["line"])
    started.outcome = {"added": added, "updated": updated, "skipped": skipped}
    audit.transition(started, "status", ImportStatus.COMMITTED, action="import.committed",
                     note=f"{added} added, {updated} updated, {len(skipped)} skipped")
    worksheet_changed(started.project)
    return started.outcome


def _ready(preview: Preview, action: str) -> list:
    return [row for row in preview.rows if not row.blocked and row.action == action]


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
