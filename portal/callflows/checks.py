"""What can go wrong for a caller, found in a call-flow graph (portal.callflows.graph) alone: a
node no number reaches, a key or branch that leads nowhere, a loop a caller can never leave (or
that a caller who presses nothing goes round forever), a greeting that announces a key nobody
assigned or a key nobody announces, a recording awaited, hours that overlap or leave gaps, overlapping holidays, a time
condition with no time zone, and the limits Microsoft Teams documents for auto attendants.

Each problem has an address (`node:<id>`, `node:<id>/key:<k>`, `node:<id>/<branch>`) that the
pages, the review's discrepancies and later go-live test results share.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from portal.callflows.calendar import gaps_and_overlaps, overlapping_holidays
from portal.callflows.graph import ENDS, Graph, Node

FLOW_KINDS = frozenset({"auto_attendant", "time_condition", "announcement"})  # only there for the flows
REQUIRED = {"time_condition": ("open", "closed"), "announcement": ("next",)}
# A queue's or a group's exits: when one is empty the waiting caller is cut off, a warning, since
# the call was offered to people first.
EXITS = frozenset({"timeout", "overflow", "no_answer"})
BRANCH_NAMES = {"open": "the open branch", "closed": "the closed branch", "holiday": "the holiday branch",
                "next": "what follows", "no_input": "no input", "invalid": "an invalid key",
                "overflow": "the overflow", "timeout": "the time-out", "no_answer": "a call nobody answers"}
SILENT = frozenset({"open", "closed", "holiday", "next", "no_input", "overflow", "timeout", "no_answer"})
SPOKEN = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
          "eight": "8", "nine": "9", "star": "*", "pound": "#", "hash": "#"}
ANNOUNCED = re.compile(r"\b(?:press|dial|push|enter|select)\s+((?:(?:\d|\*|#|zero|one|two|three|four|five|six|seven|"
                       r"eight|nine|star|pound|hash)(?:\s*(?:,|or|and)\s*)?)+)", re.IGNORECASE)
KEY_WORD = re.compile(r"\d|\*|#|zero|one|two|three|four|five|six|seven|eight|nine|star|pound|hash", re.IGNORECASE)
# Microsoft Teams auto attendants (Microsoft Learn: "Auto attendant and call queue limits and
# supported configurations" for holidays, "Set up an auto attendant" for the name, the text greeting,
# recordings and the keys Teams keeps): what a Teams Operator Connect project must stay within.
TEAMS_LIMITS = {"recording_bytes": 5 * 1024 * 1024, "holidays": 50, "name": 64, "greeting": 1000}
TEAMS_KEPT_KEYS = {"*": "repeat", "#": "back"}


@dataclass(frozen=True)
class Problem:
    address: str
    node_id: int
    message: str
    blocking: bool = True


def check_graph(graph: Graph, teams: bool = False, today: date | None = None) -> list[Problem]:
    """Every problem of the graph, by node id then address (a stable order for pages and tests)."""
    reached = _reached(graph)
    found = [*_unreached(graph, reached), *_stuck(graph, reached), *_silent_loops(graph, reached)]
    for node in graph.nodes.values():
        found += _nowhere(graph, node) + _announced(node) + _recording(node) + _calendar(node, today or date.today())
        if teams:
            found += _teams_limits(node)
    return sorted(set(found), key=lambda problem: (problem.node_id, problem.address, problem.message))


def _reached(graph: Graph) -> set[int]:
    return {node_id for entry in graph.entries.values() for node_id in graph.reachable(entry)}


def _unreached(graph: Graph, reached: set[int]) -> list[Problem]:
    return [Problem(f"node:{node.id}", node.id, f"No number reaches {node.name}: route a number to it, or "
                                                f"remove it.", blocking=False)
            for node in graph.nodes.values() if node.kind in FLOW_KINDS and node.id not in reached]


def _nowhere(graph: Graph, node: Node) -> list[Problem]:
    """A key or branch that leads nowhere, or to a Destination removed since; a required one missing."""
    found = []
    labels = {edge.label for edge in node.edges}
    for label in REQUIRED.get(node.kind, ()):
        if label not in labels:
            found.append(Problem(f"node:{node.id}/{label}", node.id, f"{node.name}: choose where {BRANCH_NAMES[label]} "
                                                                     f"goes."))
    if node.kind == "time_condition" and node.holidays and "holiday" not in labels:
        found.append(Problem(f"node:{node.id}/holiday", node.id, f"{node.name} has holidays: choose where the "
                                                                 f"holiday branch goes."))
    for edge in node.edges:
        if edge.target is None and (edge.label in REQUIRED.get(node.kind, ()) or edge.label == "holiday" or
                                    edge.label.startswith("key:")):
            found.append(_leads_nowhere(node, edge.label))
        elif edge.target is None and edge.label in EXITS:
            found.append(Problem(_address(node, edge.label), node.id, f"{node.name}: choose where {_what(edge.label)} "
                                                                      f"goes, or callers are cut off there.",
                                 blocking=False))
        elif edge.target is not None and edge.target not in graph.nodes:
            found.append(Problem(_address(node, edge.label), node.id, f"{node.name}: {_what(edge.label)} leads to "
                                                                      f"something since removed: choose again."))
    return found


def _leads_nowhere(node: Node, label: str) -> Problem:
    return Problem(_address(node, label), node.id, f"{node.name}: choose where {_what(label)} goes.")


def _address(node: Node, label: str) -> str:
    return f"node:{node.id}/{label}"


def _what(label: str) -> str:
    return f"key {label[4:]}" if label.startswith("key:") else BRANCH_NAMES.get(label, label)


def _answers(node: Node) -> bool:
    """Someone or something can take the call here: the end of a flow, or a queue or group with people."""
    return node.kind in ENDS or (node.kind in ("queue", "group") and node.people > 0)


def _components(graph: Graph, nodes: set[int], follows) -> list[list[int]]:
    """The strongly connected components of `nodes` over the edges `follows(node)` gives (Tarjan,
    without recursion: a flow of thousands of nodes is checked in linear time)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    found: list[list[int]] = []
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(follows(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node_id, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(follows(target))))
                elif target in on_stack:
                    low[node_id] = min(low[node_id], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node_id])
            if low[node_id] == index[node_id]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node_id:
                        break
                found.append(sorted(component))
    return found


