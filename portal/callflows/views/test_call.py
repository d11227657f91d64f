"""The test call page (issue 16): follow a call through the flows at a moment, with keys pressed.

The form is sent by GET, not POST: a test call reads the flows and writes nothing (DESIGN.md section 7
asks for no state change on GET, which holds), so the address holds the whole question: it can be
reloaded, bookmarked or sent to a colleague ("this is what happens at Christmas"), and readers may
test-call too. With nothing to change there is nothing for a CSRF token to protect."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import render_template, request
from sqlalchemy import select

from forms.base import select_choices
from forms.test_call import TWICE, place_call_form
from portal.callflows.calendar import TimeDoesNotExist, TimeIsAmbiguous
from portal.callflows.calls import BEHAVIOURS, Call, place_call
from portal.callflows.description import KIND_TITLES, entry_of, project_graph
from portal.callflows.flows import node_url, seat_pages
from portal.callflows.graph import Graph
from portal.callflows.test_calls import Zone, call_zone, ringing_nodes, twice, typed_moment
from portal.callflows.views import bp
from portal.core.permissions import project_view
from portal.core.phones import format_phone
from portal.extensions import db
from portal.models.telephony import PhoneNumber


@dataclass
class Question:
    """What the page needs besides the form: the number the call is for, its zone, and the graph."""

    graph: Graph
    number: PhoneNumber | None
    zone: Zone
    changed: bool = False  # the person chose another number: its zone and destinations are shown first


@bp.get("/projects/<int:project_id>/call-flows/test-call")
@project_view()
def test_call(project):
    numbers = list(db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project.id)
                                      .order_by(PhoneNumber.e164.is_(None), PhoneNumber.e164, PhoneNumber.id)))
    question, form = _question(project, numbers, request.args)
    call = _placed(question, form) if form.is_asked else None
    return render_template("callflows/test_call.html", project=project, form=form, question=question, call=call,
                           steps=_steps(project, question.graph, call) if call else [], numbers=numbers,
                           kind_titles=KIND_TITLES)


def _question(project, numbers: list[PhoneNumber], args) -> tuple[Question, object]:
    """The number asked about (the one in the address, else the first), its zone and the form."""
    graph = project_graph(project.id)
    number = next((item for item in numbers if str(item.id) == args.get("number")), numbers[0] if numbers else None)
    entry = graph.entries.get(entry_of(number)) if number else None
    sites = [(site.name, site.time_zone) for site in ([number.site] if number and number.site else []) + project.sites]
    zone = call_zone(graph, entry, sites)
    ringing = ringing_nodes(graph, entry)
    form = place_call_form([(node.id, node.name) for node in ringing], BEHAVIOURS)(formdata=args or None)
    form.number.choices = select_choices((str(item.id), _number_label(item, graph)) for item in numbers)
    form.ringing, form.asks_which = {node.id: node for node in ringing}, False
    form.time.description = zone.label
    changed = bool(args.get("choose")) or args.get("shown", args.get("number")) != args.get("number")
    form.is_asked = bool(args.get("number")) and not changed
    if not args:
        _defaults(form, number, zone)
    form.shown.data = str(number.id) if number else ""
    return Question(graph, number, zone, changed and bool(args.get("number"))), form


def _defaults(form, number: PhoneNumber | None, zone: Zone) -> None:
    now = datetime.now(ZoneInfo(zone.name))
    form.number.data = str(number.id) if number else None
    form.date.data, form.time.data = now.date(), now.time().replace(second=0, microsecond=0)


def _number_label(number: PhoneNumber, graph: Graph) -> str:
    node = graph.node(graph.entries.get(entry_of(number)))
    dialled = format_phone(number.e164) or (f"A requested number at {number.site.name}" if number.site else
                                            "A requested number")
    return f"{dialled}: rings {node.name}" if node else f"{dialled}: rings nothing yet"


def _placed(question: Question, form) -> Call | None:
    """The call, once the form and the moment are valid; otherwise the errors are at their fields."""
    if not form.validate() or (moment := _moment(form, question.zone.name)) is None:
        return None
    form.moment = moment
    return place_call(question.graph, entry_of(question.number), moment, form.keys.data or "", form.behaviours(),
                      format_phone(question.number.e164) or None)


def _moment(form, zone: str) -> datetime | None:
    """The moment typed; a time the clocks skip is refused at its field, one they repeat asks which."""
    day, clock = form.date.data, form.time.data
    try:
        return typed_moment(day, clock, zone)
    except TimeDoesNotExist as error:
        form.time.errors.append(str(error))
    except TimeIsAmbiguous as error:
        form.which.choices, form.asks_which = select_choices(twice(day, clock, zone)), True
        if form.which.data in dict(TWICE):
            return typed_moment(day, clock, zone, form.which.data)
        form.which.errors.append(str(error))
    return None


@dataclass(frozen=True)
class ShownStep:
    text: str
    url: str | None


def _steps(project, graph: Graph, call: Call) -> list[ShownStep]:
    """The call's steps before its outcome, the first of each node's run linked to that node's page."""
    seats = seat_pages(project.id)
    steps = call.steps[:-1] if call.steps and call.steps[-1].text == call.outcome else call.steps
    shown, previous = [], None
    for step in steps:
        first = step.node_id is not None and step.node_id != previous
        shown.append(ShownStep(step.text, node_url(project.id, graph.nodes[step.node_id], seats) if first else None))
        previous = step.node_id
    return shown
