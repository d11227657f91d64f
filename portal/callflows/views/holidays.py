"""Holiday sets: named days a project's time conditions share (issue 16). The sets with their
holidays, a set's page (renamed there), its holidays added, changed and removed, the country's
public holidays added in one go, and a set removed after a confirmation."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, render_template, url_for

from forms.base import ActionForm, select_choices
from forms.holidays import HolidayForm, HolidaySetForm, NewHolidayForm, NewHolidaySetForm, PublicHolidaysForm
from portal.callflows import holidays
from portal.callflows.access import holiday_loader, holiday_set_loader
from portal.callflows.views import bp
from portal.core.creating import Creator
from portal.core.editing import Editor
from portal.core.permissions import EDITORS, project_view
from portal.core.views import keeps_drafts, see_other_url
from portal.extensions import db

SETS = "/projects/<int:project_id>/call-flows/holidays"
A_SET = SETS + "/<int:holiday_set_id>"


def index_url(project) -> str:
    return url_for("callflows.holiday_sets", project_id=project.id)


def set_url(project, holiday_set) -> str:
    return url_for("callflows.holiday_set", project_id=project.id, holiday_set_id=holiday_set.id)


def _values(form) -> dict:
    return {field.name: field.data for field in form if getattr(field.widget, "input_type", None) != "hidden"}


@bp.get(SETS)
@project_view()
def holiday_sets(project):
    return render_template("callflows/holidays/index.html", project=project, sets=holidays.project_sets(project),
                           country=holidays.holiday_country(project))


@bp.route(SETS + "/new", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False)
@keeps_drafts
def new_holiday_set(project):
    creator = Creator(NewHolidaySetForm)
    response = creator.submit(lambda: holidays.new_holiday_set(project, creator.form.name.data),
                              saved=lambda made: f"{made.name} was added. Add its holidays now.",
                              next_url=lambda made: set_url(project, made), refusals=(holidays.HolidayError,))
    return response or render_template("callflows/holidays/new_set.html", project=project, creator=creator)


@bp.route(A_SET, methods=["GET", "POST"])
@project_view(edit=True, holiday_set_id=holiday_set_loader)
@keeps_drafts
def holiday_set(project, holiday_set):
    editor = Editor(HolidaySetForm, holiday_set)
    response = editor.submit(holidays.rename_holiday_set, title=holiday_set.name,
                             saved=lambda renamed: f"The holiday set is now called {renamed.name}.",
                             next_url=set_url(project, holiday_set), refusals=(holidays.HolidayError,))
    return response or render_template("callflows/holidays/set.html", project=project, editor=editor,
                                       summary=holidays.set_summary(holiday_set))


def _removed_after_confirmation(remove, said: str, next_url: str, template: str, **context):
    """A confirmation page whose button (a POST) removes, commits and goes on to `next_url`."""
    form = ActionForm()
    if form.validate_on_submit():
        remove()
        db.session.commit()
        flash(said, "success")
        return see_other_url(next_url)
    return render_template(template, form=form, **context)


@bp.route(A_SET + "/remove", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, holiday_set_id=holiday_set_loader)
def remove_holiday_set(project, holiday_set):
    return _removed_after_confirmation(
        lambda: holidays.remove_holiday_set(holiday_set), f"{holiday_set.name} was removed.", index_url(project),
        "callflows/holidays/remove_set.html", project=project, holiday_set=holiday_set,
        conditions=holidays.conditions_using(holiday_set))


@bp.route(A_SET + "/new", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, holiday_set_id=holiday_set_loader)
@keeps_drafts
def new_holiday(project, holiday_set):
    creator = Creator(NewHolidayForm)
    country = holidays.holiday_country(project)
    response = creator.submit(lambda: holidays.add_holiday(holiday_set, _values(creator.form), country),
                              saved=lambda made: f"{made.name} was added to {holiday_set.name}.",
                              next_url=set_url(project, holiday_set), refusals=(holidays.HolidayError,))
    return response or render_template("callflows/holidays/holiday.html", project=project, holiday_set=holiday_set,
                                       editor=creator, holiday=None, country=country)


def _own(holiday_set, holiday):
    """The holiday, if it is one of the set's (a route names both)."""
    return holiday if holiday.holiday_set_id == holiday_set.id else abort(404)


@bp.route(A_SET + "/holidays/<int:holiday_id>", methods=["GET", "POST"])
@project_view(edit=True, holiday_set_id=holiday_set_loader, holiday_id=holiday_loader)
@keeps_drafts
def holiday(project, holiday_set, holiday):
    holiday = _own(holiday_set, holiday)
    editor = Editor(HolidayForm, holidays.HolidayView(holiday, holiday_set))
    country = holidays.holiday_country(project)
    response = editor.submit(lambda view, seen, changes: holidays.save_holiday(view, seen, changes, country),
                             title=holiday.name, saved=lambda view: f"{view.holiday.name} was saved.",
                             next_url=set_url(project, holiday_set), refusals=(holidays.HolidayError,))
    return response or render_template("callflows/holidays/holiday.html", project=project, holiday_set=holiday_set,
                                       editor=editor, holiday=holiday, country=country,
                                       line=holidays.holiday_line(holiday, date.today().year))


@bp.route(A_SET + "/holidays/<int:holiday_id>/remove", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, holiday_set_id=holiday_set_loader, holiday_id=holiday_loader)
def remove_holiday(project, holiday_set, holiday):
    holiday = _own(holiday_set, holiday)
    return _removed_after_confirmation(
        lambda: holidays.remove_holiday(holiday, holiday_set), f"{holiday.name} was removed from {holiday_set.name}.",
        set_url(project, holiday_set), "callflows/holidays/remove_holiday.html", project=project,
        holiday_set=holiday_set, holiday=holiday)


@bp.route(A_SET + "/public", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, holiday_set_id=holiday_set_loader)
@keeps_drafts
def public_holidays(project, holiday_set):
    country, year = holidays.holiday_country(project), date.today().year
    offered, already = holidays.offered_public_holidays(holiday_set, country, year)
    creator = Creator(PublicHolidaysForm, names=[item.key for item in offered])
    creator.form.names.choices = select_choices((item.key, item.label) for item in offered)
    response = creator.submit(
        lambda: holidays.add_public_holidays(holiday_set, country, creator.form.names.data, year),
        saved=lambda added: f"{len(added)} public {'holiday was' if len(added) == 1 else 'holidays were'} added to "
                            f"{holiday_set.name}.", next_url=set_url(project, holiday_set))
    return response or render_template("callflows/holidays/public.html", project=project, holiday_set=holiday_set,
                                       creator=creator, offered=offered, already=already, country=country, year=year)
