"""Section 7 of the questionnaire: the call center's queues, ring groups and shared voicemail boxes."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for

from forms.base import ActionForm, select_choices
from forms.questionnaire import (
    MoveMemberForm,
    NewQueueForm,
    NewRingGroupForm,
    NewVoicemailBoxForm,
    QueueForm,
    RingGroupForm,
    VoicemailBoxForm,
)
from portal.core.creating import Creator
from portal.core.detours import offer_creation
from portal.core.permissions import EDITORS, project_view
from portal.core.routing import destination_choices
from portal.core.views import keeps_drafts, see_other_url
from portal.extensions import db
from portal.projects.services import follow_feature
from portal.questionnaire import call_center as call_center_section
from portal.questionnaire import services
from portal.questionnaire.access import destination_loader
from portal.questionnaire.views import bp
from portal.questionnaire.views.common import created, grouped, project_answer, section_findings

GROUP_FORMS = {"queue": QueueForm, "group": RingGroupForm, "box": VoicemailBoxForm}
NEW_GROUP_FORMS = {"queue": NewQueueForm, "group": NewRingGroupForm, "box": NewVoicemailBoxForm}


@bp.get("/projects/<int:project_id>/questionnaire/call-center")
@project_view()
def call_center(project):
    return render_template("questionnaire/call_center.html", project=project,
                           kinds=[(kind, call_center_section.in_dependency_order(
                               call_center_section.settings_of(project.id, kind), kind))
                                  for kind in call_center_section.KINDS.values()],
                           findings=grouped(section_findings(project, call_center_section.KEY), "destination_id"),
                           names=call_center_section.member_names(project.id))


@bp.route("/projects/<int:project_id>/questionnaire/call-center/new/<group_kind>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_drafts
def new_call_group(project, group_kind):
    kind = call_center_section.KINDS.get(group_kind) or abort(404)
    creator = Creator(NEW_GROUP_FORMS[kind.key], version=1)
    form = creator.form
    _group_choices(form, project, preset_agents=request.method == "GET" and creator.draft is None)
    response = created(project, creator, lambda project, values: services.create_call_group(project, kind, values),
                       tuple(field.name for field in form if getattr(field.widget, "input_type", None) != "hidden"),
                       lambda settings: f"{settings.name} was added.", next_url=call_center_section.page_url(project),
                       chosen=lambda settings: settings.destination_id)
    return response or render_template("questionnaire/call_group.html", project=project, form=form, kind=kind,
                                       settings=None, creator=creator)


@bp.route("/projects/<int:project_id>/questionnaire/call-center/<int:destination_id>", methods=["GET", "POST"])
@project_view(edit=True, destination_id=destination_loader)
@keeps_drafts
def call_group(project, destination):
    settings, kind = _call_group_of(project, destination)
    editor, response = project_answer(
        project, GROUP_FORMS[kind.key], settings, services.save_call_group,
        lambda form: _group_choices(form, project, destination.id), title=settings.name,
        saved=f"{settings.name} was saved.", next_url=call_center_section.page_url(project),
        refusals=(services.CallGroupError,))
    return response or render_template("questionnaire/call_group.html", project=project, form=editor.form,
                                       editor=editor, kind=kind, settings=settings)


def _call_group_of(project, destination):
    settings = call_center_section.settings_for(destination)
    if settings is None:
        abort(404)
    return settings, call_center_section.BY_DESTINATION[destination.kind]


def _group_choices(form, project, own_id: int | None = None, preset_agents: bool = False) -> None:
    """The seats it can have (member pickers; a new queue starts with the seats typed "call-center
    agent" as its agents) and the destinations it can send calls to (never itself)."""
    seats = call_center_section.member_options(project.id)
    if preset_agents and "agents" in form:
        form.agents.data = call_center_section.agent_seats(seats)
    for name in ("agents", "supervisors", "members", "recipients"):
        if name in form:
            call_center_section.offer_members(form[name], seats)
    places = select_choices([("", "Nowhere yet")] + destination_choices(project.id, own_id))
    for name in ("overflow_destination_id", "timeout_destination_id", "no_answer_destination_id"):
        if name in form:
            form[name].choices = places
            offer_creation(form[name])
    form.own_destination_id = own_id


@bp.route("/projects/<int:project_id>/questionnaire/call-center/<int:destination_id>/remove",
          methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, destination_id=destination_loader)
def remove_call_group(project, destination):
    settings, kind = _call_group_of(project, destination)
    form = ActionForm()
    if form.validate_on_submit():
        name = settings.name
        services.remove_call_group(settings)
        follow_feature(project, "questionnaire")
        db.session.commit()
        flash(f"{name} was removed.", "success")
        return see_other_url(call_center_section.page_url(project))
    return render_template("questionnaire/remove_call_group.html", project=project, settings=settings, kind=kind,
                           form=form)


@bp.post("/projects/<int:project_id>/questionnaire/call-center/<int:destination_id>/order")
@project_view(*EDITORS, edit=True, destination_id=destination_loader)
def move_member(project, destination):
    """A seat one place earlier or later in a queue's agents or a group's members."""
    settings, kind = _call_group_of(project, destination)
    back = see_other_url(url_for("questionnaire.call_group", project_id=project.id, destination_id=destination.id)
                         + "#order")
    form = MoveMemberForm()
    role = next((role for role in kind.roles.values() if role.value == request.form.get("role")), None)
    seat_id = request.form.get("seat", "")
    if not form.validate_on_submit() or role is None or not seat_id.isdecimal():
        flash("The page had expired; try again.", "error")
        return back
    if services.move_member(settings, form.version.data, int(seat_id), role, request.form.get("move") == "up"):
        db.session.rollback()
        flash(f"{settings.name} was changed by someone else meanwhile; here it is as it is now.", "warning")
        return back
    db.session.commit()
    return back
