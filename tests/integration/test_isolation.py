"""A customer never sees or changes another customer's data (DESIGN.md section 9, "Isolation").

Every route taking an id must resolve it through a registered loader (`@loads`). For each such
route this test builds real objects of organization B, requests them as organization A's primary
contact (GET, and POST with a valid token) expecting 404 and no change, then checks that someone
entitled (B's primary contact, or an admin for staff-only pages) succeeds. A new feature joins by
registering its loader and adding a factory to FACTORIES below.
"""
import itertools
import re
from datetime import date

from sqlalchemy import inspect
from werkzeug.routing import IntegerConverter

from portal.core.permissions import LOADERS
from portal.extensions import db, limiter
from portal.models.callflows import Holiday, HolidaySet
from portal.models.telephony import PhoneModel
from portal.models.users import Role
from tests.factories import (
    create_attachment,
    create_call_group,
    create_discrepancy,
    create_import,
    create_number,
    create_organization,
    create_outbox_message,
    create_port_request,
    create_project,
    create_rendering,
    create_review_round,
    create_seat,
    create_site,
    create_stored_file,
    create_template_task,
    create_user,
)

ID_ARGUMENT = re.compile(r"(_id$|^id$)")
_phone_models = itertools.count(1)
FACTORIES = {
    "organization": lambda org: org,
    "user": lambda org: create_user(Role.SECONDARY_CONTACT, org),
    "stored_file": lambda org: create_stored_file(org),
    "project": lambda org: create_project(org),
    "task": lambda org: create_project(org).tasks[0],
    "site": lambda org: create_site(org),
    "template_task": lambda org: create_template_task(),
    "seat": lambda org: create_seat(create_project(org, with_kick_off=False)),
    "data_import": lambda org: create_import(create_project(org, with_kick_off=False)),
    "phone_model": lambda org: _phone_model(),  # catalog data: global, like template_task, staff only
    "rendering": lambda org: create_rendering(create_project(org, with_kick_off=False)),
    "phone_number": lambda org: create_number(create_project(org, with_kick_off=False)),
    "attachment": lambda org: create_attachment(create_project(org, with_kick_off=False)),
    "destination": lambda org: create_call_group(create_project(org, with_kick_off=False)).destination,
    "catalog_model": lambda org: _phone_model(),  # catalog data: global; the project's seats must use it
    "outbox_message": lambda org: create_outbox_message(),  # the outbox: nobody's, admins only
    "holiday_set": lambda org: _holiday_set(org),
    "holiday": lambda org: _holiday_set(org).holidays[0],  # named beside its set, which the view checks
    "port_request": lambda org: create_port_request(create_project(org, with_kick_off=False)),
    "review_round": lambda org: create_review_round(create_project(org, with_kick_off=False)),
    "discrepancy": lambda org: create_discrepancy(create_project(org, with_kick_off=False)),
}
OTHER_ARGUMENTS = {  # route arguments that are not ids
    "kind": "kick_off", "fmt": "csv", "document": "worksheet", "kind_key": "worksheet",
    "section_key": "numbers", "group_kind": "queue", "token": "0123456789", "choice_key": "new_numbers",
    "answer": "yes", "node_kind": "menu", "decision": "resolve",
    "table": "users"}
LINKS = {  # routes naming two objects that must belong together, e.g. a site of the project
    ("project_id", "site_id"): lambda project, site: project.sites.append(site),
    ("project_id", "seat_id"): lambda project, seat: _move_seat(seat, project),
    ("project_id", "number_id"): lambda project, number: setattr(number, "project_id", project.id),
    ("project_id", "attachment_id"): lambda project, attachment: setattr(attachment, "project_id", project.id),
    ("project_id", "destination_id"): lambda project, destination: setattr(destination, "project_id", project.id),
    ("project_id", "phone_model_id"): lambda project, model: create_seat(project, phone_model_id=model.id),
    ("seat_id", "project_id"): lambda seat, project: setattr(seat, "phone_model_id", _phone_model().id),
    ("project_id", "holiday_set_id"): lambda project, holiday_set: setattr(holiday_set, "project_id", project.id),
    ("holiday_set_id", "holiday_id"): lambda holiday_set, holiday: setattr(holiday, "holiday_set_id", holiday_set.id),
    ("project_id", "port_request_id"): lambda project, request: setattr(request, "project_id", project.id),
    ("project_id", "review_round_id"): lambda project, made: setattr(made.package, "project_id", project.id),
    ("project_id", "discrepancy_id"): lambda project, found: setattr(found.package, "project_id", project.id),
}


def _move_seat(seat, project) -> None:
    seat.project_id = seat.destination.project_id = project.id


def _link(objects: dict) -> None:
    for (first, second), link in LINKS.items():
        if first in objects and second in objects:
            link(objects[first], objects[second])
    db.session.flush()


