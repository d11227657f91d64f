"""Addresses of the things in a review round (issue 21), the scheme the findings, the diff and the
discrepancies share:

    seat:12            a seat         seat:12/job_title, seat:12/direct_number, seat:12/key:3
    number:7           a number       number:7/caller_id_name
    node:45            a call-flow step   node:45/key:2, node:45/open, node:45/greeting
    section:5          a questionnaire section   section:5/emergency_email
    port_request:3     a port request     port_request:3/btn
    site:2             a site             site:2/hours
    project:1          the package as a whole

Rows keep their ids across rounds, so an address means the same thing in round N and N+1. `things`
reads every addressable thing of a round from its snapshot; `describe` names one, or says (None) it
is not in that round any more.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from portal.core.phones import format_phone
from portal.questionnaire.sections import sections

KINDS = ("seat", "number", "node", "section", "port_request", "site", "project")
PATTERN = re.compile(r"^(?P<kind>[a-z_]+):(?P<key>\d{1,9})(?:/(?P<rest>[a-z0-9_]{1,60}(?::[0-9a-z_*#]{1,20})?))?$")
HIDDEN = frozenset({"id", "project_id", "organization_id", "destination_id", "search_text", "sort_name", "updated_at",
                    "updated_by_id", "created_at", "documents", "signatures", "numbers", "port_request_id",
                    "voicemail_pin_problem", "site_id", "seat_type_id", "phone_model_id", "hours"})
SECTIONS = {"dial_plans": 1, "calling_policies": 5, "recording_policies": 6, "questionnaire_other_requirements": 8}


@dataclass(frozen=True)
class Address:
    kind: str
    key: int
    rest: str = ""

    @property
    def thing(self) -> str:
        return f"{self.kind}:{self.key}"

    def __str__(self) -> str:
        return self.thing + (f"/{self.rest}" if self.rest else "")


def parse(text: str | None) -> Address | None:
    """The address written as `kind:id[/field]`, or None when it is not one."""
    found = PATTERN.match((text or "").strip())
    if found is None or found["kind"] not in KINDS:
        return None
    return Address(found["kind"], int(found["key"]), found["rest"] or "")


def related(one: str, other: str) -> bool:
    """The same thing, or one inside the other (`seat:12` holds `seat:12/job_title`)."""
    return one == other or one.startswith(other + "/") or other.startswith(one + "/")


@dataclass(frozen=True)
class Thing:
    address: str
    part: str  # Seats, Numbers, Call flows, Answers, Port requests, Sites
    label: str
    fields: tuple[tuple[str, str], ...]  # (address, what it is called)


def things(parts: dict) -> dict[str, Thing]:
    """Every addressable thing of a round's snapshot, by its address, in the order people read them."""
    found = [Thing("project:%s" % parts["project"]["id"], "The package", "The package as a whole", ())]
    found += [Thing(f"site:{site['id']}", "Sites", site["name"], _fields(f"site:{site['id']}", site) +
                    ((f"site:{site['id']}/hours", "hours"),)) for site in parts["sites"]]
    keys = {layout["seat_id"]: layout["keys"] for layout in parts["key_layouts"]["seats"]}
    found += [Thing(f"seat:{seat['id']}", "Seats", seat_label(seat), _fields(f"seat:{seat['id']}", seat) + tuple(
        (f"seat:{seat['id']}/key:{key['position']}", f"key {key['position']}") for key in keys.get(seat["id"], ())))
        for seat in routed_seats(parts)]
    found += [Thing(f"number:{number['id']}", "Numbers", number_label(number),
                    _fields(f"number:{number['id']}", number)) for number in parts["numbers"]]
    found += [Thing(f"node:{node['id']}", "Call flows", node["name"], _node_fields(node))
              for node in parts["call_flows"]["graph"]["nodes"] if node["kind"] != "seat"]
    found += [_section(table, number, rows[0]) for table, number in SECTIONS.items()
              if (rows := parts["questionnaire"].get(table))]
    found += [Thing(f"port_request:{item['id']}", "Port requests", f"Port request, account {item['account_number']}",
                    _fields(f"port_request:{item['id']}", item)) for item in parts["porting"]]
    return {thing.address: thing for thing in found}


def by_part(parts: dict) -> list[tuple[str, list[Thing]]]:
    """The round's things grouped by part, in reading order (the package, sites, seats, numbers...)."""
    return [(part, list(items)) for part, items in groupby(things(parts).values(), key=lambda thing: thing.part)]


def describe(parts: dict | None, address: str, known: dict[str, Thing] | None = None) -> str | None:
    """What the address names in the round ("Maria Lopez: direct number"), or None when the round has
    no such thing (it was removed)."""
    parsed = parse(address)
    if parsed is None or (parts is None and known is None):
        return None
    thing = (known if known is not None else things(parts)).get(parsed.thing)
    if thing is None:
        return None
    if not parsed.rest:
        return thing.label
    name = next((label for field_address, label in thing.fields if field_address == address), None)
    return None if name is None else f"{thing.label}: {name}"


def routed_seats(parts: dict) -> list[dict]:
    """The seats with what the worksheet shows beside their columns: the extension (their call-flow
    destination's) and the direct number routed to them."""
    extensions = {item["id"]: item["extension"] for item in parts["call_flows"]["destinations"]}
    direct: dict[int, str] = {}
    for number in sorted(parts["numbers"], key=lambda item: item["id"]):
        if number["kind"] == "direct" and number["e164"] and number["destination_id"] is not None:
            direct.setdefault(number["destination_id"], number["e164"])
    return [{**seat, "extension": extensions.get(seat.get("destination_id")), "direct_number": direct.get(
        seat.get("destination_id"))} for seat in parts["seats"]]


def seat_label(row: dict) -> str:
    person = " ".join(part for part in (row.get("first_name"), row.get("last_name")) if part)
    return row.get("display_name") or person or row.get("device_label") or f"Seat {row['id']}"


def number_label(row: dict) -> str:
    return format_phone(row["e164"]) if row.get("e164") else f"A requested number ({row.get('requested_area_code')})"


def _fields(prefix: str, row: dict) -> tuple[tuple[str, str], ...]:
    return tuple((f"{prefix}/{name}", name.replace("_", " ")) for name in sorted(row)
                 if name not in HIDDEN and not name.endswith("_set"))


def _node_fields(node: dict) -> tuple[tuple[str, str], ...]:
    prefix = f"node:{node['id']}"
    named = ((f"{prefix}/name", "name"),) + (((f"{prefix}/greeting", "greeting"),) if node.get("greeting") else ())
    return named + tuple((f"{prefix}/{edge['label']}", exit_label(edge["label"])) for edge in node["edges"])


EXITS = {"invalid": "after a key not set", "no_input": "when nothing is pressed", "open": "while open",
         "closed": "while closed", "holiday": "on holidays", "next": "then", "no_answer": "when nobody answers",
         "overflow": "on overflow", "timeout": "after the longest wait"}


def exit_label(label: str) -> str:
    """An exit in words: `key:1` is "key 1", `no_input` "when nothing is pressed"."""
    return f"key {label[4:]}" if label.startswith("key:") else EXITS.get(label, label.replace("_", " "))


def _section(table: str, number: int, row: dict) -> Thing:
    title = next((section.title for section in sections() if section.number == number), "")
    return Thing(f"section:{number}", "Answers", f"Section {number}: {title}".rstrip(": "),
                 _fields(f"section:{number}", row))
