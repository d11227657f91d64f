"""The worksheet's use of the import pipeline: checking each row, matching it to a seat, previewing.

Matching uses the portal's seat id first (present in its own exports), then the e-mail, then the
extension; a row that matches two different seats is a blocking error, never a guess. An E911
address that is the seat's site's is not copied onto the seat; a direct number the project does not
have yet is the customer's own (ported) unless the person says the file's numbers are new.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from portal.core.addresses import US_STATE, US_ZIP, Address, state_code
from portal.core.importing import (
    NEW,
    Change,
    Preview,
    PreviewRow,
    apply_mapping,
    enum_cell,
    mark_duplicates,
    value_key,
)
from portal.core.phones import e164_of, format_phone
from portal.core.tabular import Table
from portal.models.telephony import (
    NumberSource,
    OutboundPermission,
    PhoneModel,
    RecordingMode,
    Seat,
    SeatType,
    Site,
)
from portal.worksheet.export import LABELS

FEATURE_FIELDS = ("call_forwarding", "simultaneous_ring", "call_waiting", "do_not_disturb", "intercom", "paging",
                  "call_park")  # the questionnaire's (section 2): pasted and imported with the same pipeline
BOOLEAN_FIELDS = ("voicemail_enabled", "voicemail_to_email", "fax_to_email", "softphone", "teams_calling",
                  *FEATURE_FIELDS)
TRUE, FALSE = {"yes", "y", "true", "1", "x", "on"}, {"no", "n", "false", "0", "", "off"}
UNIQUE_KEYS = ("email", "extension", "direct_number")
ADDRESS = ("e911_street", "e911_city", "e911_state", "e911_postal_code", "e911_country")  # a seat's own E911
PHONES = ("direct_number", "mobile")
PARSED = 20_000  # e-mails and numbers parsed lately, kept so the commit's re-check does not parse them again


class Context:
    """What rows are checked against: the project's seats, sites, seat types, phone models, country."""

    def __init__(self, seats: list[Seat], sites, seat_types, phone_models, country: str, domains: set[str],
                 numbers: set[str] | None = None, matched: dict[str, dict] | None = None):
        self.seats_by_id = {seat.id: seat for seat in seats}
        self.by_email = {seat.email.casefold(): seat for seat in seats if seat.email}
        self.by_extension = {seat.extension: seat for seat in seats if seat.extension}
        self.by_number = {seat.direct_number: seat for seat in seats if seat.direct_number}
        self.numbers = set(self.by_number) if numbers is None else numbers  # every number the project has
        self.sites = {value_key(site.name): site for site in sites}
        self.seat_types = {value_key(key): kind for kind in seat_types for key in (kind.name, kind.key)}
        self.phone_models = phone_model_names(list(phone_models))
        self.country, self.domains = country, domains
        self.matched = matched or {}  # {field: {value key: the record the person matched it to, or NEW}}

    def named(self, field: str, raw: str, known: dict):
        """The record a cell names exactly, else the one the person matched its value to (or NEW);
        None when it was not matched."""
        key = value_key(raw)
        return known.get(key) or self.matched.get(field, {}).get(key)


def phone_model_names(phone_models: list[PhoneModel]) -> dict[str, PhoneModel]:
    """How a spreadsheet may name a catalog model: vendor and model, or the model alone when no other
    vendor has a model of that name (any letter case)."""
    bare: dict[str, list[PhoneModel]] = {}
    for model in phone_models:
        bare.setdefault(model.model.casefold(), []).append(model)
    return {name: models[0] for name, models in bare.items() if len(models) == 1} | {
        model.title.casefold(): model for model in phone_models}


MAX_LENGTHS = {"first_name": 100, "last_name": 100, "display_name": 100, "job_title": 200, "department": 200,
               "e911_street": 200, "e911_suite": 100, "e911_city": 100, "e911_state": 100, "e911_postal_code": 20,
               "phone_model": 120, "notes": 2000}
FIRST = ("seat_id", "email", "extension", "site", "e911_country")  # what matching and the country need
REQUIRED = ("seat_id", "seat_type", "outbound_permission")  # an empty cell never clears these


@dataclass
class CheckedRow:
    clean: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seat: Seat | None = None
    ambiguity: str | None = None  # the row names two different seats


