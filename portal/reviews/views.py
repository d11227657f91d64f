"""Review rounds' pages (issue 20): "Review and submit" for the customer, the package's stage with
each side's actions, and a round's frozen snapshot as reviewers read it."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user, login_required

from forms.base import ActionForm, select_choices
from forms.projects import KickOffForm
from forms.reviews import (
    DecisionForm,
    DisputeForm,
    NotesForm,
    QueueFilterForm,
    ScheduleForm,
    StageActionForm,
    SubmitForm,
)
from portal.core import once, snapshots
from portal.core.permissions import project_view, roles_required
from portal.core.rendering import request_rendering
from portal.core.views import keeps_input, see_other, see_other_url
from portal.extensions import db
from portal.models.reviews import PackageStage
from portal.models.users import CONTACT_ROLES, Role
from portal.reviews import addresses, discrepancies, document, queue, services
from portal.reviews.access import review_round_loader
from portal.reviews.readiness import readiness
from portal.reviews.services import ReviewError

bp = Blueprint("reviews", __name__)
STAFF = services.REVIEWERS
DECISIONS = {PackageStage.SUBMITTED: "Start the first review",
             PackageStage.FIRST_REVIEW: "Pass it to the engineering review",
             PackageStage.ENGINEERING_REVIEW: "Pass it to the second review"}


def _url(project) -> str:
    return url_for("reviews.index", project_id=project.id)


def _decision_form(package, **options) -> DecisionForm:
    form = DecisionForm(version=package.version, **options)
    choices = [("advance", DECISIONS[package.stage])] if package.stage in DECISIONS else []
    if package.stage.in_review:
        choices.append(("send_back", "Send it back to the customer with the note"))
    form.action.choices = choices
    return form


def _call_form(project, package) -> KickOffForm:
    """The round's review call as scheduled, or the project's time zone to start from."""
    call = services.call_of(package) if package else None
    zone = project.sites[0].time_zone if project.sites and project.sites[0].time_zone else "America/Chicago"
    return KickOffForm(formdata=None, obj=call) if call else KickOffForm(formdata=None, time_zone=zone)


def _page(project, submit_form=None, decision_form=None, notes_form=None, schedule_form=None, call_form=None,
          dispute_form=None):
    package = services.package_of(project)
    versioned = {"version": package.version} if package else {}
    disputed = _disputed(package, dispute_form.address.data if dispute_form else request.args.get("dispute"))
    schedule = services.schedule_of(package) if package else None
    return render_template(
        "reviews/index.html", project=project, package=package, ready=readiness(project),
        submit_form=submit_form or SubmitForm(formdata=None),
        decision_form=decision_form or (_decision_form(package, formdata=None) if package else None),
        notes_form=notes_form or (NotesForm(formdata=None, notes=(package.current.notes or {}).get(
            package.stage.value, ""), **versioned) if package else None),
        action_form=StageActionForm(formdata=None, **versioned), schedule=schedule,
        schedule_form=schedule_form or ScheduleForm(formdata=None, obj=schedule, **versioned),
        sign_offs=services.sign_offs(package) if package else {}, call=services.call_of(package) if package else None,
        call_form=call_form or _call_form(project, package),
        dispute_form=dispute_form or DisputeForm(formdata=None, address=request.args.get("dispute") if disputed
                                                 else None, **versioned), disputed=disputed,
        can_act=package is not None and services.can_act(package, current_user), side=services.side_of(current_user),
        counts=services.counts(package) if package else None)


def _disputed(package, address: str | None) -> str | None:
    """What a dispute is about, as the round names it (None: the planned configuration as a whole)."""
    if package is None or not address:
        return None
    return addresses.describe(snapshots.read(package.current.snapshot), address)


@bp.get("/projects/<int:project_id>/review")
@project_view()
def index(project):
    return _page(project)


@bp.post("/projects/<int:project_id>/review/submit")
@project_view(*CONTACT_ROLES, edit=True)
@keeps_input
def submit(project):
    form = SubmitForm()
    if not form.validate_on_submit():
        return _page(project, submit_form=form)
    claim = once.claim(form.once_token.data, form.once_purpose)
    if claim.repeated:
        return claim.replay()
    try:
        made = services.submit(project, current_user, form.acknowledged)
    except ReviewError as error:
        db.session.rollback()
        form.acknowledge.errors.append(str(error))
        return _page(project, submit_form=form)
    claim.finish(_url(project))
    db.session.commit()
    flash(f"Round {made.number} is submitted: your project manager is told. You can keep editing; what was "
          f"submitted stays as it was.", "success")
    return see_other_url(_url(project))


def _package(project):
    """The project's package; None (and a message) when nothing is submitted yet."""
    package = services.package_of(project)
    if package is None:
        flash("Nothing is submitted for review yet.", "info")
    return package


