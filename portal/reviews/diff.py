"""What changed between two rounds (issue 21 begun), computed from their snapshots alone: part by
part, each thing added, removed or changed (old -> new), at the address the findings and discrepancies
share (`seat:12`, `seat:12/key:3`, `number:7`, `node:45`, `section:5/emergency_email`,
`port_request:3/btn`, `site:2`). Rows keep their ids across rounds, so an address means the same thing
in both."""
from __future__ import annotations

from dataclasses import dataclass, field

from portal.reviews.addresses import SECTIONS, related, routed_seats, seat_label

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NOISE = frozenset({"updated_at", "updated_by_id", "sort_name", "search_text", "created_at"})  # not answers


@dataclass(frozen=True)
class Change:
    kind: str  # added, removed, changed
    part: str  # what people call the part: Seats, Numbers, Keys, Call flows, Answers, Sites, Port requests
    address: str
    label: str
    fields: tuple[tuple[str, object, object], ...] = field(default_factory=tuple)  # (name, old, new) when changed

    @property
    def touched(self) -> tuple[str, ...]:
        """The addresses it changes: each changed field's, or the whole thing's when added or removed."""
        if self.kind == "changed" and self.fields and self.part != "Answers":
            return tuple(f"{self.address}/{name}" for name, _, _ in self.fields)
        return (self.address,)

    def answers(self, address: str) -> bool:
        """Whether this change touches what a discrepancy at `address` points at."""
        return any(related(touched, address) for touched in self.touched)


def diff(old: dict, new: dict) -> list[Change]:
    """Every change from the `old` round's parts to the `new` one's, part by part."""
    return [*_rows("Sites", "site", _sites(old), _sites(new), lambda row: row["name"]),
            *_rows("Seats", "seat", routed_seats(old), routed_seats(new), seat_label),
            *_rows("Numbers", "number", old["numbers"], new["numbers"],
                   lambda row: row["e164"] or "a requested number"),
            *_keys(old["key_layouts"]["seats"], new["key_layouts"]["seats"]),
            *_nodes(old["call_flows"]["graph"]["nodes"], new["call_flows"]["graph"]["nodes"]),
            *_answers(old["questionnaire"], new["questionnaire"]),
            *_rows("Port requests", "port_request", old["porting"], new["porting"],
                   lambda row: f"account {row['account_number']}", ("documents", "signatures"))]


def _sites(parts: dict) -> list[dict]:
    """The sites with their business hours as one answer ("mon 08:00-17:30, tue …"; `site:<id>/hours`)."""
    return [{**site, "hours": ", ".join(f"{hour['weekday']} {hour['starts'][:5]}-{hour['ends'][:5]}" for hour in sorted(
        site.get("hours") or [], key=lambda hour: (WEEKDAYS.index(hour["weekday"]), hour["starts"])))}
        for site in parts["sites"]]


def _rows(part: str, kind: str, old: list[dict], new: list[dict], label, skipped: tuple[str, ...] = ()) -> list[Change]:
    before, after = {row["id"]: row for row in old}, {row["id"]: row for row in new}
    changes = [Change("removed", part, f"{kind}:{key}", label(before[key]))
               for key in sorted(before.keys() - after.keys())]
    changes += [Change("added", part, f"{kind}:{key}", label(after[key]))
                for key in sorted(after.keys() - before.keys())]
    for key in sorted(before.keys() & after.keys()):
        fields = _fields(before[key], after[key], skipped)
        if fields:
            changes.append(Change("changed", part, f"{kind}:{key}", label(after[key]), fields))
    return changes


def _fields(old: dict, new: dict, skipped: tuple[str, ...] = ()) -> tuple[tuple[str, object, object], ...]:
    names = sorted((old.keys() | new.keys()) - NOISE - set(skipped))
    return tuple((name, old.get(name), new.get(name)) for name in names if old.get(name) != new.get(name))


def _keys(old: list[dict], new: list[dict]) -> list[Change]:
    """Each seat's effective keys, position by position (`seat:<id>/key:<k>`)."""
    def keyed(layouts):
        return {(layout["seat_id"], key["position"]): key for layout in layouts for key in layout["keys"]}
    before, after = keyed(old), keyed(new)
    changes = []
    for seat_id, position in sorted(before.keys() | after.keys()):
        was, now = before.get((seat_id, position)), after.get((seat_id, position))
        address, label = f"seat:{seat_id}/key:{position}", f"key {position}"
        if was is None or now is None:
            changes.append(Change("added" if was is None else "removed", "Keys", address, label))
        elif _fields(was, now, ("own",)):
            changes.append(Change("changed", "Keys", address, label, _fields(was, now, ("own",))))
    return changes


def _nodes(old: list[dict], new: list[dict]) -> list[Change]:
    """The call flows' steps (`node:<id>`): their names, greetings and where each exit goes (a field
    named as the exit's address: `key:1`, `open`); a seat's own step is the seat's (Seats shows it)."""
    def plain(node: dict) -> dict:
        return {**{name: value for name, value in node.items() if name != "edges"},
                **{edge["label"]: edge["target"] for edge in node["edges"]}}
    return _rows("Call flows", "node", [plain(node) for node in old if node["kind"] != "seat"],
                 [plain(node) for node in new if node["kind"] != "seat"], lambda node: node["name"])


def _answers(old: dict, new: dict) -> list[Change]:
    """The questionnaire's answers, one change per answer (`section:<n>/<column>`)."""
    changes = []
    for table, number in SECTIONS.items():
        was = (old.get(table) or [{}])[0]
        now = (new.get(table) or [{}])[0]
        for name, before, after in _fields(was, now, ("id", "project_id")):
            changes.append(Change("changed", "Answers", f"section:{number}/{name}", name.replace("_", " "),
                                  ((name, before, after),)))
    return changes
