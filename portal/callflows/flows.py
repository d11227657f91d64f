"""The call flows of a project as the pages show them (issue 16): each number with the node it
rings, each flow (an auto attendant, time condition or announcement a number rings, and what it
leads to) with its problems, and the problems by node and address."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask import current_app, url_for
from sqlalchemy import select

from portal.callflows.checks import FLOW_KINDS, Problem, check_graph
from portal.callflows.description import branch_label, entry_of, project_graph
from portal.callflows.diagram import PROBLEM, WARNING, Drawing, Part, dot_source, draw_all
from portal.callflows.graph import Graph, Node
from portal.core.request_cache import cached
from portal.extensions import db
from portal.models.projects import Project
from portal.models.telephony import PhoneNumber, Seat
from portal.questionnaire.sections import Finding

TEAMS_PRODUCTS = frozenset({"teams_operator_connect"})


@dataclass
class Flow:
    """A flow named by its entry node, the numbers that ring it, and the problems of what it reaches."""

    entry: Node
    numbers: list[PhoneNumber] = field(default_factory=list)
    nodes: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocking(self) -> int:
        return sum(problem.blocking for problem in self.problems)


@dataclass
class Flows:
    graph: Graph
    flows: list[Flow]
    problems: list[Problem]
    others: list[Node]  # flow nodes that no number rings

    def at(self, node_id: int) -> list[Problem]:
        return [problem for problem in self.problems if problem.node_id == node_id]

    def marks(self) -> dict[int, str]:
        """Each node with a problem (or only warnings) as its diagram marks it."""
        found: dict[int, str] = {}
        for problem in self.problems:
            if problem.blocking or found.get(problem.node_id) != PROBLEM:
                found[problem.node_id] = PROBLEM if problem.blocking else WARNING
        return found

    @property
    def blocking(self) -> int:
        return sum(problem.blocking for problem in self.problems)


def is_teams(project: Project) -> bool:
    return project.product.key in TEAMS_PRODUCTS


def project_flows(project: Project) -> Flows:
    """Every flow of the project with its problems, read and checked once per request (a write
    forgets them: portal.projects.services.follow_feature)."""
    return cached("call_flows", project.id, lambda: _project_flows(project))


def _project_flows(project: Project) -> Flows:
    numbers = list(db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project.id)
                                      .order_by(PhoneNumber.e164)))
    return flows_of(project_graph(project.id), numbers, is_teams(project))


def flows_of(graph: Graph, numbers: list, teams: bool) -> Flows:
    """The flows of a graph, live or frozen in a review round: `numbers` read as PhoneNumbers (their
    digits and id), in the order they are listed."""
    problems = check_graph(graph, teams=teams)
    flows: dict[int, Flow] = {}
    for number in numbers:
        entry = graph.node(graph.entries.get(entry_of(number)))
        if entry is not None and entry.kind in FLOW_KINDS:
            flow = flows.setdefault(entry.id, Flow(entry, nodes=graph.reachable(entry.id)))
            flow.numbers.append(number)
    for flow in flows.values():
        reached = set(flow.nodes)
        flow.problems = [problem for problem in problems if problem.node_id in reached]
    reached = {node_id for flow in flows.values() for node_id in flow.nodes}
    others = [node for node in graph.nodes.values() if node.kind in FLOW_KINDS and node.id not in reached]
    return Flows(graph, sorted(flows.values(), key=lambda flow: flow.entry.name.casefold()), problems,
                 sorted(others, key=lambda node: node.name.casefold()))


@dataclass
class OutlineRow:
    """One step of a flow's outline: by which key or branch it is reached, the node (None: leads
    nowhere), whether it was shown already above (a loop or a shared node), and the steps after it
    (or, deep down, that they continue in a part of their own)."""

    edge: str  # the edge's label ("key:1", "closed"; "" for the entry)
    node: Node | None
    again: bool = False
    children: list[OutlineRow] = field(default_factory=list)
    continued: bool = False  # its steps are in a part of their own, further down
    resumed: bool = False  # that part: the node again, with its steps

    @property
    def title(self) -> str:
        if self.resumed:
            return "Continued from above"
        return branch_label(self.edge) if self.edge else "Calls arrive at"

    @property
    def hangs_up(self) -> bool:
        """Nothing chosen where an auto attendant then hangs up (no input, keys not set)."""
        return self.node is None and self.edge in ("no_input", "invalid")




MAX_DEPTH = 12  # deeper steps continue in a part of their own: a page, not a staircase off the screen


def outline(graph: Graph, entry_id: int) -> list[OutlineRow]:
    """The flow from `entry_id` as a tree of steps, depth first in the order of the edges; a node met
    again is a step saying so, not its subtree again (so a loop ends). A step MAX_DEPTH levels down
    whose own steps follow says they continue below, in a part of their own at the top level. Built
    without recursion, and rendered at most MAX_DEPTH levels deep."""
    top = OutlineRow("", None, children=[])
    shown: set[int] = set()
    waiting: list[tuple[OutlineRow, str, int | None, int]] = [(top, "", entry_id, 0)]
    later: list[OutlineRow] = []
    while waiting or later:
        if not waiting:
            resumed = OutlineRow("", later.pop(0).node, resumed=True)
            top.children.append(resumed)
            waiting.extend((resumed, edge.label, edge.target, 1) for edge in reversed(resumed.node.edges))
            continue
        parent, label, node_id, depth = waiting.pop()
        node = graph.node(node_id)
        row = OutlineRow(label, node, node is not None and node.id in shown)
        parent.children.append(row)
        if node is None or row.again:
            continue
        shown.add(node.id)
        if depth >= MAX_DEPTH and node.edges:
            row.continued = True
            later.append(row)
        else:
            waiting.extend((row, edge.label, edge.target, depth + 1) for edge in reversed(node.edges))
    return top.children


def check(project: Project) -> list:
    """The call flows' problems on the questionnaire's check page, under section 5 (calling patterns:
    the inbound call flows), each linking to its node's form."""
    return [Finding("calling", problem.message, "callflows.node", {"project_id": project.id,
                                                                   "destination_id": problem.node_id},
                    blocking=problem.blocking, address=problem.address) for problem in project_flows(project).problems]