def _loops(graph: Graph, nodes: set[int], follows) -> list[list[int]]:
    """The components of `nodes` a call can go round: several nodes, or one that sends calls to itself."""
    return [component for component in _components(graph, nodes, follows)
            if len(component) > 1 or component[0] in follows(component[0])]


def _stuck(graph: Graph, reached: set[int]) -> list[Problem]:
    """Loops from which no key, branch or exit ever reaches anyone."""
    leaving = _can_leave(graph)
    def follows(node_id):
        return [edge.target for edge in graph.nodes[node_id].edges if edge.target in reached]
    return [_loop_problem(graph, loop, "A caller who reaches {names} goes round forever: nothing there leads to a "
                                       "person, a voicemail box or a way out.")
            for loop in _loops(graph, reached, follows) if not any(node_id in leaving for node_id in loop)]


def _can_leave(graph: Graph) -> set[int]:
    """Every node from which some path reaches a node that answers."""
    callers: dict[int, list[int]] = {}
    for node in graph.nodes.values():
        for edge in node.edges:
            callers.setdefault(edge.target, []).append(node.id)
    leaving = {node.id for node in graph.nodes.values() if _answers(node)}
    waiting = list(leaving)
    while waiting:
        for caller in callers.get(waiting.pop(), ()):
            if caller not in leaving:
                leaving.add(caller)
                waiting.append(caller)
    return leaving


def _silent_loops(graph: Graph, reached: set[int]) -> list[Problem]:
    """Loops a caller who presses nothing goes round (no input, every branch of the hours, the exits
    of queues and groups nobody answers) without ever meeting anyone."""
    silent = {node_id for node_id in reached if not _answers(graph.nodes[node_id])}
    def follows(node_id):
        return [edge.target for edge in graph.nodes[node_id].edges if edge.label in SILENT and edge.target in silent]
    return [_loop_problem(graph, loop, "A caller who presses nothing goes round {names} forever: send no input, or "
                                       "one of the branches, to a person, a voicemail box or a way out.")
            for loop in _loops(graph, silent, follows)]


