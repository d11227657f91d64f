"""The questionnaire as a snapshot holds it (issue 20): the section templates of the questionnaire's PDF
and of a review round's package read these views, built from a snapshot's parts (portal.core.snapshots)
and never from the live rows, so a round's package shows what was submitted. A view has the
attributes the templates read: enums revived for their titles, times for the hours, names of the
destinations, sites and phone models a row points at."""
from __future__ import annotations

from datetime import time
from types import SimpleNamespace

from portal.models.questionnaire import KeyFunction
from portal.models.telephony import (
    CallerIdPresentation,
    DestinationKind,
    MemberRole,
    NumberKind,
    NumberSource,
    NumberStatus,
    OutboundPermission,
    QueueRouting,
    RecordingMode,
    RingStrategy,
    Seat,
)

ENUMS = {"kind": None, "source": NumberSource, "status": NumberStatus, "recording_mode": RecordingMode,
         "outbound_permission": OutboundPermission, "caller_id": CallerIdPresentation, "routing": QueueRouting,
         "strategy": RingStrategy, "role": MemberRole}


class Frozen:
    """A snapshot's parts with the lookups the section views need."""

    def __init__(self, parts: dict):
        self.parts = parts
        self.sites = {site["id"]: _site(site) for site in parts["sites"]}
        self.destinations = {row["id"]: _destination(row) for row in parts["call_flows"]["destinations"]}
        self.models = {model["id"]: _model(model) for model in parts.get("phone_models", [])}
        self.seats = {row["id"]: self._seat(row) for row in parts["seats"]}

    def answers(self, table: str) -> SimpleNamespace | None:
        rows = self.parts["questionnaire"].get(table) or []
        return SimpleNamespace(**rows[0]) if rows else None

    def _seat(self, row: dict) -> SimpleNamespace:
        destination = self.destinations.get(row["destination_id"])
        return SimpleNamespace(**{**row, **_revived(row, {"kind": None})}, label=Seat.label_of(row),
                               extension=destination.extension if destination else None,
                               phone_model=self.models.get(row.get("phone_model_id")),
                               site=self.sites.get(row.get("site_id")))

    def numbers(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(**{**row, **_revived(row, {"kind": NumberKind})}, site=self.sites.get(row["site_id"]),
                                destination=self.destinations.get(row["destination_id"]))
                for row in sorted(self.parts["numbers"], key=lambda row: (row["e164"] is None, row["e164"] or "",
                                                                          row["id"]))]

    def seats_by_extension(self) -> list[SimpleNamespace]:
        return sorted(self.seats.values(), key=lambda seat: (seat.extension is None, seat.extension or "", seat.id))


def _revived(row: dict, overrides: dict) -> dict:
    """The row's enum columns as their enums (for `.title`)."""
    kinds = {**ENUMS, **overrides}
    return {name: kinds[name](value) for name, value in row.items() if kinds.get(name) and value is not None}


def _site(row: dict) -> SimpleNamespace:
    hours = [SimpleNamespace(weekday=hour["weekday"], starts=time.fromisoformat(hour["starts"]),
                             ends=time.fromisoformat(hour["ends"])) for hour in row.get("hours", [])]
    region = " ".join(part for part in (row["state"], row["postal_code"]) if part)
    street = f"{row['street']}, {row['suite']}" if row["suite"] else row["street"]
    return SimpleNamespace(**{**row, "hours": hours}, has_hours=bool(hours),
                           address_lines=[street, f"{row['city']}, {region}".strip(", "), row["country"]])


def _destination(row: dict) -> SimpleNamespace:
    return SimpleNamespace(**{**row, "kind": DestinationKind(row["kind"])})


def _model(row: dict) -> SimpleNamespace:
    return SimpleNamespace(**row, title=f"{row['vendor']} {row['model']}")


def key_of(data: dict) -> SimpleNamespace:
    return SimpleNamespace(**{**data, "function": KeyFunction(data["function"])})


# Each section's part of the PDF, from the snapshot (Section.pdf_context).

def dial_plan(frozen: Frozen) -> dict:
    return {"dial_plan": frozen.answers("dial_plans"), "sites": list(frozen.sites.values())}


def extensions(frozen: Frozen) -> dict:
    return {"seats": frozen.seats_by_extension()}


def numbers(frozen: Frozen) -> dict:
    return {"numbers": frozen.numbers()}