CALL_CENTER_KINDS = frozenset({"queue", "group", "voicemail"})


def seat_pages(project_id: int) -> dict[int, int]:
    """Each seat's Destination id with its seat id (a seat's page is the worksheet's)."""
    return dict(db.session.execute(select(Seat.destination_id, Seat.id).where(Seat.project_id == project_id)).all())


def node_url(project_id: int, node: Node, seats: dict[int, int]) -> str | None:
    """Where a node is changed: a seat's worksheet page, section 7 for a queue, group or box, the
    builder's form for a call-flow node."""
    if node.kind == "seat":
        return url_for("worksheet.edit", seat_id=seats[node.id]) if node.id in seats else None
    if node.kind in CALL_CENTER_KINDS:
        return url_for("questionnaire.call_group", project_id=project_id, destination_id=node.id)
    return url_for("callflows.node", project_id=project_id, destination_id=node.id)


def drawing_of(flows: Flows, part: Part) -> Drawing:
    """One diagram of a flow with its problems marked, laid out by the configured Graphviz (raises
    DiagramUnavailable with the reason)."""
    return drawings_of(flows, [part])[0]


def drawings_of(flows: Flows, parts: list[Part]) -> list[Drawing]:
    """Several diagrams of a flow, laid out by one run of Graphviz."""
    config = current_app.config
    marks = flows.marks()
    return draw_all([dot_source(flows.graph, part, marks) for part in parts], dot=config["DOT_PATH"],
                    timeout=config["DOT_TIMEOUT"], cache=Path(config["DIAGRAM_DIR"]))


DRAWINGS_KEPT = timedelta(days=30)


def forget_old_drawings() -> str:
    """Housekeeping: drawings laid out more than DRAWINGS_KEPT ago go (one still shown is drawn again)."""
    folder = Path(current_app.config["DIAGRAM_DIR"])
    cutoff = (datetime.now(timezone.utc) - DRAWINGS_KEPT).timestamp()
    removed = 0
    for path in folder.glob("*.*") if folder.is_dir() else ():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # another worker's housekeeping was first
    return f"{removed} old call-flow drawings removed"
