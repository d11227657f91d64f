"""The test call (issue 16): a caller dials a number at a moment, presses some keys, and each
ringing destination answers, does not answer or is busy as the person says; the call is followed
step by step through the graph (portal.callflows.graph) until someone takes it or it ends. It
always ends: a call that comes back to where it already was with nothing new to do is cut there and
said to loop.

    call = place_call(graph, "+14155550100", moment, "2", {queue_id: "no_answer"})
    " -> ".join(step.text for step in call.steps)
    # Monday 10:05 -> open -> Main menu -> key 2 -> Sales queue -> no agent within 5 minutes -> Sales voicemail
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.callflows.calendar import holiday_on, is_open
from portal.callflows.graph import Graph, Node

ANSWERS, NO_ANSWER, BUSY = "answers", "no_answer", "busy"
BEHAVIOURS = {ANSWERS: "Answers", NO_ANSWER: "Does not answer", BUSY: "Is busy"}
MAX_STEPS = 200


@dataclass(frozen=True)
class Step:
    node_id: int | None
    text: str


@dataclass
class Call:
    steps: list[Step] = field(default_factory=list)
    outcome: str = ""  # how it ended, in words
    looped: bool = False

    def say(self, node: Node | None, text: str) -> None:
        self.steps.append(Step(node.id if node else None, text))

    @property
    def path(self) -> str:
        return " → ".join(step.text for step in self.steps)


@dataclass
class _Caller:
    keys: list[str]
    behaviour: dict[int, str]
    moment: datetime  # aware


def place_call(graph: Graph, number: str, moment: datetime, keys: str = "",
              behaviour: dict[int, str] | None = None, dialled: str | None = None) -> Call:
    """Follow a call to `number` at the aware `moment` with the caller pressing `keys` in turn;
    `dialled` is the number as people read it, for the first step."""
    call, caller = Call(), _Caller([key for key in keys if not key.isspace()], behaviour or {}, moment)
    node_id, seen = graph.entries.get(number), set()
    call.say(None, f"A call to {dialled or number}")
    for _ in range(MAX_STEPS):
        node = graph.node(node_id)
        if node is None:
            return _ended(call, "Nothing is chosen there: the call is cut off." if node_id is None else
                          "It leads to something since removed: the call ends.")
        state = (node.id, len(caller.keys))
        if state in seen:
            call.looped = True
            return _ended(call, f"The call comes back to {node.name} with nothing new: it would go round forever. "
                                f"Cut here.")
        seen.add(state)
        node_id = STEPS.get(node.kind, _unknown)(node, call, caller)
        if call.outcome:
            return call
    call.looped = True
    return _ended(call, f"The call took more than {MAX_STEPS} steps: cut here.")


def _ended(call: Call, outcome: str, node: Node | None = None) -> Call:
    call.outcome = outcome
    call.say(node, outcome)
    return call


def _seat(node: Node, call: Call, caller: _Caller) -> None:
    what = caller.behaviour.get(node.id, ANSWERS)
    if what == ANSWERS:
        _ended(call, f"{node.name} answers.", node)
    elif node.voicemail:
        call.say(node, f"{node.name} {'is busy' if what == BUSY else 'does not answer'}")
        _ended(call, f"The voicemail of {node.name} takes a message.", node)
    else:
        _ended(call, f"{node.name} {'is busy' if what == BUSY else 'does not answer'}, and has no voicemail: the "
                     f"call ends.", node)


def _box(node: Node, call: Call, caller: _Caller) -> None:
    _ended(call, f"{node.name} takes a message.", node)


def _external(node: Node, call: Call, caller: _Caller) -> None:
    _ended(call, f"The call goes out to {node.name}.", node)


def _hang_up(node: Node, call: Call, caller: _Caller) -> None:
    _ended(call, "The call is hung up." if not node.greeting else f"{node.name} plays its message and hangs up.", node)


def _queue(node: Node, call: Call, caller: _Caller) -> int | None:
    what = caller.behaviour.get(node.id, ANSWERS if node.people else NO_ANSWER)
    call.say(node, node.name)
    if what == ANSWERS and node.people:
        _ended(call, f"An agent of {node.name} answers.", node)
        return None
    if what == BUSY:
        call.say(node, "the queue is full: overflow")
        return node.exits("overflow")
    call.say(node, f"no agent answers within {_duration(node.wait_seconds)}: time-out")
    return node.exits("timeout")


def _group(node: Node, call: Call, caller: _Caller) -> int | None:
    what = caller.behaviour.get(node.id, ANSWERS if node.people else NO_ANSWER)
    call.say(node, node.name)
    if what == ANSWERS and node.people:
        _ended(call, f"A member of {node.name} answers.", node)
        return None
    call.say(node, f"nobody answers within {_duration(node.wait_seconds)}" if what != BUSY else "every member is busy")
    return node.exits("no_answer")


def _time_condition(node: Node, call: Call, caller: _Caller) -> int | None:
    local = caller.moment.astimezone(_zone(node.time_zone))
    holiday = holiday_on(node.holidays, local.date())
    when = f"{local:%A %H:%M}"
    if holiday is not None:
        call.say(node, f"{when} at {node.name}: holiday ({holiday.name})")
        return node.exits("holiday")
    branch = "open" if is_open(node.hours, local) else "closed"
    call.say(node, f"{when} at {node.name}: {branch}")
    return node.exits(branch)


def _zone(name: str | None):
    """A time condition's zone; none, or a name the time-zone database does not know, reads as UTC
    (the checks report a time condition without a time zone)."""
    try:
        return ZoneInfo(name) if name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _announcement(node: Node, call: Call, caller: _Caller) -> int | None:
    call.say(node, f"{node.name} plays")
    return node.exits("next")


def _auto_attendant(node: Node, call: Call, caller: _Caller) -> int | None:
    call.say(node, node.name)
    keys, invalid = node.keys, 0
    while caller.keys:
        key = caller.keys.pop(0)
        if keys.get(key) is not None:
            call.say(node, f"key {key}")
            return keys[key]
        invalid += 1
        call.say(node, f"key {key} is not set")
        if invalid > node.repeats:
            call.say(node, "too many invalid keys")
            return _or_hang_up(node, "invalid", call)
    call.say(node, "no key pressed" + (f", {node.repeats + 1} times" if node.repeats else ""))
    return _or_hang_up(node, "no_input", call)


def _or_hang_up(node: Node, label: str, call: Call) -> int | None:
    target = node.exits(label)
    if target is None:
        _ended(call, f"{node.name} hangs up.", node)
    return target


def _unknown(node: Node, call: Call, caller: _Caller) -> None:
    _ended(call, f"{node.name} takes the call.", node)


def _duration(seconds: int) -> str:
    return f"{seconds // 60} minutes" if seconds >= 120 and seconds % 60 == 0 else f"{seconds} seconds"


STEPS = {"seat": _seat, "voicemail": _box, "external": _external, "hang_up": _hang_up, "queue": _queue,
         "group": _group, "time_condition": _time_condition, "announcement": _announcement,
         "auto_attendant": _auto_attendant}