def check_row(values: dict, context: Context) -> CheckedRow:
    """Clean values (typed, normalized; None where an empty cell clears a field), the seat the row
    matches, and the row's blocking errors and warnings."""
    row = CheckedRow()
    for key, limit in MAX_LENGTHS.items():
        if len(values.get(key, "")) > limit:
            row.errors.append(f"{LABELS.get(key, key)}: at most {limit} characters ({len(values.pop(key))} here).")
    for key in REQUIRED:
        if values.get(key) == "":
            del values[key]
    _convert_all(row, {key: values[key] for key in FIRST if values.get(key)}, context, context.country)
    row.seat, row.ambiguity = match(row.clean, context)
    rest = {key: raw for key, raw in values.items()
            if (key not in FIRST and raw) or (not raw and row.seat is not None)}
    _convert_all(row, rest, context, _country(row.clean, row.seat, context))  # empty cells clear only a seat's
    _settle_address(row)
    return row


def _settle_address(row: CheckedRow) -> None:
    """An E911 address that is the site's (the row's, else the seat's) is not the seat's own: it gets
    none (every E911 field empty), and follows its site. Another address is the seat's own."""
    clean, suite = row.clean, row.clean.pop("e911_suite", None)
    if not (suite or any(clean.get(key) for key in ADDRESS)):
        return  # no address in the row, or empty cells that clear it
    site = clean["site"] if "site" in clean else getattr(row.seat, "site", None)
    given = Address(suite=suite, **{key.removeprefix("e911_"): clean.get(key) for key in ADDRESS})
    if site is not None and given.is_at(Address.of(site)):
        clean.update(dict.fromkeys(ADDRESS))
    else:
        _own_address(row, suite, site)


def _own_address(row: CheckedRow, suite: str | None, site: Site | None) -> None:
    """The seat's own E911 address, its suite on the street line (a seat has no suite column)."""
    if suite:
        row.clean["e911_street"] = ", ".join(filter(None, (row.clean.get("e911_street"), suite)))
        if len(row.clean["e911_street"]) > MAX_LENGTHS["e911_street"]:
            row.errors.append(f"{LABELS['e911_street']} and suite: at most {MAX_LENGTHS['e911_street']} characters.")
    if site is not None and row.seat is None:
        row.warnings.append(f"Not the address of {site.name} ({', '.join(site.address_lines)}): it becomes this "
                            f"seat's own E911 address.")


class Reading(NamedTuple):
    """What a cell is read with: the project's data, the row's warnings, the country of its numbers."""

    context: Context
    warnings: list[str]
    country: str


def _convert_all(row: CheckedRow, values: dict, context: Context, country: str) -> None:
    reading = Reading(context, row.warnings, country)
    for key, raw in values.items():
        convert = CONVERTERS.get(key)
        try:
            row.clean[key] = (convert(raw, reading) if convert else raw) if raw else _blank(key)
        except ValueError as error:
            row.errors.append(f"{LABELS.get(key, key)}: {error}")


def _blank(key: str):
    """What an empty cell sets when the person chose that empty cells clear fields."""
    if key in BOOLEAN_FIELDS:
        return False
    return RecordingMode.NONE if key == "recording_mode" else None


def _has_name(clean: dict) -> bool:
    return bool(clean.get("first_name") or clean.get("last_name") or clean.get("display_name"))


def _country(clean: dict, seat: Seat | None, context: Context) -> str:
    """Numbers and addresses are read in the row's E911 country, else its site's, else those of the
    seat it updates, else the default country."""
    if clean.get("e911_country"):
        return clean["e911_country"]
    site = clean["site"] if "site" in clean else getattr(seat, "site", None)
    if site is not None and site.country:
        return site.country
    return (seat.e911_country if seat is not None and seat.e911_country else None) or context.country


def _email(raw: str, reading: Reading) -> str:
    email = _normalized_email(raw)
    domain = email.rsplit("@", 1)[1].casefold()
    domains = reading.context.domains
    if domains and domain not in domains:
        reading.warnings.append(f"{email} is not at your organization's domain ({', '.join(sorted(domains))}).")
    return email


@lru_cache(maxsize=PARSED)
def _normalized_email(raw: str) -> str:
    try:
        return validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"“{raw}” is not an e-mail address ({error}).") from error


def _extension(raw: str, reading: Reading) -> str:
    if not (raw.isdecimal() and 2 <= len(raw) <= 6):
        raise ValueError(f"“{raw}” is not 2 to 6 digits.")
    return raw


def _phone(raw: str, reading: Reading) -> str:
    return e164_of(raw, reading.country)


def _country_code(raw: str, reading: Reading | None = None) -> str:
    code = COUNTRY_NAMES.get(raw.casefold(), raw.upper())
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"“{raw}” is not a two-letter country code, like US or CA.")
    return code