@bp.post("/projects/<int:project_id>/review/decide")
@project_view(*STAFF)
@keeps_input
def decide(project):
    package = _package(project)
    if package is None:
        return see_other_url(_url(project))
    if not services.can_act(package, current_user):  # the page offers them no decision: say why
        flash(services.not_yours(package), "error")
        return see_other_url(_url(project))
    form = _decision_form(package)
    if not form.validate_on_submit():
        return _page(project, decision_form=form)
    return _acted(project, lambda: services.decide(package, form.version.data, current_user, form.action.data,
                                                   form.note.data), "The package moved on.", form.action,
                  decision_form=form)


def _acted(project, act, done: str, field=None, **page_forms):
    """Run a service; a refusal is shown at `field` with what was typed (or flashed), else the
    outcome is flashed."""
    try:
        act()
    except ReviewError as error:
        db.session.rollback()
        if field is None:
            flash(str(error), "error")
            return see_other_url(_url(project))
        field.errors = [*field.errors, str(error)]
        return _page(project, **page_forms)
    db.session.commit()
    flash(done, "success")
    return see_other_url(_url(project))


@bp.post("/projects/<int:project_id>/review/notes")
@project_view(*STAFF)
@keeps_input
def notes(project):
    package = _package(project)
    if package is None:
        return see_other_url(_url(project))
    form = NotesForm()
    if not form.validate_on_submit():
        return _page(project, notes_form=form)
    if not services.can_act(package, current_user):
        flash("These notes are the reviewer's of this stage.", "error")
        return see_other_url(_url(project))
    services.record_notes(package, form.notes.data or "")
    db.session.commit()
    flash("The notes are kept with the round.", "success")
    return see_other_url(_url(project) + "#stage-notes")


@bp.post("/projects/<int:project_id>/review/sign-off")
@project_view()
def sign_off(project):
    package = _package(project)
    if package is None or not StageActionForm().validate_on_submit():
        flash("The page was out of date; check it and sign off again.", "error")
        return see_other_url(_url(project))
    return _acted(project, lambda: services.sign_off(package, current_user), "Your sign-off is recorded.")


@bp.post("/projects/<int:project_id>/review/schedule")
@project_view(Role.IPM, Role.ADMIN)
@keeps_input
def schedule(project):
    package = _package(project)
    if package is None:
        return see_other_url(_url(project))
    form = ScheduleForm()
    if not form.validate_on_submit():
        return _page(project, schedule_form=form)
    return _acted(project, lambda: services.propose_schedule(
        package, current_user, form.starts_on.data, form.ends_on.data, form.methods.data, form.note.data or None),
        "The configuration schedule is proposed to the customer.", form.starts_on, schedule_form=form)


@bp.post("/projects/<int:project_id>/review/schedule/accept")
@project_view(*CONTACT_ROLES, edit=True)
def accept(project):
    package = _package(project)
    if package is None or not StageActionForm().validate_on_submit():
        flash("The page was out of date; check the schedule and accept it again.", "error")
        return see_other_url(_url(project))
    return _acted(project, lambda: services.accept_schedule(package, current_user),
                  "The configuration schedule is agreed; its dates are on the project's timeline.")