def _holiday_set(org):
    holiday_set = HolidaySet(project_id=create_project(org, with_kick_off=False).id, name="Office holidays",
                             holidays=[Holiday(name="Christmas Eve", starts_on=date(2026, 12, 24),
                                               ends_on=date(2026, 12, 24))])
    db.session.add(holiday_set)
    db.session.flush()
    return holiday_set


def _phone_model():
    phone_model = PhoneModel(vendor="Isolation", model=f"Desk {next(_phone_models)}", keys=6, label_width=12)
    db.session.add(phone_model)
    db.session.flush()
    return phone_model


def _is_id(rule, argument: str) -> bool:
    return bool(ID_ARGUMENT.search(argument)) or isinstance(rule._converters.get(argument), IntegerConverter)


def id_routes(app):
    return [rule for rule in app.url_map.iter_rules() if any(_is_id(rule, arg) for arg in rule.arguments)]


def scoped_arguments(app, rule) -> dict:
    """The route's id arguments and their loaders (a guard declares its scope's own for every route)."""
    scoped = getattr(app.view_functions[rule.endpoint], "scoped_arguments", {})
    return {argument: loader for argument, loader in scoped.items() if argument in rule.arguments}


def test_every_id_route_is_registered_with_a_loader(app):
    unregistered = []
    for rule in id_routes(app):
        scoped = scoped_arguments(app, rule)
        missing = [argument for argument in rule.arguments if _is_id(rule, argument) and argument not in scoped]
        if missing:
            unregistered.append(f"{rule.rule} ({', '.join(missing)})")
    assert unregistered == [], "id-taking routes without a registered loader"
    assert id_routes(app), "the portal has id-taking routes, so this test must find some"


def test_every_loader_has_a_factory():
    assert sorted(LOADERS) == sorted(FACTORIES)


def _snapshot(obj) -> dict:
    state = inspect(obj)
    state.session.refresh(obj)
    return {attribute.key: getattr(obj, attribute.key) for attribute in state.mapper.column_attrs}


