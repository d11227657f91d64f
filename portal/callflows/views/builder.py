"""The call-flow builder (issue 16): a flow as an indented outline, and each node an ordinary form
(autosave, versions, the merge) whose "goes to" lists choose an existing destination or create one
in place (portal.core.detours)."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from sqlalchemy import select

from forms.base import ActionForm, select_choices
from forms.callflows import NODE_FORMS, new_node_form
from portal.callflows import nodes, progress
from portal.callflows.description import KIND_TITLES
from portal.callflows.flows import node_url, outline, project_flows, seat_pages
from portal.callflows.services import BY_DESTINATION, NODE_KINDS, FlowError, remove_node
from portal.callflows.views import bp, diagrams, recordings
from portal.core.creating import Creator
from portal.core.detours import offer_creation
from portal.core.editing import Editor
from portal.core.permissions import EDITORS, project_view
from portal.core.routing import destination_choices
from portal.core.views import keeps_drafts, see_other_url
from portal.extensions import db
from portal.models.callflows import HolidaySet
from portal.models.telephony import Destination
from portal.questionnaire.access import destination_loader

GOES_TO = ("no_input_destination_id", "invalid_destination_id", "next_destination_id", "open_destination_id",
           "closed_destination_id", "holiday_destination_id")




@bp.context_processor
def builder_helpers() -> dict:
    return {"node_kind_title": lambda kind: KIND_TITLES.get(kind, kind)}


def index_url(project) -> str:
    return url_for("callflows.index", project_id=project.id)


def _elsewhere(project, destination) -> str | None:
    """Where a destination that is not a call-flow node is changed (section 7, the worksheet)."""
    if destination.kind in BY_DESTINATION:
        return None
    if destination.seat is not None:
        return url_for("worksheet.edit", seat_id=destination.seat.id)
    return url_for("questionnaire.call_group", project_id=project.id, destination_id=destination.id)


@bp.get("/projects/<int:project_id>/call-flows/flow/<int:destination_id>")
@project_view(destination_id=destination_loader)
def flow(project, destination):
    flows = diagrams.flows_from(project, destination)
    seats = seat_pages(project.id)
    return render_template("callflows/flow.html", project=project, entry=flows.graph.nodes[destination.id],
                           rows=outline(flows.graph, destination.id), flows=flows,
                           node_link=lambda node: node_url(project.id, node, seats),
                           diagram=diagrams.diagram_of(project, flows, destination.id))


def _choices(form, project, own_id: int | None = None) -> None:
    """The destinations each list offers (never the node itself), with "create a new one here"; a
    time condition's sites and holiday sets."""
    places = select_choices([("", "Nothing yet")] + operator_first(project, destination_choices(project.id, own_id)))
    for field in form:
        if field.name in GOES_TO or field.name.startswith("key_"):
            field.choices = places
            offer_creation(field)
    if "site_id" in form:
        form.site_id.choices = select_choices([("", "No site")] + [(site.id, site.name) for site in project.sites])
    if "holiday_set_id" in form:
        sets = db.session.scalars(select(HolidaySet).where(HolidaySet.project_id == project.id)
                                  .order_by(HolidaySet.name))
        form.holiday_set_id.choices = select_choices([("", "No holidays")] + [(item.id, item.name) for item in sets])
    form.own_destination_id = own_id


def operator_first(project, choices: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The destinations with the one that has the dial plan's operator extension first, called so."""
    operator = project.dial_plan.operator_extension if project.dial_plan else None
    if not operator:
        return choices
    found = db.session.scalar(select(Destination.id).where(Destination.project_id == project.id,
                                                            Destination.extension == operator))
    first = [(value, f"The operator: {label}") for value, label in choices if value == found]
    return first + [(value, label) for value, label in choices if value != found]


def _after(project, destination) -> str:
    kind = BY_DESTINATION[destination.kind]
    return url_for("callflows.flow", project_id=project.id, destination_id=destination.id) \
        if kind.model is not None else index_url(project)


@bp.route("/projects/<int:project_id>/call-flows/new/<node_kind>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_drafts
def new_node(project, node_kind):
    kind = NODE_KINDS.get(node_kind) or abort(404)
    creator = Creator(new_node_form(kind.key), version=1)
    _choices(creator.form, project)
    fields = [field.name for field in creator.form if getattr(field.widget, "input_type", None) != "hidden"]

    def write():
        made = nodes.create(project, kind, {name: creator.form[name].data for name in fields})
        progress.follow(project)
        return made
    response = creator.submit(write, saved=lambda made: f"{made.name} was added.",
                              next_url=lambda made: _after(project, made), chosen=lambda made: made.id,
                              refusals=(FlowError,))
    return response or render_template("callflows/node.html", project=project, form=creator.form, editor=creator,
                                       kind=kind, destination=None, greeting=None, recorder=None)


@bp.route("/projects/<int:project_id>/call-flows/nodes/<int:destination_id>", methods=["GET", "POST"])
@project_view(edit=True, destination_id=destination_loader)
@keeps_drafts
def node(project, destination):
    if (elsewhere := _elsewhere(project, destination)) is not None:
        return see_other_url(elsewhere)
    editor = node_editor(project, destination)

    def write(view, seen_version, changes):
        conflict = nodes.save(view, seen_version, changes)
        if conflict is None:
            progress.follow(project)
        return conflict
    response = editor.submit(write, title=destination.name, saved=lambda view: f"{view.destination.name} was saved.",
                             next_url=_after(project, destination), refusals=(FlowError,))
    return response or node_page(project, destination, editor)


def node_editor(project, destination, **options) -> Editor:
    editor = Editor(NODE_FORMS[BY_DESTINATION[destination.kind].key], nodes.NodeView(destination), **options)
    _choices(editor.form, project, destination.id)
    return editor


def node_page(project, destination, editor: Editor | None = None, recorder=None, status: int = 200):
    """A node's page: its problems, its form, and a greeting's recording with its own upload form. An
    upload refused shows the node's form as saved (a draft comes back on reload)."""
    editor = editor or node_editor(project, destination, key=request.path.rsplit("/recording", 1)[0],
                                   formdata=None)
    settings = editor.record.settings
    greeted = settings is not None and hasattr(settings, "greeting_file_id")
    return render_template("callflows/node.html", project=project, form=editor.form, editor=editor,
                           kind=BY_DESTINATION[destination.kind], destination=destination,
                           problems=project_flows(project).at(destination.id),
                           greeting=settings if greeted else None,
                           recorder=(recorder or recordings.recorder(project, destination)) if greeted else None), \
        status


@bp.route("/projects/<int:project_id>/call-flows/nodes/<int:destination_id>/remove", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, destination_id=destination_loader)
def remove(project, destination):
    if (elsewhere := _elsewhere(project, destination)) is not None:
        return see_other_url(elsewhere)
    form = ActionForm()
    if form.validate_on_submit():
        name = destination.name
        try:
            remove_node(destination)
        except FlowError as error:
            db.session.rollback()
            flash(str(error), "error")
            return see_other_url(url_for("callflows.node", project_id=project.id, destination_id=destination.id))
        progress.follow(project)
        db.session.commit()
        flash(f"{name} was removed.", "success")
        return see_other_url(index_url(project))
    return render_template("callflows/remove.html", project=project, destination=destination, form=form)
