"""The worksheet's kind of import (seats): what rows are checked against, and how they are written.
The pipeline itself (reading, mapping, preview, exactly-once commit) is `portal/imports`.

Office numbers in a worksheet file are numbers the customer keeps: the numbers they bring into the
project are ported (as the numbers import takes a customer's numbers), unless the person answers the
preview's "these are new numbers"; either way their digits stay the customer's to correct on the
numbers page."""
from __future__ import annotations

from functools import partial

from flask import current_app, url_for
from sqlalchemy import select, update

from forms.sites import NewSiteForm
from portal.core.importing import (
    NEW,
    ImportChoice,
    ImportKind,
    Named,
    NewRecord,
    Preview,
    PreviewRow,
    ValueField,
    apply_mapping,
    value_key,
)
from portal.core.permissions import Access, organization_access
from portal.core.phones import format_phone
from portal.extensions import db
from portal.imports.services import table_of
from portal.models.imports import Import
from portal.models.projects import Project
from portal.models.telephony import NumberSource, PhoneModel, PhoneNumber, Seat, SeatType, Site
from portal.models.users import User
from portal.sites.services import create_site
from portal.worksheet import importer, services
from portal.worksheet.feature import worksheet_changed, worksheet_url
from portal.worksheet.fields import SEAT_IMPORT_FIELDS
from portal.worksheet.queries import project_seats

PLAIN = ("first_name", "last_name", "email", "mobile", "job_title", "department", "e911_street", "e911_city",
         "e911_state", "e911_postal_code", "e911_country", "notes", "recording_mode", "outbound_permission",
         *importer.BOOLEAN_FIELDS)


def context_for(project: Project, matches: dict | None = None) -> importer.Context:
    """What the rows are read against; `matches`: what the person matched values to (an Import's)."""
    domains = {email.rsplit("@", 1)[1].casefold() for email in db.session.scalars(
        select(User.email).where(User.organization_id == project.organization_id))}
    sites, seat_types = _sites(project), list(db.session.scalars(select(SeatType).order_by(SeatType.position)))
    matched = {"site": _resolved((matches or {}).get("site"), sites),
               "seat_type": _resolved((matches or {}).get("seat_type"), seat_types)}
    return importer.Context(project_seats(project.id), sites, seat_types, db.session.scalars(select(PhoneModel)),
                            current_app.config["DEFAULT_COUNTRY"], domains, set(db.session.scalars(
                                select(PhoneNumber.e164).where(PhoneNumber.project_id == project.id,
                                                               PhoneNumber.e164.is_not(None)))), matched)


def _sites(project: Project) -> list[Site]:
    return list(db.session.scalars(select(Site).where(Site.organization_id == project.organization_id)
                                   .order_by(Site.name, Site.id)))


def _resolved(chosen: dict | None, records: list) -> dict:
    """{value key: record id or NEW} as {value key: the record or NEW}; a record gone meanwhile is left out."""
    by_id = {record.id: record for record in records}
    return {key: NEW if choice == NEW else by_id[choice] for key, choice in (chosen or {}).items()
            if choice == NEW or choice in by_id}


def preview_seats(started: Import, new_numbers: bool = False) -> Preview:
    return importer.preview(table_of(started), started.column_mapping(),
                            context_for(started.project, started.value_matches), started.clear_blanks, new_numbers)


def write_seats(project: Project, additions: list[PreviewRow], updates: list[tuple[PreviewRow, int]]) -> list:
    refusals = services.add_seats(project, [seat_fields(row.values) for row in additions])
    refusals += services.update_seats(project, [
        services.SeatUpdate(row.target, version, seat_fields(row.values, row.target)) for row, version in updates])
    written = [row for row, refusal in zip(additions + [row for row, _ in updates], refusals, strict=True)
               if refusal is None]
    _set_sources(project, written)
    return refusals