def _cases(app):
    for rule in id_routes(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _request(client, rule, method, url):
    if method == "GET":
        response = client.get(url)
        response.close()  # downloads stream from an open file
        return response
    token_page = "/" if client.get("/").status_code == 200 else "/login"
    return client.submit(url, {}, page=token_page)


def test_foreign_ids_answer_404_and_change_nothing(app, client, session):
    a_primary = create_user(Role.PRIMARY_CONTACT, create_organization("Organization A"))
    admin = create_user(Role.ADMIN)
    checked = 0
    for rule, method in _cases(app):
        view = app.view_functions[rule.endpoint]
        b_org = create_organization(f"Organization B{checked}")  # one each: its dashboard stays small
        b_primary = create_user(Role.PRIMARY_CONTACT, b_org)
        objects = {argument: FACTORIES[loader.name](b_org) for argument, loader in scoped_arguments(app, rule).items()}
        _link(objects)
        values = {**OTHER_ARGUMENTS, **{argument: obj.id for argument, obj in objects.items()}}
        url = rule.build(values, append_unknown=False)[1]
        before = {argument: _snapshot(obj) for argument, obj in objects.items()}
        limiter.reset()

        client.login(a_primary.email)
        response = _request(client, rule, method, url)
        assert response.status_code == 404, f"{method} {url} as another organization: {response.status_code}"
        assert {argument: _snapshot(obj) for argument, obj in objects.items()} == before, f"{method} {url} changed data"
        client.submit("/logout", page="/")

        owner = b_primary if Role.PRIMARY_CONTACT in getattr(view, "allowed_roles", {Role.PRIMARY_CONTACT}) else admin
        client.login(owner.email)
        response = _request(client, rule, method, url)
        assert response.status_code < 400, f"{method} {url} as its own {owner.role.value}: {response.status_code}"
        client.submit("/logout", page="/")
        checked += 1
    assert checked >= 6


def _guarded_routes(app, scope: str):
    for rule in app.url_map.iter_rules():
        guard = getattr(app.view_functions[rule.endpoint], "guard", None)
        if guard is not None and guard.scope == scope:
            yield rule, guard


def test_every_project_and_organization_route_goes_through_the_one_guard(app):
    """A route naming a project, or a row that belongs to one or to an organization, is guarded by
    `project_view` or `organization_view`, never by a decorator stack of its own."""
    unguarded = []
    for rule in id_routes(app):
        view = app.view_functions[rule.endpoint]
        owned = [argument for argument, loader in scoped_arguments(app, rule).items()
                 if loader.owner or loader.name in ("project", "organization")]
        if owned and getattr(view, "guard", None) is None:
            unguarded.append(rule.rule)
    assert unguarded == []
    assert len(list(_guarded_routes(app, "project"))) >= 50


def _owning_project(objects: dict, arguments: dict):
    for argument, obj in objects.items():
        owner_of = arguments[argument].owner_in("project")
        if arguments[argument].name == "project":
            return obj
        if owner_of is not None:
            return owner_of(obj)
    raise AssertionError("a project route without a project")


def _editing_request(client, rule, guard, url):
    method = "POST" if "POST" in rule.methods else "GET"
    if method == "GET" and guard.readable:
        return None
    return _request(client, rule, method, url)


def test_an_ipm_not_assigned_to_the_project_cannot_change_it(app, client, session):
    """For every editing route, an IPM who does not manage the project is refused (403) and nothing
    changes; the project's own IPM is let through wherever the route admits IPMs."""
    outsider = create_user(Role.IPM, name="Other IPM")
    checked, organizations = 0, itertools.count()
    for rule, guard in _guarded_routes(app, "project"):
        if not guard.edit:
            continue
        organization = create_organization(f"Managed elsewhere {next(organizations)}")
        arguments = scoped_arguments(app, rule)
        objects = {argument: FACTORIES[loader.name](organization) for argument, loader in arguments.items()}
        _link(objects)
        project = _owning_project(objects, arguments)
        url = rule.build({**OTHER_ARGUMENTS, **{a: obj.id for a, obj in objects.items()}}, append_unknown=False)[1]
        before = {argument: _snapshot(obj) for argument, obj in objects.items()}
        project_before = _snapshot(project)
        limiter.reset()

        if "POST" not in rule.methods and guard.readable:
            continue  # a page everyone who reads sees: only a POST edits
        client.login(outsider.email)
        response = _editing_request(client, rule, guard, url)
        assert response.status_code == 403, f"{rule.rule} as an IPM of another project: {response.status_code}"
        assert {argument: _snapshot(obj) for argument, obj in objects.items()} == before, f"{rule.rule} changed data"
        assert _snapshot(project) == project_before
        client.submit("/logout", page="/")

        if Role.IPM in guard.roles:
            client.login(project.ipm.email)
            response = _editing_request(client, rule, guard, url)
            assert response.status_code < 400, f"{rule.rule} as the project's own IPM: {response.status_code}"
            client.submit("/logout", page="/")
        checked += 1
    assert checked >= 30


def test_an_ipm_who_does_not_manage_the_customer_cannot_change_its_records(app, client, session):
    """For every editing route of an organization's records (sites, details, people, invitations), an
    IPM who runs none of its projects is refused (403) and nothing changes; an admin is let through."""
    outsider, admin = create_user(Role.IPM, name="Other IPM"), create_user(Role.ADMIN)
    checked = 0
    for rule, guard in _guarded_routes(app, "organization"):
        if not guard.edit:
            continue
        organization = create_organization(f"Customer of another IPM {checked}")
        create_project(organization, with_kick_off=False)  # run by another IPM
        arguments = scoped_arguments(app, rule)
        objects = {argument: FACTORIES[loader.name](organization) if loader.name != "organization" else organization
                   for argument, loader in arguments.items()}
        url = rule.build({**OTHER_ARGUMENTS, **{a: obj.id for a, obj in objects.items()}}, append_unknown=False)[1]
        before = {argument: _snapshot(obj) for argument, obj in objects.items()}
        limiter.reset()
        for person, allowed in ((outsider, False), (admin, True)):
            client.login(person.email)
            response = _editing_request(client, rule, guard, url)
            assert (response.status_code < 400) == allowed, f"{rule.rule} as {person.name}: {response.status_code}"
            if not allowed:
                assert {argument: _snapshot(obj) for argument, obj in objects.items()} == before
            client.submit("/logout", page="/")
        checked += 1
    assert checked >= 6


def test_sites_are_edited_by_an_ipm_setting_up_the_customer_or_running_one_of_its_open_projects(
        app, client, session):
    organization = create_organization("Sites Inc")
    site = create_site(organization)
    ipm = create_user(Role.IPM)
    client.login(ipm.email)
    path, listing = f"/sites/{site.id}", f"/organizations/{organization.id}/sites"
    assert client.get(path).status_code == 200  # a new customer, no project yet: any IPM sets it up
    create_project(organization)  # someone else's project
    assert client.get(path).status_code == 403
    page = client.get(listing).get_data(as_text=True)
    assert "Add a site" not in page and "the project managers of its open projects" in page
    create_project(organization, ipm=ipm)
    assert client.get(path).status_code == 200
    page = client.get(listing).get_data(as_text=True)
    assert "Add a site" in page and "You can read this" not in page
    assert client.get(f"/admin/organizations/{organization.id}/invite").status_code == 200


def test_an_admin_edits_a_staff_account_named_by_itself(client, session):
    """A staff account belongs to no organization: the guard leaves it to administrators."""
    engineer = create_user(Role.ENGINEER, name="Eve Engineer")
    client.login(create_user(Role.ADMIN).email)
    assert "Eve Engineer" in client.get(f"/users/{engineer.id}/edit").get_data(as_text=True)
    client.submit("/logout", page="/")
    client.login(create_user(Role.PRIMARY_CONTACT).email)
    assert client.get(f"/users/{engineer.id}/edit").status_code == 404
