"""A flow's diagrams (issue 17): the SVG served by an authorizing route (shown through `<img>`, never
inlined), and what the flow's page needs around it: the parts of a large flow, the image map that
links each box to its node's form, or why the diagram is unavailable."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, request, url_for

from portal.callflows.diagram import PROBLEM, WARNING, Area, DiagramUnavailable, Part, parts_of
from portal.callflows.flows import Flows, drawing_of, node_url, project_flows, seat_pages
from portal.callflows.views import bp
from portal.core.permissions import project_view
from portal.questionnaire.access import destination_loader

MARKED = {PROBLEM: " (⚠ a problem to fix)", WARNING: " (⚠ a warning)"}  # a box's mark, in its link's words
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"  # dot's SVG: shapes and paths, nothing to fetch


@dataclass
class Diagram:
    """One diagram of a flow as its page shows it."""

    parts: list[Part]
    part: Part
    image_url: str
    links: list[tuple[Area, str, str]]  # each clickable shape, where it leads and what it is
    unavailable: str | None = None


def flows_from(project, destination) -> Flows:
    """The project's flows, for the flow entering at `destination` (404 when it is no node of them)."""
    flows = project_flows(project)
    if destination.id not in flows.graph.nodes:
        abort(404)
    return flows


def _part(flows: Flows, entry_id: int) -> tuple[list[Part], Part]:
    parts = parts_of(flows.graph, entry_id)
    chosen = next((part for part in parts if part.key == request.args.get("part")), parts[0])
    return parts, chosen


def diagram_of(project, flows: Flows, entry_id: int) -> Diagram:
    parts, part = _part(flows, entry_id)
    try:
        drawing = drawing_of(flows, part)
    except DiagramUnavailable as error:
        return Diagram(parts, part, "", [], f"{error} The outline below shows the same flow.")
    image_url = url_for("callflows.diagram", project_id=project.id, destination_id=entry_id, part=part.key,
                        drawn=drawing.digest[:12])  # a new address for every change: never an old picture
    seats, marks = seat_pages(project.id), flows.marks()
    links = []
    for area in drawing.areas:
        if area.target == "part":
            links.append((area, url_for("callflows.flow", project_id=project.id, destination_id=entry_id,
                                        part=area.value), f"The diagram of {_title(parts, area.value)}"))
        elif (node := flows.graph.node(int(area.value))) is not None and (url := node_url(project.id, node, seats)):
            links.append((area, url, node.name + MARKED.get(marks.get(node.id), "")))
    return Diagram(parts, part, image_url, links)


def _title(parts: list[Part], key: str) -> str:
    return next((part.title for part in parts if part.key == key), key)


@bp.get("/projects/<int:project_id>/call-flows/flow/<int:destination_id>/diagram.svg")
@project_view(destination_id=destination_loader)
def diagram(project, destination):
    flows = flows_from(project, destination)
    try:
        drawing = drawing_of(flows, _part(flows, destination.id)[1])
    except DiagramUnavailable as error:
        return Response(str(error), status=503, mimetype="text/plain")
    response = Response(drawing.svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_POLICY
    response.headers["Content-Disposition"] = "inline"
    return response
