"""The call flows as a PDF (issue 17): each flow with the numbers that ring it, its diagrams (embedded
as `data:` SVG, which the renderer's locked-down fetcher allows) and a table of every step (kind,
name, extension, greeting, keys, branches and exits), then the steps no number reaches. Laid out by
the one renderer and registered as a document, so a large one is prepared in the background."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date

from flask import url_for

from portal.callflows.description import KIND_TITLES, branch_label
from portal.callflows.diagram import DiagramUnavailable, Part, parts_of
from portal.callflows.flows import Flows, drawings_of, project_flows
from portal.callflows.graph import Node
from portal.core.pdf import pdf_html
from portal.core.rendering import Document
from portal.models.projects import Project

SECONDS_PER_NODE = 0.05  # a diagram's layout and its table row


@dataclass
class Picture:
    part: Part
    source: str | None  # a data: URL of the SVG, or None with `unavailable` saying why
    unavailable: str | None = None


@dataclass
class Row:
    node: Node
    kind: str
    greeting: str
    exits: list[str]


def _pictures(flows: Flows, entry_id: int) -> list[Picture]:
    parts = parts_of(flows.graph, entry_id)
    try:
        drawings = drawings_of(flows, parts)
    except DiagramUnavailable as error:
        return [Picture(part, None, str(error)) for part in parts]
    return [Picture(part, "data:image/svg+xml;base64," + base64.b64encode(drawing.svg).decode("ascii"))
            for part, drawing in zip(parts, drawings, strict=True)]


def _row(flows: Flows, node: Node) -> Row:
    greeting = "A recording" if node.recording else (node.greeting or "")
    exits = [f"{branch_label(edge.label)}: {_name(flows, edge.target)}" for edge in node.edges]
    return Row(node, KIND_TITLES.get(node.kind, node.kind), greeting, exits)


def _name(flows: Flows, node_id: int | None) -> str:
    node = flows.graph.node(node_id)
    return node.name if node is not None else ("nothing yet" if node_id is None else "removed")


def flows_context(flows: Flows) -> dict:
    """What the call flows' part of a PDF shows (templates/pdf/_call_flows.html), live or from a
    review round's snapshot: each flow with its diagrams and steps, and the steps no number reaches."""
    parts = [(flow, _pictures(flows, flow.entry.id), [_row(flows, flows.graph.nodes[node_id])
                                                      for node_id in flow.nodes]) for flow in flows.flows]
    return {"flows": flows, "parts": parts, "others": [_row(flows, node) for node in flows.others]}


def call_flows_html(project: Project) -> str:
    return pdf_html("pdf/call_flows.html", project=project, today=date.today(), **flows_context(project_flows(project)))


def nodes_of(project: Project) -> int:
    return len(project_flows(project).graph.nodes)


DOCUMENT = Document(
    "Call flows", call_flows_html, lambda project: f"call-flows-{project.id}.pdf",
    lambda project: round(2 + nodes_of(project) * SECONDS_PER_NODE),
    lambda project: url_for("callflows.index", project_id=project.id), nodes_of, "steps")
