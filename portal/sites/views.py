"""Sites of a customer organization: listed for everyone who reads it; added and edited by its
contacts, the project managers of its open projects and administrators."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from forms.sites import NewSiteForm, SiteForm
from portal.core.creating import Creator
from portal.core.editing import Editor
from portal.core.permissions import EDITORS, organization_view
from portal.core.views import keeps_drafts
from portal.extensions import db
from portal.models.projects import Project
from portal.projects.access import site_loader
from portal.sites import queries, services

bp = Blueprint("sites", __name__)
FIELDS = ("name", "street", "suite", "city", "state", "postal_code", "country", "time_zone")


def _list_url(organization_id: int) -> str:
    return url_for("sites.index", organization_id=organization_id)


@bp.get("/organizations/<int:organization_id>/sites")
@organization_view(ipm_edits=True)
def index(organization):
    return render_template("sites/index.html", organization=organization,
                           sites=queries.organization_sites(organization.id))


@bp.route("/organizations/<int:organization_id>/sites/new", methods=["GET", "POST"])
@organization_view(*EDITORS, edit=True, readable=False, ipm_edits=True)
@keeps_drafts
def new(organization):
    """Add a site; asked for from a project (`?project=`), it joins that project and the person
    goes back to the project's section 1, where its hours are asked next."""
    project = _joining(organization)
    back = url_for("questionnaire.dial_plan", project_id=project.id) if project else _list_url(organization.id)
    creator = Creator(NewSiteForm, version=1)
    response = creator.submit(lambda: services.create_site(organization, {name: creator.form[name].data or None
                                                                          for name in FIELDS}, project),
                              saved=lambda site: f"The site {site.name} was added.", next_url=back)
    return response or render_template("sites/form.html", form=creator.form, creator=creator,
                                       organization=organization, site=None, cancel_url=back, project=project)


def _joining(organization):
    """The project of this organization the new site is for, if the person came from one."""
    project = db.session.get(Project, request.args.get("project", type=int) or 0)
    return project if project is not None and project.organization_id == organization.id else None


@bp.route("/sites/<int:site_id>", methods=["GET", "POST"])
@organization_view(*EDITORS, edit=True, readable=False, ipm_edits=True, site_id=site_loader)
@keeps_drafts
def edit(site):
    editor = Editor(SiteForm, site)
    response = editor.submit(services.update_site, title=f"The site {site.name}",
                             saved=lambda saved: f"The site {saved.name} was saved.",
                             next_url=_list_url(site.organization_id))
    return response or render_template("sites/form.html", editor=editor, organization=site.organization, site=site,
                                       cancel_url=_list_url(site.organization_id))
