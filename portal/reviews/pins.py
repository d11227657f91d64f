"""Open discrepancies shown beside the exact field they point at (issue 21), in every form the editing
machinery binds to a record: the Editor keeps the record on its form (`form.pinned_record`), and the
one form-macro file asks `pinned(form)` what to show at the top of the form and beside each field.

A record type says which address it is (`seat:12`, `node:45`, `section:5`) through
`register_addressed`; a discrepancy at `<that>/<rest>` is shown beside the field `field_id` names,
or at the top of the form when the form has no such field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin

from flask import g, request, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from forms.callflows import KEY_FIELDS
from portal.core.registry import register
from portal.extensions import db
from portal.models.reviews import Discrepancy, DiscrepancyStatus, ReviewPackage
from portal.questionnaire.sections import sections
from portal.reviews.addresses import Address, parse

# a record's type -> (its address, its project's id; None for a site, which the organization's projects
# share), or None when it has no address of its own
ADDRESSED: dict[type, Callable[[object], tuple[str, int | None] | None]] = {}
NODE_FIELDS = {"greeting": "greeting_text", "name": "name"}  # a step's answers that are not exits


def register_addressed(model: type, address_of: Callable[[object], tuple[str, int | None] | None]) -> None:
    register(ADDRESSED, model, address_of, "addressed record")


@dataclass
class Pins:
    address: str
    whole: list[Discrepancy] = field(default_factory=list)  # about the record, or a field the form lacks
    by_field: dict[str, list[Discrepancy]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.whole or self.by_field)


def field_id(parsed: Address) -> str:
    """The id of the field an address's rest is edited in: a phone key's function (`key_3_function`),
    a menu key's (`key_1`), a call-flow exit's (`open_destination_id`), else the column's own name."""
    rest = parsed.rest
    if rest.startswith("key:"):
        return f"key_{rest[4:]}_function" if parsed.kind == "seat" else KEY_FIELDS.get(rest[4:], "")
    if parsed.kind == "node":
        return NODE_FIELDS.get(rest, f"{rest}_destination_id")
    return rest


def pinned(form) -> Pins | None:
    """What the form shows of the open discrepancies of its record's project, or None."""
    record = getattr(form, "pinned_record", None)
    found = ADDRESSED.get(type(record)) if record is not None else None
    addressed = found(record) if found is not None else None
    if addressed is None:
        return None
    address, project_id = addressed
    pins = Pins(address)
    for item in open_of(project_id) if project_id is not None else _open_at(address):
        if item.address == address or item.address.startswith(address + "/"):
            name = field_id(parse(item.address)) if item.address != address else ""
            if name and name in form:
                pins.by_field.setdefault(name, []).append(item)
            else:
                pins.whole.append(item)
    return pins or None


def open_of(project_id: int) -> list[Discrepancy]:
    """The project's open discrepancies (one query per request, whatever the number of forms)."""
    cache = g.setdefault("open_discrepancies", {})
    if project_id not in cache:
        cache[project_id] = _open(select(Discrepancy).join(ReviewPackage, ReviewPackage.id == Discrepancy.package_id)
                                  .where(ReviewPackage.project_id == project_id))
    return cache[project_id]


def _open_at(address: str) -> list[Discrepancy]:
    """The open discrepancies on a thing every project of its organization shares (a site), in any of
    their packages."""
    return _open(select(Discrepancy).where(or_(Discrepancy.address == address,
                                               Discrepancy.address.startswith(address + "/", autoescape=True))))


def _open(query) -> list[Discrepancy]:
    return list(db.session.scalars(query.where(Discrepancy.status == DiscrepancyStatus.OPEN).options(
        selectinload(Discrepancy.raised_in), selectinload(Discrepancy.raised_by),
        selectinload(Discrepancy.package)).order_by(Discrepancy.id)))


def pinned_at(project_id: int, address: str) -> list[Discrepancy]:
    """The open discrepancies at `address` or inside it (a node's, in the call flows' outline)."""
    return [item for item in open_of(project_id) if item.address == address or item.address.startswith(address + "/")]


def fix_url(project, address: str, external: bool = True) -> str:
    """The page and field where the thing at `address` is changed today (for a link in an e-mail,
    external)."""
    parsed = parse(address)
    if parsed is None:
        return url_for("reviews.index", project_id=project.id, _external=external)
    anchor = f"#{field_id(parsed)}" if parsed.rest else ""
    if parsed.kind == "section":
        page = _section_page(project, parsed.key)
        return (urljoin(request.host_url, page) if external else page) + anchor
    endpoint, arguments = _page_of(project, parsed)
    return url_for(endpoint, **arguments, _external=external) + anchor


def _page_of(project, parsed: Address) -> tuple[str, dict]:
    key = parsed.key
    if parsed.kind == "seat" and parsed.rest.startswith("key:"):
        return "questionnaire.seat_keys", {"project_id": project.id, "seat_id": key}
    return {"seat": ("worksheet.edit", {"seat_id": key}),
            "number": ("questionnaire.number", {"project_id": project.id, "number_id": key}),
            "node": ("callflows.node", {"project_id": project.id, "destination_id": key}),
            "port_request": ("porting.request", {"project_id": project.id, "port_request_id": key}),
            "site": ("sites.edit", {"site_id": key}),
            "project": ("reviews.index", {"project_id": project.id})}[parsed.kind]


def _section_page(project, number: int) -> str:
    section = next((item for item in sections() if item.number == number), None)
    return section.url_of(project) if section else url_for("questionnaire.index", project_id=project.id)
