"""Section 1 of the questionnaire: the dial plan and each site's business hours."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from forms.questionnaire import DialPlanForm, SiteHoursForm
from portal.core.editing import Editor
from portal.core.permissions import EDITORS, Access, organization_access, project_view
from portal.core.views import keeps_drafts
from portal.projects.access import site_loader
from portal.questionnaire import dial_plan as dial_plan_section
from portal.questionnaire import services
from portal.questionnaire.views import bp
from portal.questionnaire.views.common import followed, project_answer


@bp.route("/projects/<int:project_id>/questionnaire/dial-plan", methods=["GET", "POST"])
@project_view(edit=True)
@keeps_drafts
def dial_plan(project):
    editor, response = project_answer(project, DialPlanForm, project.dial_plan, services.save_dial_plan,
                                      title="The dial plan", saved="The dial plan was saved.",
                                      next_url=dial_plan_section.page_url(project))
    return response or render_template("questionnaire/dial_plan.html", project=project, editor=editor,
                                       form=editor.form, can_add_site=_edits_sites(project))


def _edits_sites(project) -> bool:
    return organization_access(current_user, project.organization, ipm_edits=True) == Access.EDIT


@bp.route("/projects/<int:project_id>/questionnaire/sites/<int:site_id>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, site_id=site_loader)
@keeps_drafts
def site_hours(project, site):
    if site not in project.sites:
        abort(404)
    if not _edits_sites(project):
        abort(403)  # a site's hours count in every project at the site: the organization's rule applies too
    editor = Editor(SiteHoursForm, dial_plan_section.SiteHoursView(site))
    write = followed(project, services.save_site_hours, lambda: dial_plan_section.projects_at(site))
    response = editor.submit(write, title=f"The hours of {site.name}",
                             saved=f"The business hours of {site.name} were saved.",
                             next_url=dial_plan_section.page_url(project))
    return response or render_template("questionnaire/site_hours.html", project=project, site=site, editor=editor,
                                       form=editor.form)