@bp.get("/projects/<int:project_id>/review/rounds/<int:review_round_id>")
@project_view(review_round_id=review_round_loader)
def round_page(project, review_round):
    """A round as submitted, what changed since the round before it (from the two snapshots) with the
    discrepancies each change answers, the discrepancies and whether their things changed, and for
    reviewers of the current round, every thing a discrepancy can be raised on."""
    package, parts = review_round.package, snapshots.read(review_round.snapshot)
    changes = discrepancies.round_changes(review_round)
    found = discrepancies.of_package(package)
    earlier = [item for item in found if item.raised_in.number < review_round.number]
    raising = review_round.id == package.current.id and package.stage in discrepancies.RAISING_STAGES \
        and discrepancies.may_review(package, current_user)
    return render_template("reviews/round.html", project=project, package=package, round=review_round, parts=parts,
                           before=discrepancies.before(review_round), changes=changes,
                           answered=discrepancies.answered_by(changes or [], earlier),
                           shown=discrepancies.in_round(review_round, found, changes),
                           things=addresses.by_part(parts) if raising else None)


@bp.get("/reviews")
@login_required
@roles_required(*STAFF)
def queue_page():
    """Every package waiting on the provider, across customers."""
    staff, customers = queue.choices()
    form = QueueFilterForm(request.args, meta={"csrf": False})
    form.assignee.choices = select_choices([("", "Anyone")] + [(str(key), name) for key, name in staff])
    form.customer.choices = select_choices([("", "Every customer")] + [(str(key), name) for key, name in customers])
    filters = queue.Filters(PackageStage(form.stage.data) if form.stage.data else None,
                            int(form.assignee.data) if form.assignee.data else None,
                            int(form.customer.data) if form.customer.data else None) if form.validate() \
        else queue.Filters()
    return render_template("reviews/queue.html", form=form, lines=queue.lines(current_user, filters),
                           today=date.today())


@bp.post("/projects/<int:project_id>/review/take")
@project_view(Role.ENGINEER, Role.ADMIN)
def take(project):
    """An engineer takes the engineering review on (the queue shows them as its assignee)."""
    package = _package(project)
    if package is None or not StageActionForm().validate_on_submit():
        return see_other_url(_url(project))
    return _acted(project, lambda: services.take(package, current_user),
                  "The engineering review is yours: the queue shows you as its reviewer.")


@bp.post("/projects/<int:project_id>/review/rounds/<int:review_round_id>/package.pdf")
@project_view(review_round_id=review_round_loader)  # asking for a document changes nothing: readers may
def package_pdf(project, review_round):
    """The round's package PDF: the stored one when it was prepared, else prepared now in the
    background (rendered once per round, from its snapshot)."""
    if not ActionForm().validate_on_submit():
        flash("The page had expired; ask for the PDF again.", "error")
        return see_other_url(_url(project))
    stored = document.stored_pdf(review_round)
    if stored is not None:
        return see_other("files.download", file_id=stored.stored_file_id)
    rendering, _ = request_rendering(project, document.KIND, current_user, subject_id=review_round.id)
    db.session.commit()
    return see_other("files.progress", rendering_id=rendering.id)


@bp.post("/projects/<int:project_id>/review/call")
@project_view(Role.IPM, Role.ADMIN, edit=True)
@keeps_input
def call(project):
    """The round's review call scheduled (or moved): the customer's contacts get its invitation."""
    package = _package(project)
    if package is None:
        return see_other_url(_url(project))
    form = KickOffForm()
    if not form.validate_on_submit():
        return _page(project, call_form=form)
    return _acted(project, lambda: services.schedule_call(
        package, current_user, form.first_date.data, form.start_time.data, form.time_zone.data,
        form.duration_minutes.data, form.location.data or None),
        "The review call is scheduled: the customer's contacts have its calendar invitation.", form.first_date,
        call_form=form)


@bp.post("/projects/<int:project_id>/review/dispute")
@project_view(*CONTACT_ROLES, edit=True)
@keeps_input
def dispute(project):
    """The customer disputes the planned configuration at the second review, with a note."""
    package = _package(project)
    if package is None:
        return see_other_url(_url(project))
    form = DisputeForm()
    if not form.validate_on_submit():
        return _page(project, dispute_form=form)
    return _acted(project, lambda: discrepancies.dispute(package, form.version.data, current_user, form.note.data,
                                                         form.address.data or None),
                  "Your note is sent with the round: the project manager reviews the planned configuration again "
                  "with you.", form.note, dispute_form=form)
