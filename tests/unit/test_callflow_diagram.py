"""The call-flow diagrams' DOT writer (issue 17): customer text only ever inside escaped quoted
strings, problems marked by sign and colour, a large flow split per auto attendant, the drawing kept
by its source, and Graphviz missing or too slow said plainly."""
import re
import shutil
import subprocess

import pytest

from portal.callflows.diagram import (
    PROBLEM,
    WARNING,
    DiagramUnavailable,
    dot_source,
    draw,
    draw_all,
    parts_of,
    quoted,
)
from portal.callflows.graph import Edge, Graph, Node

HOSTILE = 'Sales "A" \\ <b>{x}</b> ]; n9 [URL="http://evil"];\nsecond line \\N'
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is installed by .ci/bootstrap")


def _flow(name: str = "Main menu") -> Graph:
    return Graph({1: Node(1, "auto_attendant", name, (Edge("key:1", 2), Edge("key:2", None), Edge("no_input", None)),
                          extension="140"),
                  2: Node(2, "queue", "Sales queue", (Edge("overflow", 3),)),
                  3: Node(3, "voicemail", "Sales voicemail")}, {"+13125550100": 1})


def _outside_quotes(source: str) -> str:
    """The DOT text with every quoted string taken out (what dot reads as syntax)."""
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', source)


def test_quoted_escapes_backslashes_quotes_and_line_breaks():
    assert quoted('say "hi"') == '"say \\"hi\\""'
    assert quoted("a\\b") == '"a\\\\b"'
    assert quoted("one\ntwo\r\nthree") == '"one\\ntwo\\nthree"'
    assert quoted("\\N") == '"\\\\N"'  # dot's own escapes (\N: the node's name) stay literal text


def test_customer_text_never_reaches_dot_as_syntax():
    graph = _flow(HOSTILE)
    source = dot_source(graph, parts_of(graph, 1)[0])
    syntax = _outside_quotes(source)
    assert "evil" not in syntax and "<b>" not in syntax and "{x}" not in syntax and "second line" not in syntax
    assert re.findall(r"URL=\"([^\"]*)\"", source) == ["node:1", "node:2", "node:3"]  # the portal's own only
    assert "label=<" not in source  # never an HTML-like label


def test_problems_are_marked_with_a_sign_and_a_colour_and_a_missing_key_is_drawn():
    graph = _flow()
    source = dot_source(graph, parts_of(graph, 1)[0], {1: PROBLEM, 2: WARNING})
    assert '"⚠ Problem: Auto attendant\\nMain menu (140)"' in source and 'color="#cf222e", penwidth=2.5' in source
    assert '"⚠ Warning: Call queue\\nSales queue"' in source and 'color="#9a6700"' in source
    assert 'n1 -> x1_1 [label="Key 2", style=dashed' in source and 'label="nothing yet"' in source
    assert "no_input" not in source and "When nothing is pressed" not in source  # unset, it hangs up: no arrow


def _large(menus: int, per_menu: int) -> Graph:
    """Hours -> a top menu whose keys lead to `menus` menus, each with `per_menu` announcements."""
    nodes = {1: Node(1, "time_condition", "Hours", (Edge("open", 2), Edge("closed", 2))),
             2: Node(2, "auto_attendant", "Top", tuple(Edge(f"key:{n + 1}", 10 + 100 * n) for n in range(menus)))}
    for n in range(menus):
        first = 10 + 100 * n
        nodes[first] = Node(first, "auto_attendant", f"Menu {n}", (Edge("key:1", first + 1),))
        for step in range(1, per_menu + 1):
            after = (Edge("next", first + step + 1),) if step < per_menu else ()
            nodes[first + step] = Node(first + step, "announcement", f"Step {n}.{step}", after)
    return Graph(nodes, {"+1": 1})


def test_a_large_flow_is_an_overview_and_a_diagram_per_auto_attendant():
    graph = _large(3, 15)
    parts = parts_of(graph, 1)
    assert [(part.key, part.title) for part in parts] == [("overview", "Overview"), ("menu-2", "Top"),
                                                          ("menu-10", "Menu 0"), ("menu-110", "Menu 1"),
                                                          ("menu-210", "Menu 2")]
    assert parts[0].nodes == (1,) and parts[0].collapsed == (2,)
    assert set(parts[1].collapsed) == {10, 110, 210} and parts[1].nodes == (2,)
    assert len(parts[2].nodes) == 16 and parts[2].collapsed == ()
    source = dot_source(graph, parts[1])
    assert 'URL="part:menu-10"' in source and "Its own diagram →" in source
    assert [part.key for part in parts_of(_large(1, 5), 1)] == ["all"]  # small: one diagram


