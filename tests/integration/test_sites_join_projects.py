"""A site added later reaches the project (issue 15, item 4): added from the project, or used by one
of its seats, it joins the project, so section 1 asks its hours and numbers can be placed there."""
from portal.models.users import Role
from tests.factories import create_project, create_seat, create_site, create_user

SITE = {"name": "Distribution center", "street": "2200 W Roosevelt Rd", "suite": "", "city": "Chicago",
        "state": "IL", "postal_code": "60608", "country": "US", "time_zone": ""}


def _project_and_contact(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, contact


def test_a_site_added_from_section_one_joins_the_project_and_comes_back_there(client, app, session):
    project, contact = _project_and_contact(app, session)
    client.login(contact.email)
    section = f"/projects/{project.id}/questionnaire/dial-plan"
    page = client.get(section).get_data(as_text=True)
    assert "The project has no site yet. Add the places where your people work" in page
    path = f"/organizations/{project.organization_id}/sites/new?project={project.id}"
    assert f'href="{path.replace("&", "&amp;")}"' in page
    saved = client.submit(path, SITE)
    assert saved.status_code == 303 and saved.headers["Location"] == section
    assert [site.name for site in project.sites] == ["Distribution center"]
    assert "Distribution center" in client.get(section).get_data(as_text=True)


def test_another_organizations_project_named_in_the_address_is_not_joined(client, app, session):
    project, contact = _project_and_contact(app, session)
    other, _ = _project_and_contact(app, session)
    client.login(contact.email)
    path = f"/organizations/{project.organization_id}/sites/new?project={other.id}"
    saved = client.submit(path, SITE)
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/sites")
    assert (project.sites, other.sites) == ([], [])


def test_a_site_one_of_the_projects_seats_uses_joins_the_project(client, app, session):
    project, contact = _project_and_contact(app, session)
    warehouse = create_site(project.organization, name="Warehouse")
    seat = create_seat(project, first_name="Ana", extension="101")
    session.commit()
    client.login(contact.email)
    assert "Warehouse" not in client.get(f"/projects/{project.id}/questionnaire/dial-plan").get_data(as_text=True)
    fields = {"first_name": "Ana", "last_name": "", "email": "", "extension": "101", "direct_number": "",
              "seat_type_id": str(seat.seat_type_id), "site_id": str(warehouse.id), "phone_model_id": "",
              "recording_mode": "none"}
    assert client.submit(f"/seats/{seat.id}", fields).status_code == 303
    assert [site.name for site in project.sites] == ["Warehouse"]
    page = client.get(f"/projects/{project.id}/questionnaire/dial-plan").get_data(as_text=True)
    assert "Warehouse" in page and "Not given yet" in page


def test_a_renamed_sites_confirmation_names_its_new_name(client, app, session):
    project, contact = _project_and_contact(app, session)
    site = create_site(project.organization, name="Chicago Distribution Center")
    session.commit()
    client.login(contact.email)
    renamed = client.submit(f"/sites/{site.id}", {**SITE, "name": "Distribution center", "street": site.street,
                                                  "city": site.city, "state": "CA", "postal_code": "94105",
                                                  "time_zone": site.time_zone}, follow_redirects=True)
    assert "The site Distribution center was saved." in renamed.get_data(as_text=True)
