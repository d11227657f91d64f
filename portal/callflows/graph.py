"""A project's call flows as plain data (issue 16): every Destination a number can lead to, as a
node with labelled edges, with no ORM object in it. The checks (`checks.py`) and the test call
(`calls.py`) read only this, so a frozen review round, stored as JSON (`as_json` / `from_json`), can
be checked and test-called later exactly as it was. `portal.callflows.description` builds it from
the rows.

Edge labels: `key:<k>` (an auto attendant's keys 0-9, * and #), `no_input`, `invalid` (an auto
attendant's after its repeats), `open`, `closed`, `holiday` (a time condition's branches), `next`
(an announcement), `overflow`, `timeout` (a queue), `no_answer` (a ring group), `voicemail` (a
seat's own box). A target of None leads nowhere.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date

# Where a call ends: a person or device answers (or its voicemail does), a box takes a message, an
# outside number takes it, or the call is hung up. Every other node sends the call on.
ENDS = frozenset({"seat", "voicemail", "external", "hang_up"})
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#")


@dataclass(frozen=True)
class Edge:
    label: str
    target: int | None


@dataclass(frozen=True)
class HourRange:
    """Open from `start` to `end`, in minutes after midnight (a range ends at or before 24:00)."""

    weekday: str
    start: int
    end: int


@dataclass(frozen=True)
class Holiday:
    """A named day or range of days. `repeats`: "once" (those dates), "yearly" (the same day and
    month each year) or "country" (the day the `holidays` package gives `country` for `name` that
    year: Thanksgiving moves)."""

    name: str
    starts: date
    ends: date
    repeats: str = "once"
    country: str | None = None


@dataclass(frozen=True)
class Node:
    """One Destination of the flow. `greeting` is the text read to callers (None for a recording or
    none); `hours` and `holidays` are a time condition's (its site's hours when it follows them)."""

    id: int
    kind: str
    name: str
    edges: tuple[Edge, ...] = ()
    extension: str | None = None
    greeting: str | None = None
    recording: bool = False  # the greeting is an uploaded recording (or is to be)
    recording_bytes: int = 0  # its size, once uploaded
    repeats: int = 0  # an auto attendant's retries before no input or an invalid key takes the call on
    hours: tuple[HourRange, ...] = ()
    time_zone: str | None = None
    holidays: tuple[Holiday, ...] = ()
    people: int = 0  # the agents or members who can answer (queues, groups)
    wait_seconds: int = 0  # how long a queue keeps a caller, or a group rings, before its exit
    voicemail: bool = False  # a seat's own voicemail takes unanswered calls

    def exits(self, label: str) -> int | None:
        return next((edge.target for edge in self.edges if edge.label == label), None)

    @property
    def keys(self) -> dict[str, int | None]:
        return {edge.label[4:]: edge.target for edge in self.edges if edge.label.startswith("key:")}


@dataclass(frozen=True)
class Graph:
    """Every node of a project's flows, and the node each number rings (E.164 -> node id)."""

    nodes: dict[int, Node] = field(default_factory=dict)
    entries: dict[str, int | None] = field(default_factory=dict)

    def node(self, node_id: int | None) -> Node | None:
        return self.nodes.get(node_id) if node_id is not None else None

    def reachable(self, start: int | None) -> list[int]:
        """Every node a call entering at `start` can reach, `start` first, each once."""
        seen: list[int] = []
        waiting = [start] if start in self.nodes else []
        while waiting:
            node_id = waiting.pop()
            if node_id in seen:
                continue
            seen.append(node_id)
            waiting.extend(reversed([edge.target for edge in self.nodes[node_id].edges if edge.target in self.nodes]))
        return seen

    def as_json(self) -> str:
        return json.dumps({"nodes": [asdict(node) for node in self.nodes.values()], "entries": self.entries},
                          default=str, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Graph:
        data = json.loads(text)
        return cls({item["id"]: _node(item) for item in data["nodes"]}, data["entries"])


def _node(item: dict) -> Node:
    return Node(**{**item, "edges": tuple(Edge(**edge) for edge in item["edges"]),
                   "hours": tuple(HourRange(**hours) for hours in item["hours"]),
                   "holidays": tuple(Holiday(**{**holiday, "starts": date.fromisoformat(holiday["starts"]),
                                                "ends": date.fromisoformat(holiday["ends"])})
                                     for holiday in item["holidays"])})
