"""Call-flow diagrams (issue 17): each flow laid out by Graphviz `dot` as SVG from the plain graph
(portal.callflows.graph), so a frozen review round can be drawn later exactly as it was.

Customer text never reaches dot unescaped: node ids are `n<id>`, every label is a quoted string with
`\\` and `"` escaped and line breaks written as dot's own `\\n`, never an HTML-like label, and the
only URL attributes are the portal's own tokens (`node:<id>`, `part:<key>`), from which the page's
image map is made (dot's map output is read for its shapes and coordinates only). dot runs as a
subprocess with a time-out and draws text as paths (`-Tsvg:cairo`), so labels fit their boxes on
every machine and in PDFs, and the SVG holds no text, link or script at all. A flow of more than
MAX_NODES steps is drawn as an overview with each auto attendant's part as a diagram of its own.

    parts = parts_of(graph, entry_id)
    drawing = draw(dot_source(graph, parts[0], {12: PROBLEM}), dot="dot", timeout=10, cache=folder)
    drawings = draw_all([dot_source(graph, part) for part in parts], cache=folder)  # one run of dot
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

from portal.callflows.description import KIND_TITLES, branch_label
from portal.callflows.graph import Graph, Node

MAX_NODES = 40  # past this, a flow is an overview and a diagram per auto attendant
LINE = 26  # characters of a name on one line of its box
FONT = "DejaVu Sans"
FILLS = {"auto_attendant": "#ddf4ff", "time_condition": "#fff8c5", "announcement": "#fbefff",
         "queue": "#dafbe1", "group": "#dafbe1", "voicemail": "#eaeef2", "seat": "#ffffff",
         "external": "#f6f8fa", "hang_up": "#eaeef2"}
PROBLEM, WARNING = "problem", "warning"
MARKS = {PROBLEM: ("⚠ Problem: ", "#cf222e"), WARNING: ("⚠ Warning: ", "#9a6700")}  # a sign and a colour
SILENT_EXITS = frozenset({"no_input", "invalid"})  # unset, the menu hangs up: the outline says so
AREA = re.compile(r"<area\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
TARGET = re.compile(r"^(node|part):([\w-]+)$")


class DiagramUnavailable(RuntimeError):
    """The diagram cannot be drawn (Graphviz missing, too slow, or failing); the message says why."""


@dataclass(frozen=True)
class Part:
    """One diagram of a flow: the steps drawn in full, and the auto attendants drawn as a box that
    leads to their own diagram."""

    key: str  # "all", "overview" or "menu-<id>"
    title: str
    root: int
    nodes: tuple[int, ...]
    collapsed: tuple[int, ...] = ()


@dataclass(frozen=True)
class Area:
    """A clickable shape of the drawing: a node's box (`node`, its id) or a part's (`part`, its key)."""

    shape: str
    coords: str
    target: str
    value: str


@dataclass(frozen=True)
class Drawing:
    svg: bytes
    areas: tuple[Area, ...]
    digest: str = ""  # of its source: a new one for every change drawn


def quoted(text: str) -> str:
    """`text` as a dot quoted string: backslashes and quotes escaped, line breaks as dot's `\\n`
    (a backslash the person typed stays a backslash, never one of dot's escapes)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "\\n".join(escaped.splitlines() or [""]) + '"'


def parts_of(graph: Graph, entry_id: int, limit: int = MAX_NODES) -> list[Part]:
    """The diagrams of the flow from `entry_id`: one when it has at most `limit` steps, else an
    overview (up to the auto attendants) and one per auto attendant reached."""
    everything = graph.reachable(entry_id)
    if len(everything) <= limit:
        return [Part("all", "The whole flow", entry_id, tuple(everything))]
    menus = [node_id for node_id in everything if graph.nodes[node_id].kind == "auto_attendant"]
    roots = [entry_id] + [node_id for node_id in menus if node_id != entry_id]
    return [Part("overview" if root == entry_id else f"menu-{root}",
                 "Overview" if root == entry_id else graph.nodes[root].name, root,
                 *_part(graph, root, frozenset(menus))) for root in roots]


def _part(graph: Graph, root: int, menus: frozenset[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The steps from `root` up to the next auto attendants, which are only named."""
    inside: list[int] = []
    collapsed: list[int] = []
    waiting = [root]
    while waiting:
        node_id = waiting.pop()
        if node_id in inside or node_id in collapsed:
            continue
        if node_id != root and node_id in menus:
            collapsed.append(node_id)
            continue
        inside.append(node_id)
        waiting.extend(reversed([edge.target for edge in graph.nodes[node_id].edges if edge.target in graph.nodes]))
    return tuple(inside), tuple(collapsed)


def dot_source(graph: Graph, part: Part, marks: dict[int, str] | None = None) -> str:
    """The dot text of one diagram; `marks` gives the nodes with a problem or a warning a border of
    its colour and its words with a ⚠ sign (not colour alone)."""
    marks = marks or {}
    lines = ["digraph flow {",
             f'  graph [fontname="{FONT}", rankdir=TB, nodesep=0.3, ranksep=0.45, bgcolor="white", pad=0.2];',
             f'  node [fontname="{FONT}", fontsize=11, shape=box, style="rounded,filled", color="#57606a", '
             f'margin="0.15,0.07"];',
             f'  edge [fontname="{FONT}", fontsize=10, color="#57606a", fontcolor="#24292f"];']
    lines += [_node_line(graph.nodes[node_id], marks.get(node_id)) for node_id in part.nodes]
    lines += [_collapsed_line(graph.nodes[node_id]) for node_id in part.collapsed]
    for node_id in part.nodes:
        lines += _edge_lines(graph, graph.nodes[node_id], set(part.nodes) | set(part.collapsed))
    return "\n".join(lines + ["}"]) + "\n"


def _label(node: Node, sign: str = "") -> str:
    name = node.name + (f" ({node.extension})" if node.extension else "")
    wrapped = textwrap.wrap(name, LINE, break_long_words=True) or [""]
    return "\n".join([sign + KIND_TITLES.get(node.kind, node.kind), *wrapped])


def _node_line(node: Node, mark: str | None) -> str:
    sign, colour = MARKS.get(mark, ("", ""))
    label = _label(node, sign)
    looks = f', color="{colour}", penwidth=2.5' if mark else ""
    return f'  n{node.id} [label={quoted(label)}, fillcolor="{FILLS.get(node.kind, "#ffffff")}"{looks}, ' \
           f'URL="node:{node.id}"];'


def _collapsed_line(node: Node) -> str:
    label = _label(node) + "\nIts own diagram →"
    return f'  n{node.id} [label={quoted(label)}, fillcolor="{FILLS["auto_attendant"]}", ' \
           f'style="rounded,filled,dashed", URL="part:menu-{node.id}"];'


def _edge_lines(graph: Graph, node: Node, drawn: set[int]) -> list[str]:
    found = []
    for position, edge in enumerate(node.edges):
        label = quoted(branch_label(edge.label))
        if edge.target in drawn:
            found.append(f"  n{node.id} -> n{edge.target} [label={label}];")
        elif edge.target is None and edge.label in SILENT_EXITS:
            continue
        elif edge.target is None or edge.target not in graph.nodes:
            missing = f"x{node.id}_{position}"
            words = "nothing yet" if edge.target is None else "removed"
            colour = MARKS[PROBLEM][1]
            found.append(f'  {missing} [label="{words}", shape=plaintext, style="", fontcolor="{colour}"];')
            found.append(f'  n{node.id} -> {missing} [label={label}, style=dashed, color="{colour}"];')
    return found


def draw(source: str, *, dot: str = "dot", timeout: float = 10, cache: Path | None = None) -> Drawing:
    """The SVG of `source` and its clickable areas (see `draw_all`)."""
    return draw_all([source], dot=dot, timeout=timeout, cache=cache)[0]


def draw_all(sources: list[str], *, dot: str = "dot", timeout: float = 10, cache: Path | None = None) -> list[Drawing]:
    """The drawings of `sources`, each laid out by dot once (kept in `cache` by its source), those not
    kept yet in one run of dot (a flow's many parts cost one process, not one each);
    DiagramUnavailable, saying why, when dot is missing, too slow or fails."""
    kept = [_kept(source, cache) for source in sources]
    missing = [source for source, drawing in zip(sources, kept, strict=True) if drawing is None]
    made = dict(zip(missing, _run_dot(missing, dot, timeout), strict=True)) if missing else {}
    for source, (svg, image_map) in made.items():
        _keep(source, svg, image_map, cache)
    return [drawing or Drawing(made[source][0], _areas(made[source][1]), _digest(source))
            for source, drawing in zip(sources, kept, strict=True)]


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def _paths(source: str, cache: Path) -> tuple[Path, Path]:
    return cache / f"{_digest(source)}.svg", cache / f"{_digest(source)}.map"


def _kept(source: str, cache: Path | None) -> Drawing | None:
    if cache is None:
        return None
    svg, image_map = _paths(source, cache)
    if not (svg.is_file() and image_map.is_file()):
        return None
    return Drawing(svg.read_bytes(), _areas(image_map.read_text()), _digest(source))


def _keep(source: str, svg: bytes, image_map: str, cache: Path | None) -> None:
    if cache is None:
        return
    cache.mkdir(parents=True, exist_ok=True)
    for path, content in zip(_paths(source, cache), (svg, image_map.encode()), strict=True):
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_bytes(content)
        temporary.replace(path)  # whole or not at all, even with two servers drawing at once


def _run_dot(sources: list[str], dot: str, timeout: float) -> list[tuple[bytes, str]]:
    """dot's SVG (text drawn as paths) and image map of each source, from one run: it writes them
    one graph after the other."""
    try:
        finished = subprocess.run([dot, "-Tsvg:cairo", "-Tcmapx"], input="".join(sources).encode(),
                                  capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError as error:
        raise DiagramUnavailable("Graphviz (dot) is not installed on the server.") from error
    except subprocess.TimeoutExpired as error:
        raise DiagramUnavailable(f"Graphviz took more than {timeout:g} seconds to lay it out.") from error
    output, found, at = finished.stdout.decode("utf-8", "replace"), [], 0
    for _ in sources:
        svg_end, map_end = output.find("</svg>", at), output.find("</map>", at)
        if svg_end < 0 or map_end < svg_end:
            break
        svg_end, map_end = svg_end + len("</svg>"), map_end + len("</map>")
        found.append((output[at:svg_end].strip().encode() + b"\n", output[svg_end:map_end]))
        at = map_end
    if finished.returncode != 0 or len(found) != len(sources):
        raise DiagramUnavailable("Graphviz could not lay it out.")
    return found


def _areas(image_map: str) -> tuple[Area, ...]:
    found = []
    for tag in AREA.findall(image_map):
        attributes = dict(ATTRIBUTE.findall(tag))
        target = TARGET.match(attributes.get("href", ""))
        if target and attributes.get("coords"):
            found.append(Area(attributes.get("shape", "poly"), attributes["coords"], *target.groups()))
    return tuple(found)