def _loop_problem(graph: Graph, loop: list[int], message: str) -> Problem:
    names = " → ".join(graph.nodes[node_id].name for node_id in loop[:4]) + (" …" if len(loop) > 4 else "")
    return Problem(f"node:{loop[0]}", loop[0], message.format(names=f"{names} → {graph.nodes[loop[0]].name}"
                                                             if len(loop) > 1 else names))


def announced_keys(greeting: str) -> set[str]:
    """The keys a greeting tells callers to press ("For sales, press 1 or 2; for us, press star")."""
    return {SPOKEN.get(word.casefold(), word) for match in ANNOUNCED.finditer(greeting)
            for word in KEY_WORD.findall(match.group(1))}


def _announced(node: Node) -> list[Problem]:
    if node.kind != "auto_attendant" or not node.greeting or node.recording:
        return []
    said, assigned = announced_keys(node.greeting), {key for key, target in node.keys.items() if target is not None}
    return ([Problem(f"node:{node.id}/key:{key}", node.id, f"{node.name}: the greeting says to press {key}, but key "
                                                           f"{key} goes nowhere.") for key in sorted(said - assigned)] +
            [Problem(f"node:{node.id}/key:{key}", node.id, f"{node.name}: key {key} is set, but the greeting never "
                                                           f"tells callers to press it.", blocking=False)
             for key in sorted(assigned - said)])


def _recording(node: Node) -> list[Problem]:
    """A greeting set to a recording not uploaded yet: the plan's recordings task waits for it."""
    if not node.recording or node.recording_bytes:
        return []
    return [Problem(f"node:{node.id}/recording", node.id, f"{node.name}: its greeting is to be a recording, and none "
                                                          f"is uploaded yet (callers would hear nothing).",
                    blocking=False)]


def _calendar(node: Node, today: date) -> list[Problem]:
    if node.kind != "time_condition":
        return []
    found = [Problem(f"node:{node.id}/hours", node.id, f"{node.name}: {said}", blocking=False)
             for said in gaps_and_overlaps(node.hours)]
    if not node.time_zone:
        found.append(Problem(f"node:{node.id}/time_zone", node.id, f"{node.name} has no time zone: its hours "
                                                                   f"cannot be told."))
    found += [Problem(f"node:{node.id}/holidays", node.id, f"{node.name}: {one.name} and {other.name} overlap in "
                                                           f"{today.year}.", blocking=False)
              for one, other in overlapping_holidays(node.holidays, today.year)]
    return found


def _teams_limits(node: Node) -> list[Problem]:
    found = _teams_menu(node) if node.kind == "auto_attendant" else []
    if node.greeting and len(node.greeting) > TEAMS_LIMITS["greeting"]:
        found.append(Problem(f"node:{node.id}/greeting", node.id, f"Teams reads greetings of at most "
                                                                  f"{TEAMS_LIMITS['greeting']} characters; "
                                                                  f"{node.name}'s has {len(node.greeting)}."))
    if node.recording_bytes > TEAMS_LIMITS["recording_bytes"]:
        size = node.recording_bytes / 1048576
        found.append(Problem(f"node:{node.id}/recording", node.id, f"Teams takes recordings of less than 5 MB; "
                                                                   f"{node.name}'s is {size:.1f} MB."))
    if node.kind == "time_condition" and len(node.holidays) > TEAMS_LIMITS["holidays"]:
        found.append(Problem(f"node:{node.id}/holidays", node.id, f"Teams allows at most {TEAMS_LIMITS['holidays']} "
                                                                  f"holidays in a holiday set; {node.name} has "
                                                                  f"{len(node.holidays)}."))
    return found


def _teams_menu(node: Node) -> list[Problem]:
    """A Teams auto attendant's name within its length, and none of the keys Teams keeps for itself."""
    found = [Problem(f"node:{node.id}/key:{key}", node.id, f"Teams keeps key {key} for “{action}”: {node.name} "
                                                           f"cannot send it elsewhere.")
             for key, action in TEAMS_KEPT_KEYS.items() if node.keys.get(key) is not None]
    if len(node.name) > TEAMS_LIMITS["name"]:
        found.append(Problem(f"node:{node.id}/name", node.id, f"Teams takes auto attendant names of at most "
                                                              f"{TEAMS_LIMITS['name']} characters; “{node.name}” "
                                                              f"has {len(node.name)}."))
    return found