@needs_dot
def test_the_drawing_has_no_text_or_link_and_its_map_only_the_portals_targets(tmp_path):
    graph = _flow(HOSTILE)
    drawing = draw(dot_source(graph, parts_of(graph, 1)[0], {1: PROBLEM}), cache=tmp_path)
    assert drawing.svg.startswith(b"<?xml") and drawing.svg.rstrip().endswith(b"</svg>")
    assert b"<text" not in drawing.svg and b"<a " not in drawing.svg and b"script" not in drawing.svg
    assert b"Sales" not in drawing.svg and b"evil" not in drawing.svg  # text drawn as paths
    assert {(area.target, area.value) for area in drawing.areas} == {("node", "1"), ("node", "2"), ("node", "3")}


@needs_dot
def test_a_drawing_is_laid_out_once_per_source(tmp_path):
    source = dot_source(_flow(), parts_of(_flow(), 1)[0])
    first = draw(source, cache=tmp_path)
    assert draw(source, dot="/no/such/dot", cache=tmp_path) == first  # from the cache, dot not run


def test_graphviz_missing_or_too_slow_is_said_plainly(tmp_path):
    source = dot_source(_flow(), parts_of(_flow(), 1)[0])
    with pytest.raises(DiagramUnavailable, match="Graphviz \\(dot\\) is not installed on the server."):
        draw(source, dot=str(tmp_path / "dot"))
    slow = tmp_path / "slow-dot"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    with pytest.raises(DiagramUnavailable, match="Graphviz took more than 0.2 seconds to lay it out."):
        draw(source, dot=str(slow), timeout=0.2)
    broken = tmp_path / "broken-dot"
    broken.write_text("#!/bin/sh\necho 'syntax error' >&2\nexit 1\n")
    broken.chmod(0o755)
    with pytest.raises(DiagramUnavailable, match="Graphviz could not lay it out."):
        draw(source, dot=str(broken))
    assert not list(tmp_path.glob("*.svg"))  # nothing half-made is kept


@needs_dot
def test_dot_reads_every_diagram_of_a_hostile_flow_without_complaint():
    graph = _flow(HOSTILE)
    finished = subprocess.run(["dot", "-Tcanon"], input=dot_source(graph, parts_of(graph, 1)[0]).encode(),
                              capture_output=True, timeout=10, check=False)
    assert finished.returncode == 0 and finished.stderr == b""
    declared = set(re.findall(r"^\t(\w+)\t\[", finished.stdout.decode(), re.MULTILINE))
    assert declared == {"n1", "n2", "n3", "x1_1"}  # the name's "n9 [URL=...]" stayed text


@needs_dot
def test_the_parts_of_a_flow_are_laid_out_by_one_run_of_dot(tmp_path):
    graph = _large(3, 15)
    runs = tmp_path / "runs"
    counting = tmp_path / "counting-dot"
    counting.write_text(f"#!/bin/sh\necho run >> {runs}\nexec {shutil.which('dot')} \"$@\"\n")
    counting.chmod(0o755)
    sources = [dot_source(graph, part) for part in parts_of(graph, 1)]
    drawings = draw_all(sources, dot=str(counting), cache=tmp_path / "kept")
    assert runs.read_text().count("run") == 1 and len(drawings) == 5
    assert all(drawing.svg.rstrip().endswith(b"</svg>") and drawing.areas for drawing in drawings)
    alone = draw(sources[2], cache=tmp_path / "alone")
    assert drawings[2].areas == alone.areas  # the same layout as drawn on its own (only cairo's ids differ)
    assert re.sub(rb"surface\d+", b"", drawings[2].svg) == re.sub(rb"surface\d+", b"", alone.svg)
    assert draw_all(sources, dot=str(counting), cache=tmp_path / "kept") == drawings
    assert runs.read_text().count("run") == 1  # all kept: dot not run again
