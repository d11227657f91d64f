"""Section 3's kind of import: the project's phone numbers pasted from a spreadsheet or imported from
a file, through the shared pipeline (`portal/imports`). A row names a number; it updates the
project's number with those digits, or adds it (as a number the customer has, ported unless the row
says new). Requested numbers without digits are asked for on the numbers page, not imported.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import phonenumbers
from flask import current_app, url_for
from sqlalchemy import insert, select

from portal.core import audit
from portal.core.bulk import uniform_rows
from portal.core.importing import (
    ImportKind,
    Preview,
    PreviewRow,
    TargetField,
    apply_mapping,
    enum_cell,
    mark_duplicates,
)
from portal.core.phones import e164_of, format_phone
from portal.core.versioning import RowChange, bulk_update_versioned
from portal.extensions import db
from portal.imports.services import table_of
from portal.models.imports import Import
from portal.models.projects import Project
from portal.models.telephony import (
    Destination,
    DestinationKind,
    NumberKind,
    NumberSource,
    NumberStatus,
    PhoneNumber,
    Seat,
    Site,
)
from portal.models.users import User
from portal.worksheet.feature import worksheet_changed

NUMBER_IMPORT_FIELDS = [
    TargetField("e164", "Number", ("Phone number", "DID", "DID number", "Telephone number", "Phone", "E.164",
                                   "Direct number")),
    TargetField("site", "Site", ("Office", "Location")),
    TargetField("kind", "Kind", ("Type", "Number type")),
    TargetField("source", "New or ported", ("Source", "Ported", "Port")),
    TargetField("rings", "Rings", ("Destination", "Rings to", "Routes to", "Route to", "Assigned to", "Extension",
                                   "User")),
    TargetField("caller_id_name", "Caller-ID name", ("CNAM", "Caller ID", "Caller ID name", "Caller-ID")),
]
LABELS = {field.key: field.label for field in NUMBER_IMPORT_FIELDS}
KIND_ALIASES = {"did": NumberKind.DIRECT, "direct did": NumberKind.DIRECT, "main line": NumberKind.MAIN,
                "toll free number": NumberKind.TOLL_FREE, "tollfree": NumberKind.TOLL_FREE, "800": NumberKind.TOLL_FREE,
                "fax number": NumberKind.FAX}
SOURCE_ALIASES = {"port": NumberSource.PORTED, "keep": NumberSource.PORTED, "existing": NumberSource.PORTED,
                  "yes": NumberSource.PORTED, "y": NumberSource.PORTED, "no": NumberSource.NEW, "n": NumberSource.NEW}
CALLER_ID_LENGTH = 15
KEPT = ("e164", "kind", "source")  # an empty cell never clears these


class Ring(NamedTuple):
    """Where a row's number rings: the destination's id, and how the preview names it."""

    id: int
    label: str


class NumberContext:
    """What number rows are checked against: the project's numbers (and the requested ones waiting
    for their digits), its sites and destinations."""

    def __init__(self, project: Project, country: str, staff: bool):
        numbers = list(db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project.id)
                                          .order_by(PhoneNumber.id)))
        self.numbers = {number.e164: number for number in numbers if number.e164}
        self.requested = [number for number in numbers if not number.e164] if staff else []
        self.sites = {site.name.casefold(): site for site in project.sites}
        destinations = list(db.session.execute(
            select(Destination.id, Destination.name, Destination.extension, Seat.email)
            .outerjoin(Seat, Seat.destination_id == Destination.id)
            .where(Destination.project_id == project.id, Destination.kind != DestinationKind.SCHEDULE)))
        self.by_extension = {row.extension: row for row in destinations if row.extension}
        self.by_email: dict[str, list] = {}
        self.by_name: dict[str, list] = {}
        for row in destinations:
            self.by_name.setdefault(row.name.casefold(), []).append(row)
            if row.email:
                self.by_email.setdefault(row.email.casefold(), []).append(row)
        self.country, self.staff = country, staff
        from portal.porting.locks import requests_with_carrier  # porting reads this module's numbers
        self.with_carrier = requests_with_carrier([number.id for number in numbers if number.e164])


@dataclass
class NumberRow:
    clean: dict
    errors: list[str]


def check_number_row(values: dict, context: NumberContext) -> NumberRow:
    """Clean values (the number in E.164, the site, kind, source, the destination's id, the caller-ID
    name; None where an empty cell clears) and the row's errors. Empty cells are in `values` only when
    the person chose that they clear, and clear only a number already in the project."""
    row = NumberRow({}, [])
    values = {key: raw for key, raw in values.items() if raw or key not in KEPT}
    site = _read(row, "site", values, lambda raw: _site(raw, context))
    country = (site.country if site else None) or context.country
    _read(row, "e164", values, lambda raw: e164_of(raw, country))
    existing = context.numbers.get(row.clean.get("e164"))
    if existing is None and "site" in row.clean and row.clean["site"] is None:
        del row.clean["site"]
    for key, read in (("kind", _kind), ("source", _source), ("rings", lambda raw: _rings(raw, context)),
                      ("caller_id_name", _caller_id)):
        if values.get(key) or (key in values and existing is not None):
            _read(row, key, values, read)
    request = context.with_carrier.get(existing.id) if existing is not None else None
    if request is not None and row.clean.get("source", existing.source) != existing.source:
        from portal.porting.locks import locked_message
        row.errors.append(f"{LABELS['source']}: {locked_message(existing.e164, request)}")
    return row


def _read(row: NumberRow, key: str, values: dict, read):
    raw = values.get(key)
    if raw is None:
        return None
    try:
        row.clean[key] = read(raw) if raw else None
    except ValueError as error:
        row.errors.append(f"{LABELS[key]}: {error}")
        return None
    return row.clean[key]


def _site(raw: str, context: NumberContext) -> Site:
    site = context.sites.get(raw.casefold())
    if site is None:
        raise ValueError(f"the project has no site named “{raw}”; use one of "
                         f"{', '.join(site.name for site in context.sites.values()) or 'its sites (none yet)'}.")
    return site


def _kind(raw: str) -> NumberKind:
    kind = enum_cell(raw, NumberKind, KIND_ALIASES)
    if kind is None:
        raise ValueError(f"“{raw}” is not Main, Direct, Fax or Toll-free.")
    return kind


def _source(raw: str) -> NumberSource:
    source = enum_cell(raw, NumberSource, SOURCE_ALIASES)
    if source is None:
        raise ValueError(f"“{raw}” is not New or Ported.")
    return source


def _rings(raw: str, context: NumberContext) -> Ring:
    """The destination a cell names: by extension, else by a seat's e-mail, else by its name; a
    name or e-mail that two destinations share is refused, never guessed."""
    found = context.by_extension.get(raw)
    if found is None:
        named = context.by_email.get(raw.casefold()) or context.by_name.get(" ".join(raw.split()).casefold(), [])
        if len(named) > 1:
            raise ValueError(f"{len(named)} destinations go by “{raw}”; give the extension instead.")
        if not named:
            raise ValueError(f"“{raw}” is not an extension, e-mail or name in this project.")
        found = named[0]
    return Ring(found.id, f"{found.name} ({found.extension})" if found.extension else found.name)


def _caller_id(raw: str) -> str:
    if len(raw) > CALLER_ID_LENGTH:
        raise ValueError(f"at most {CALLER_ID_LENGTH} characters, spaces included ({len(raw)} here).")
    return raw


def preview_numbers(started: Import) -> Preview:
    """Each row checked and matched: a number the project has is updated; a new one fills a requested
    number of its site, kind and area code when staff import the carrier's numbers, else is added
    (ported when the row does not say; new when staff import it)."""
    table = table_of(started)
    creator = db.session.get(User, started.created_by_id) if started.created_by_id else None
    context = NumberContext(started.project, current_app.config["DEFAULT_COUNTRY"], bool(creator and creator.is_staff))
    rows = []
    for index, raw in enumerate(table.rows):
        values = apply_mapping(raw, started.column_mapping(), started.clear_blanks)
        checked = check_number_row(values, context)
        row = PreviewRow(table.line_of(index), checked.clean, checked.errors, [])
        if not values.get("e164"):
            row.errors.append("No number: enter the digits (new numbers you do not have yet are requested on "
                              "the numbers page).")
        elif not row.errors:
            _match(row, context)
        rows.append(row)
    mark_duplicates(rows, ("e164",), LABELS)
    return Preview(rows)


def _match(row: PreviewRow, context: NumberContext) -> None:
    existing = context.numbers.get(row.values["e164"]) or _requested_match(row.values, context)
    if existing is not None:
        row.target = existing
        row.action, row.reason = ("update", "") if _changes(existing, row.values) else ("skip", "no change")
        if existing.e164 is None:
            place = existing.site.name if existing.site else "the project"
            row.warnings.append(f"Gives its digits to a number requested for {place} (area code "
                                f"{existing.requested_area_code}).")
        return
    row.values.setdefault("source", NumberSource.NEW if context.staff else NumberSource.PORTED)
    if "rings" not in row.values:
        row.warnings.append("Rings nothing yet: choose where it rings on the numbers page, or add a Rings column.")


def _requested_match(clean: dict, context: NumberContext) -> PhoneNumber | None:
    """The first requested number (staff importing what the carrier assigned) of the row's site and
    kind whose area code the number has; each is given digits once."""
    national = str(phonenumbers.parse(clean["e164"]).national_number)
    for number in context.requested:
        if (("site" not in clean or clean["site"] is None or number.site_id == clean["site"].id)
                and clean.get("kind", number.kind) == number.kind
                and national.startswith(number.requested_area_code or "")):
            context.requested.remove(number)
            return number
    return None


def _changes(number: PhoneNumber, clean: dict) -> dict:
    return {key: value for key, value in _columns(clean).items() if getattr(number, key) != value}


def _columns(clean: dict) -> dict:
    """A row's clean values as the number's columns."""
    columns = {key: clean[key] for key in ("e164", "kind", "source", "caller_id_name") if key in clean}
    if "site" in clean:
        columns["site_id"] = clean["site"].id if clean["site"] else None
    if "rings" in clean:
        columns["destination_id"] = clean["rings"].id if clean["rings"] else None
    return columns


def write_numbers(project: Project, additions: list[PreviewRow], updates: list[tuple[PreviewRow, int]]) -> list:
    """The additions in one INSERT, the updates through the versioned bulk writer; each row's refusal
    (a number another person added meanwhile, a number changed meanwhile) or None."""
    taken = set(db.session.scalars(select(PhoneNumber.e164).where(PhoneNumber.project_id == project.id,
                                                                  PhoneNumber.e164.is_not(None))))
    refusals, new_rows = [], []
    for row in additions:
        refusals.append(f"{format_phone(row.values['e164'])} was added by someone else meanwhile."
                        if row.values["e164"] in taken else None)
        if refusals[-1] is None:
            taken.add(row.values["e164"])
            new_rows.append({"project_id": project.id, "status": NumberStatus.ASSIGNED, "kind": NumberKind.DIRECT,
                             "source": NumberSource.PORTED, **_columns(row.values)})
    if new_rows:
        db.session.execute(insert(PhoneNumber), uniform_rows(PhoneNumber.__table__, new_rows))
    result = bulk_update_versioned(PhoneNumber, [RowChange(row.target.id, version, _update_columns(row))
                                                 for row, version in updates])
    stale = {conflict.record.id for conflict in result.conflicts}
    refusals += ["This number was changed by someone else meanwhile; check the rows again."
                 if row.target.id in stale else None for row, _ in updates]
    from portal.porting.signing import numbers_changed  # porting reads this module's numbers
    numbers_changed([row.target.id for row, _ in updates if row.target.id not in stale])
    if new_rows or result.updated:
        audit.record("number.imported", project, note=f"{len(new_rows)} added, {len(result.updated)} updated")
    return refusals


def _update_columns(row: PreviewRow) -> dict:
    """A requested number given its digits is assigned from then on."""
    columns = _columns(row.values)
    return {**columns, "status": NumberStatus.ASSIGNED} if row.target.e164 is None else columns


def _describe(row: PreviewRow) -> str:
    ring = row.values.get("rings")
    return ", ".join(filter(None, (format_phone(row.values["e164"]) if row.values.get("e164") else "",
                                   f"rings {ring.label}" if ring else "")))


NUMBERS = ImportKind(
    key="numbers", noun="phone numbers", one="number", fields=NUMBER_IMPORT_FIELDS, preview=preview_numbers,
    write=write_numbers, changed=worksheet_changed,
    home=lambda project: (url_for("questionnaire.numbers", project_id=project.id), "the numbers"),
    lead="Paste or upload the numbers you have, one per row, with a header row: Number, and as you like Site, "
         "Kind (Main, Direct, Fax, Toll-free), New or ported (ported when left out), Rings (an extension, a "
         "person's e-mail or a name) and Caller-ID name (at most 15 characters). A number already in the "
         "project is updated.",
    blanks_help="For numbers already in the project. Left unticked, an empty cell leaves what the number has; "
                "ticked, it erases it (its site, where it rings, its caller-ID name). The number itself, its kind "
                "and whether it is ported are never cleared.",
    describe=_describe)