COUNTRY_NAMES = {"united states": "US", "united states of america": "US", "usa": "US", "canada": "CA",
                 "united kingdom": "GB", "mexico": "MX"}


MATCH_IT = "match it to one under “Change the columns”"


def _seat_type(raw: str, reading: Reading) -> SeatType:
    kind = reading.context.named("seat_type", raw, reading.context.seat_types)
    if kind is None:
        names = ", ".join(sorted({known.name for known in reading.context.seat_types.values()}))
        raise ValueError(f"“{raw}” is not a user type; {MATCH_IT}, or use one of {names}.")
    return kind


def _site(raw: str, reading: Reading) -> Site:
    site = reading.context.named("site", raw, reading.context.sites)
    if site is NEW:
        raise ValueError(f"“{raw}” is to be a new site: add it (its link is above), then its rows are read with it.")
    if site is None:
        raise ValueError(f"there is no site named “{raw}”; {MATCH_IT} (or to a new site), or fix the name.")
    return site


def _state(raw: str, reading: Reading) -> str:
    """A US state by its code or its name ("California" is CA), as its code."""
    code = state_code(raw) if reading.country == "US" else raw.upper()
    if reading.country == "US" and not US_STATE.match(code):
        raise ValueError(f"“{raw}” is not a US state code.")
    return code


def _street(raw: str, reading: Reading | None = None) -> str:
    """A street cell of several lines (Outlook's) on one line."""
    return ", ".join(line.strip() for line in raw.splitlines() if line.strip())


def _zip(raw: str, reading: Reading) -> str:
    if reading.country == "US" and not US_ZIP.match(raw):
        raise ValueError(f"“{raw}” is not a ZIP code of 5 or 9 digits.")
    return raw


def _phone_model(raw: str, reading: Reading) -> ImportedModel:
    model = reading.context.phone_models.get(raw.casefold())
    if model is None:
        reading.warnings.append(f"The phone model “{raw}” is not in the catalog; it is kept to be matched later.")
    return ImportedModel(model, raw)


@dataclass(frozen=True)
class ImportedModel:
    """A phone-model cell: the catalog entry it names (or None) and the text as it was read."""

    model: PhoneModel | None
    raw: str

    @property
    def value(self) -> PhoneModel | str:
        """What it sets on a seat: the catalog entry, else the text."""
        return self.model or self.raw


SITE_ADDRESS = {"e911_street": "street", "e911_suite": "suite", "e911_city": "city", "e911_state": "state",
                "e911_postal_code": "postal_code", "e911_country": "country"}  # a row's address as a site's


def site_address(rows: list[dict], country: str) -> dict:
    """The address the rows of one site value give, as a new site's first values: each part the most
    common of its cells, a country as its code (else `country`), a US state as its code."""
    address = {}
    for key, part in SITE_ADDRESS.items():
        common = Counter(_street(values[key]) for values in rows if values.get(key)).most_common(1)
        if common:
            address[part] = common[0][0]
    try:
        address["country"] = _country_code(address.get("country") or country)
    except ValueError:
        address["country"] = country
    if address["country"] == "US" and address.get("state"):
        address["state"] = state_code(address["state"])
    return address


def _recording(raw: str, reading: Reading) -> RecordingMode:
    mode = enum_cell(raw, RecordingMode)
    if mode is None:
        raise ValueError(f"“{raw}” is not No recording, On demand or Always.")
    return mode


def _outbound(raw: str, reading: Reading) -> OutboundPermission:
    permission = enum_cell(raw, OutboundPermission)
    if permission is None:
        raise ValueError(f"“{raw}” is not Internal calls only, Local calls, Long distance or International.")
    return permission


def _seat_id(raw: str, reading: Reading) -> int:
    if not raw.isdecimal() or int(raw) not in reading.context.seats_by_id:
        raise ValueError(f"seat {raw} is not a seat of this project (keep the id only for seats exported from it).")
    return int(raw)


def _boolean(raw: str, reading: Reading | None = None) -> bool:
    value = raw.strip().casefold()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"“{raw}” is not Yes or No.")


CONVERTERS = {"email": _email, "extension": _extension, "seat_type": _seat_type, "site": _site,
              "phone_model": _phone_model, "recording_mode": _recording, "seat_id": _seat_id,
              "outbound_permission": _outbound,
              "e911_country": _country_code, "direct_number": _phone, "mobile": _phone, "e911_state": _state,
              "e911_street": _street, "e911_suite": _street,
              "e911_postal_code": _zip, **{key: _boolean for key in BOOLEAN_FIELDS}}


