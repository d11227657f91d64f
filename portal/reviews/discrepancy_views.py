"""Discrepancies' pages (issue 21): the package's list, a reviewer raising one on a thing of the round,
and each one's thread, where either side replies and reviewers resolve or reopen it."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user

from forms.base import select_choices
from forms.reviews import DiscrepancyForm, ReplyForm, StageActionForm
from portal.core import once
from portal.core.pdf import html_to_pdf, pdf_html
from portal.core.permissions import project_view
from portal.core.views import attachment, keeps_input, see_other_url
from portal.extensions import db
from portal.models.reviews import DiscrepancyKind, DiscrepancyStatus
from portal.models.users import CONTACT_ROLES
from portal.reviews import discrepancies, services
from portal.reviews.access import discrepancy_loader, review_round_loader
from portal.reviews.pins import fix_url
from portal.reviews.services import REVIEWERS, ReviewError

bp = Blueprint("discrepancies", __name__)


def _thread_url(found) -> str:
    return url_for("discrepancies.show", project_id=found.package.project_id, discrepancy_id=found.id)


@bp.get("/projects/<int:project_id>/review/discrepancies")
@project_view()
def index(project):
    """Every discrepancy of the package, open ones first, each with whether its thing changed in the
    current round."""
    package = services.package_of(project)
    if package is None:
        flash("Nothing is submitted for review yet, so there is no discrepancy.", "info")
        return see_other_url(url_for("reviews.index", project_id=project.id))
    found = discrepancies.of_package(package)
    shown = discrepancies.in_round(package.current, found)
    return render_template("reviews/discrepancies.html", project=project, package=package, shown=shown,
                           fix_url=lambda item: fix_url(project, item.address, external=False))


@bp.route("/projects/<int:project_id>/review/discrepancies/new", methods=["GET", "POST"])
@project_view(*REVIEWERS)
@keeps_input
def new(project):
    """Raise a discrepancy on a thing of the current round (`?thing=seat:12`, from the round's page)."""
    package = services.package_of(project)
    thing = discrepancies.thing_in_current(package, request.values.get("thing"))
    if thing is None:
        flash("Choose the thing the discrepancy is about on the round's page: each has “Raise a discrepancy”.",
              "error")
        return see_other_url(url_for("reviews.index", project_id=project.id))
    form = DiscrepancyForm()
    form.address.choices = select_choices([(thing.address, f"{thing.label} as a whole")] + [
        (address, f"{thing.label}: {label}") for address, label in thing.fields])
    if request.method == "GET" and request.args.get("address"):
        form.address.data = request.args["address"]
    if form.validate_on_submit():
        done = url_for("reviews.round_page", project_id=project.id, review_round_id=package.current.id)
        claim = once.claim(form.once_token.data, form.once_purpose)
        if claim.repeated:  # a double click: the first one raised it
            return claim.replay()
        try:
            found = discrepancies.raise_discrepancy(package, current_user, form.address.data,
                                                    DiscrepancyKind(form.kind.data), form.text.data)
        except ReviewError as error:
            db.session.rollback()
            form.text.errors = [*form.text.errors, str(error)]
        else:
            claim.finish(done + "#discrepancies")
            db.session.commit()
            flash(f"The {found.kind.title.lower()} is pinned on {found.label}: the customer sees it there.",
                  "success")
            return see_other_url(done + "#discrepancies")
    return render_template("reviews/discrepancy_new.html", project=project, package=package, thing=thing, form=form)


@bp.get("/projects/<int:project_id>/review/discrepancies/<int:discrepancy_id>")
@project_view(discrepancy_id=discrepancy_loader)
def show(project, discrepancy):
    return _thread(project, discrepancy)


def _thread(project, discrepancy, reply_form=None):
    package = discrepancy.package
    state = discrepancies.in_round(package.current, [discrepancy])[0]
    may_reply = current_user.role in CONTACT_ROLES or discrepancies.may_review(package, current_user)
    return render_template("reviews/discrepancy.html", project=project, package=package, item=discrepancy,
                           state=state, fix=fix_url(project, discrepancy.address, external=False),
                           reply_form=reply_form or ReplyForm(formdata=None), may_reply=may_reply,
                           may_review=discrepancies.may_review(package, current_user),
                           decide_form=StageActionForm(formdata=None, version=discrepancy.version))


@bp.post("/projects/<int:project_id>/review/discrepancies/<int:discrepancy_id>/reply")
@project_view(discrepancy_id=discrepancy_loader)
@keeps_input
def reply(project, discrepancy):
    """A reply in the thread; refused (with the text kept) when the thread is closed or too long."""
    form = ReplyForm()
    if form.validate_on_submit():
        claim = once.claim(form.once_token.data, form.once_purpose)
        if claim.repeated:  # a double click: the first one is in the thread
            return claim.replay()
        try:
            discrepancies.reply(discrepancy, current_user, form.text.data)
        except ReviewError as error:
            db.session.rollback()
            form.text.errors = [*form.text.errors, str(error)]
        else:
            claim.finish(_thread_url(discrepancy) + "#thread")
            db.session.commit()
            flash("Your reply is in the thread; the other side is told by e-mail.", "success")
            return see_other_url(_thread_url(discrepancy) + "#thread")
    return _thread(project, discrepancy, reply_form=form)


@bp.post("/projects/<int:project_id>/review/discrepancies/<int:discrepancy_id>/<any(resolve, reopen):decision>")
@project_view(*REVIEWERS, discrepancy_id=discrepancy_loader)
def decide(project, discrepancy, decision):
    """Resolve or reopen, at the version the reviewer saw: a stale page is told what happened since."""
    form = StageActionForm()
    if not form.validate_on_submit():
        flash("The page was out of date; check the discrepancy and decide again.", "error")
        return see_other_url(_thread_url(discrepancy))
    act = discrepancies.resolve if decision == "resolve" else discrepancies.reopen
    try:
        act(discrepancy, form.version.data, current_user)
    except ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
        return see_other_url(_thread_url(discrepancy))
    db.session.commit()
    done = "resolved" if discrepancy.status == DiscrepancyStatus.RESOLVED else "open again"
    flash(f"The discrepancy on {discrepancy.label} is {done}.", "success")
    return see_other_url(_thread_url(discrepancy))


@bp.get("/projects/<int:project_id>/review/rounds/<int:review_round_id>/report.pdf")
@project_view(review_round_id=review_round_loader)
def report(project, review_round):
    """The round's review report: its discrepancies and their outcome, for the customer (small: laid
    out at once with the one renderer)."""
    shown = discrepancies.in_round(review_round, discrepancies.of_package(review_round.package))
    html = pdf_html("pdf/review_report.html", project=project, round=review_round, shown=shown, today=date.today())
    name = f"review-report-{project.id}-round-{review_round.number}.pdf"
    return attachment(html_to_pdf(html), "application/pdf", name)
