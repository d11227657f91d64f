"""What the test call page asks before placing a call (issue 16), read from the plain graph: the time
zone the person types the moment in (that of the first time condition the call meets, else its
site's), the destinations that ring on the way (each answers, does not answer or is busy as the
person says), and the moment they mean by what they typed. Pure functions of plain values."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.callflows.calendar import local_moment
from portal.callflows.graph import Graph, Node

RINGING = ("seat", "queue", "group")  # where someone may or may not pick up
NO_SITE_ZONE = "UTC"


@dataclass(frozen=True)
class Zone:
    """The time zone a moment is typed in, and why that one ("time of Office hours")."""

    name: str
    why: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.why})"


def first_time_condition(graph: Graph, entry_id: int | None) -> Node | None:
    """The nearest time condition a call meets from `entry_id` without pressing a key (breadth first,
    in the order of the edges), or None."""
    waiting, seen = deque([entry_id]), set()
    while waiting:
        node = graph.node(waiting.popleft())
        if node is None or node.id in seen:
            continue
        if node.kind == "time_condition":
            return node
        seen.add(node.id)
        waiting.extend(edge.target for edge in node.edges if not edge.label.startswith("key:"))
    return None


def call_zone(graph: Graph, entry_id: int | None, sites: list[tuple[str, str | None]]) -> Zone:
    """The zone of the first time condition met, else of the first of `sites` ((name, zone): the
    number's site, then the project's) that has one, else UTC."""
    condition = first_time_condition(graph, entry_id)
    if condition is not None and _known(condition.time_zone):
        return Zone(condition.time_zone, f"time of {condition.name}")
    site = next(((name, zone) for name, zone in sites if _known(zone)), None)
    if site is not None:
        return Zone(site[1], f"time of {site[0]}")
    return Zone(NO_SITE_ZONE, "the project has no site yet")


def _known(zone: str | None) -> bool:
    try:
        return bool(zone) and ZoneInfo(zone) is not None
    except (ValueError, ZoneInfoNotFoundError):  # a name the time-zone database lacks
        return False


def ringing_nodes(graph: Graph, entry_id: int | None) -> list[Node]:
    """Every seat, queue and group a call entering at `entry_id` can reach, in the order met."""
    return [graph.nodes[node_id] for node_id in graph.reachable(entry_id) if graph.nodes[node_id].kind in RINGING]


def typed_moment(day: date, clock: time, zone: str, which: str | None = None) -> datetime:
    """The aware moment meant by `day` and `clock` in `zone`; `which` ("first" or "second") settles a
    time the clocks repeat. Raises calendar.TimeDoesNotExist / TimeIsAmbiguous with their messages."""
    return local_moment(datetime.combine(day, clock), zone, None if which not in ("first", "second")
                        else which == "second")


def twice(day: date, clock: time, zone: str) -> list[tuple[str, str]]:
    """The two moments a repeated wall-clock time can be, as radio choices ("first", "The first: 01:30
    CDT, UTC-05:00")."""
    typed = datetime.combine(day, clock)
    return [(value, f"The {value}: {moment:%H:%M %Z}, UTC{_offset(moment)}")
            for value, moment in (("first", typed.replace(tzinfo=ZoneInfo(zone), fold=0)),
                                  ("second", typed.replace(tzinfo=ZoneInfo(zone), fold=1)))]


def _offset(moment: datetime) -> str:
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