def keys(frozen: Frozen) -> dict:
    """Each phone model the seats use, how many, and its default layout (the keys as stored)."""
    from portal.questionnaire.keys import effective_keys
    layouts = frozen.parts["key_layouts"]
    counts: dict[int, int] = {}
    for seat in frozen.seats.values():
        if seat.phone_model is not None:
            counts[seat.phone_model.id] = counts.get(seat.phone_model.id, 0) + 1
    return {"models": [(frozen.models[model_id], count, effective_keys(frozen.models[model_id].keys,
                                                                      layouts["defaults"].get(str(model_id))))
                       for model_id, count in sorted(counts.items(), key=lambda item: frozen.models[item[0]].title)],
            "changed_seats": layouts["own_layouts"]}


def calling(frozen: Frozen) -> dict:
    """Each number with where it rings while open and while closed (through its time condition)."""
    schedules = {row["destination_id"]: row for row in frozen.parts["call_flows"]["time_conditions"]}
    destination = frozen.destinations.get
    inbound = []
    for number in frozen.numbers():
        if number.e164 is None:
            continue
        schedule = schedules.get(number.destination_id)
        inbound.append(SimpleNamespace(
            number=number, schedule=schedule,
            open_destination=destination(schedule["open_destination_id"]) if schedule else number.destination,
            closed_destination=destination(schedule["closed_destination_id"]) if schedule else number.destination))
    return {"inbound": inbound, "policy": frozen.answers("calling_policies") or SimpleNamespace(
        block_international=False, block_premium=True, block_directory=False, extension_dialing_between_sites=True,
        emergency_email=None, emergency_number=None)}


def recording(frozen: Frozen) -> dict:
    policy = frozen.answers("recording_policies") or SimpleNamespace(retention_days=None, announcement=None,
                                                                      listeners=[])
    seats = _counted(RecordingMode(seat.recording_mode) for seat in frozen.seats.values())
    queues = _counted(RecordingMode(row["recording_mode"]) for row in frozen.parts["call_groups"]["call_queues"])
    listeners = [frozen.seats[int(seat_id)].label for seat_id in policy.listeners or [] if int(seat_id) in frozen.seats]
    return {"policy": policy, "recorded": SimpleNamespace(seats=seats, queues=queues), "listeners": listeners,
            "modes": list(RecordingMode)}


def _counted(modes) -> dict:
    found: dict[RecordingMode, int] = {}
    for mode in modes:
        found[mode] = found.get(mode, 0) + 1
    return found


def call_center(frozen: Frozen) -> dict:
    """The queues, groups and boxes with where their calls go on and their seats by role."""
    from portal.questionnaire.call_center import BOX, GROUP, QUEUE
    groups, members = frozen.parts["call_groups"], frozen.parts["call_groups"]["members"]
    tables = {QUEUE.key: "call_queues", GROUP.key: "ring_groups", BOX.key: "voicemail_boxes"}
    return {"kinds": [(kind, sorted((_group(frozen, row, members) for row in groups[tables[kind.key]]),
                                    key=lambda item: (item.extension is None, item.extension or "", item.name)))
                      for kind in (QUEUE, GROUP, BOX)]}


def _group(frozen: Frozen, row: dict, members: list[dict]) -> SimpleNamespace:
    destination = frozen.destinations.get(row["destination_id"])
    mine = [member for member in members if member["destination_id"] == row["destination_id"]]

    def members_in(role: MemberRole) -> list[SimpleNamespace]:
        chosen = sorted((member for member in mine if member["role"] == role.value), key=lambda item: item["position"])
        return [SimpleNamespace(seat=frozen.seats[member["seat_id"]]) for member in chosen
                if member["seat_id"] in frozen.seats]
    exits = {name.removesuffix("_id"): frozen.destinations.get(row.get(name)) for name in
             ("overflow_destination_id", "timeout_destination_id", "no_answer_destination_id")}
    return SimpleNamespace(**{**row, **_revived(row, {}), **exits}, members_in=members_in,
                           name=destination.name if destination else "", extension=destination.extension
                           if destination else None)


def other(frozen: Frozen) -> dict:
    return {"requirements": frozen.answers("questionnaire_other_requirements"),
            "attachments": [SimpleNamespace(**item, stored_file=SimpleNamespace(original_name=item["original_name"],
                                                                                size=item["size"]))
                            for item in frozen.parts["questionnaire"].get("attachments", [])]}
