"""A site's time zone (issue 15, item 10): the zones of its country and state first, and left
empty, the one a US state's site is almost surely in."""
import re

from sqlalchemy import select

from portal.models.telephony import Site
from portal.models.users import Role
from tests.factories import create_site, create_user

SITE = {"name": "Distribution center", "street": "2200 W Roosevelt Rd", "suite": "", "city": "Chicago",
        "state": "IL", "postal_code": "60608", "country": "US", "time_zone": ""}


def _options(page: str) -> list[str]:
    select = re.search(r'<select[^>]*name="time_zone".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"', select)


def test_a_new_us_site_left_without_a_zone_gets_its_states_main_one(client, session):
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    path = f"/organizations/{primary.organization_id}/sites/new"
    options = _options(client.get(path).get_data(as_text=True))
    assert options[:2] == ["", "America/New_York"] and "Africa/Asmera" not in options  # US zones first
    assert client.submit(path, SITE).status_code == 303
    site = session.scalars(select(Site).where(Site.name == "Distribution center")).one()
    assert site.time_zone == "America/Chicago"


def test_a_site_outside_the_us_left_without_a_zone_is_asked_for_one_with_its_countrys_first(client, session):
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    path = f"/organizations/{primary.organization_id}/sites/new"
    page = client.submit(path, {**SITE, "country": "CA", "state": "ON", "postal_code": "M5V 2T6"}).get_data(
        as_text=True)
    assert "Choose the time zone." in page and _options(page)[1].startswith("America/")
    assert "America/Toronto" in _options(page)[:30]


def test_a_sites_hours_offer_its_states_zones_first(client, app, session):
    from tests.factories import create_project
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    site = create_site(project.organization, name="Dallas office", state="TX", city="Dallas", postal_code="75201",
                       time_zone="America/Chicago")
    project.sites.append(site)
    session.commit()
    client.login(create_user(Role.PRIMARY_CONTACT, project.organization).email)
    options = _options(client.get(f"/projects/{project.id}/questionnaire/sites/{site.id}").get_data(as_text=True))
    assert options[1:3] == ["America/Chicago", "America/Denver"]