def match(clean: dict, context: Context) -> tuple[Seat | None, str | None]:
    """The seat a row updates (id, then e-mail, then extension), or an error when it is ambiguous."""
    candidates = [context.seats_by_id.get(clean.get("seat_id")),
                  context.by_email.get((clean.get("email") or "").casefold()),
                  context.by_extension.get(clean.get("extension"))]
    found = {seat.id: seat for seat in candidates if seat is not None}
    if len(found) > 1:
        names = " and ".join(seat.label for seat in found.values())
        return None, f"This row matches two different seats ({names}); fix the id, e-mail or extension."
    return next(iter(found.values()), None), None


def preview(table: Table, mapping: dict[int, str | None], context: Context, keep_blanks: bool = False,
            new_numbers: bool = False) -> Preview:
    """Every row checked and matched; `new_numbers`: the person said the file's numbers are new ones
    the provider gives, not the customer's own to port."""
    rows, claimed = [], {}  # seat id -> the line that updates it
    for index, raw in enumerate(table.rows):
        checked = check_row(apply_mapping(raw, mapping, keep_blanks), context)
        row = PreviewRow(table.line_of(index), checked.clean, checked.errors, checked.warnings)
        seat, clean = checked.seat, checked.clean
        rings = context.by_number.get(clean.get("direct_number"))
        if checked.ambiguity:
            row.errors.append(checked.ambiguity)
        elif seat is None and not _has_name(clean):
            row.errors.append("No name: a new person needs a name, a new device a display name.")
        elif _other_person(seat, clean):
            row.errors.append(f"Extension {clean['extension']} belongs to {seat.label} ({seat.email}), not to "
                              f"{clean['email']}: fix the extension, or the e-mail if it is the same person.")
        elif rings is not None and rings is not seat:
            row.errors.append(f"{clean['direct_number']} already rings {rings.label}.")
        elif seat is not None and seat.id in claimed:
            row.errors.append(f"The same seat ({seat.label}) as line {claimed[seat.id]}: keep one row per seat.")
        elif seat is not None:
            row.target, claimed[seat.id] = seat, row.line
            _compare(row, seat)
        if clean.get("direct_number") and clean["direct_number"] not in context.numbers:
            clean["number_source"] = NumberSource.NEW if new_numbers else NumberSource.PORTED
        rows.append(row)
    mark_duplicates(rows, UNIQUE_KEYS, LABELS)
    return Preview(rows)


def _other_person(seat: Seat | None, clean: dict) -> bool:
    """Matched only by extension, but the row names someone else by e-mail: never overwrite them."""
    return bool(seat is not None and clean.get("email") and seat.email and "seat_id" not in clean
                and seat.email.casefold() != clean["email"].casefold())


def _compare(row: PreviewRow, seat: Seat) -> None:
    """An update, with each field it changes shown old and new; or nothing to do."""
    changed = changes(seat, row.values)
    row.action, row.reason = ("update", "") if changed else ("skip", "no change")
    row.changes = [Change(LABELS[key], shown(key, old), shown(key, new))
                   for key, (old, new) in sorted(changed.items(), key=lambda item: list(LABELS).index(item[0]))]


def shown(key: str, value) -> str:
    """A field's value as a person reads it: a number in its national format, Yes or No, a site or a
    model by its name, a choice by its title."""
    value = value.value if isinstance(value, ImportedModel) else value
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        return format_phone(value) if key in PHONES else value
    return str(getattr(value, "title", None) or getattr(value, "name", value))


def changes(seat: Seat, clean: dict) -> dict[str, tuple]:
    """The row's values that differ from the seat's: {field: (the seat's, the row's)}."""
    current = {"first_name": seat.first_name, "last_name": seat.last_name, "email": seat.email,
               "extension": seat.extension, "direct_number": seat.direct_number, "mobile": seat.mobile,
               "job_title": seat.job_title, "department": seat.department, "seat_type": seat.seat_type,
               "site": seat.site, "display_name": seat.display_name or seat.device_label, "notes": seat.notes,
               "phone_model": seat.phone_model or seat.phone_model_raw, "recording_mode": seat.recording_mode,
               "outbound_permission": seat.outbound_permission,
               **{key: getattr(seat, key) for key in (*BOOLEAN_FIELDS, *ADDRESS)}}
    return {key: (current[key], value) for key, value in clean.items()
            if key in current and current[key] != (value.value if isinstance(value, ImportedModel) else value)}