def _set_sources(project: Project, rows: list[PreviewRow]) -> None:
    """The numbers the rows brought into the project (the seat writer adds them as numbers routed to
    the seats) are ported, or new when the person said so."""
    for source in NumberSource:
        numbers = [row.values["direct_number"] for row in rows if row.values.get("number_source") == source]
        if numbers:
            table = PhoneNumber.__table__  # a statement, as the seat writer inserted them: no object holds them
            db.session.execute(update(table).where(table.c.project_id == project.id, table.c.e164.in_(numbers))
                               .values(source=source))


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
    return " ".join(filter(None, (name, values.get("email"), _number(values))))


def _number(values: dict) -> str:
    """A number the row brings into the project, and whether it is ported."""
    source = values.get("number_source")
    return f"· {format_phone(values['direct_number'])} ({source.title.lower()})" if source else ""


def _numbers_said(preview: Preview, new: bool) -> str:
    """What the preview says of the numbers the file brings into the project ("" when it brings none)."""
    count = sum(1 for row in preview.rows if not row.blocked and row.values.get("number_source"))
    if not count:
        return ""
    one = count == 1
    said = (f"{count} office {'number' if one else 'numbers'} in this file {'is' if one else 'are'} not in the "
            f"project yet. {'It is' if one else 'They are'} taken as ")
    return said + ("new numbers we give you: nothing is ported." if new else
                   f"your own: we port {'it' if one else 'them'} from your current carrier.")


NEW_NUMBERS = ImportChoice("new_numbers", offer="These are new numbers, not ours to port",
                           withdraw="These are our own numbers, to port", summary=_numbers_said)


def _site_prefill(started: Import, key: str) -> dict:
    """A new site's first values, from the rows naming it: its name as the file spells it, the address."""
    mapping = started.column_mapping()
    rows = [values for values in (apply_mapping(raw, mapping) for raw in started.rows)
            if value_key(values.get("site", "")) == key]
    return {"name": rows[0]["site"] if rows else "",
            **importer.site_address(rows, current_app.config["DEFAULT_COUNTRY"])}


def _may_add_sites(user: User, project: Project) -> bool:
    """Sites are the organization's: whoever may add one under Sites may add one here."""
    return organization_access(user, project.organization, ipm_edits=True) == Access.EDIT


def _who_adds_sites(project: Project) -> str:
    return (f"Only {project.organization.name}'s contacts, the project managers of its open projects and the "
            f"provider's administrators add sites: ask one of them, or match the value to a site there is.")


SITE_VALUES = ValueField(
    "site", "site", lambda project: [Named(site.id, site.name, (value_key(site.name),)) for site in _sites(project)],
    new=NewRecord("A new site", partial(NewSiteForm, version=1), _site_prefill,
                  lambda project, values: create_site(project.organization, values, project),
                  _may_add_sites, _who_adds_sites))
TYPE_VALUES = ValueField("seat_type", "user type", lambda project: [
    Named(kind.id, kind.name, (value_key(kind.name), value_key(kind.key)))
    for kind in db.session.scalars(select(SeatType).order_by(SeatType.position))])


SEATS = ImportKind(
    key="worksheet", noun="seats", one="seat", fields=SEAT_IMPORT_FIELDS, preview=preview_seats, write=write_seats,
    changed=worksheet_changed, home=lambda project: (worksheet_url(project), "the worksheet"),
    lead="Bring your users from a spreadsheet you already have: an export from Microsoft 365 or Outlook, the "
         "portal's own export or our template.",
    blanks_help="For seats already in the worksheet. Left unticked, an empty cell leaves what the seat has; "
                "ticked, it erases it (a site, a model, a number). Seat ids and user types are never cleared.",
    describe=_describe, choices=(NEW_NUMBERS,), values=(SITE_VALUES, TYPE_VALUES),
    template_url=lambda project: url_for("worksheet.download", project_id=project.id, fmt="template.xlsx"))
