"""Issue 15, item 4: on the columns page each value of the site column that names no site is matched
to a site (the likeliest chosen) or to a new site added from its rows; user types alike (never new);
the choices are the import's own, and so is the preview's "these are new numbers" (item 3)."""
import html
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models.imports import Import
from portal.models.projects import Phase
from portal.models.telephony import NumberSource, PhoneNumber, Seat, Site
from portal.models.users import Role
from tests.factories import create_project, create_site, create_user

HEADERS = "\t".join(["First name", "Last name", "User principal name", "Office", "Type", "Phone number",
                     "Street address", "City", "State", "Postal code", "Country/Region"]) + "\n"
ROWS = [
    "Ana\tDiaz\tana@example.com\tChicago Distribution Center\tStandard user\t\t1 Dock Rd\tChicago\tIL\t60601\tUS",
    "Ben\tOkafor\tben@example.com\tHead office\tAgent\t(415) 555-0104\t100 Market Street\tSan Francisco\tCA\t94105\tUS",
    "Cleo\tNg\tcleo@example.com\tDenver Office\tStandard user\t\t1600 Wynkoop Street\tDenver\tColorado\t80202\t"
    "United States",
    "Dev\tRao\tdev@example.com\tDenver Office\tBoss\t\t1600 Wynkoop St\tDenver\tCO\t80202\tUnited States",
    "Eve\tMoss\teve@example.com\tdenver  office\tStandard user\t\t1600 Wynkoop Street\tDenver\tCO\t80202-1234\tUS",
]


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _setting(app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    center = create_site(project.organization, name="Distribution center", street="1 Dock Road", city="Chicago",
                         state="IL", postal_code="60601", time_zone="America/Chicago")
    head = create_site(project.organization, name="Head office")
    return project, center, head


def _start(client, project, rows=ROWS, headers=HEADERS) -> str:
    response = client.submit(f"/projects/{project.id}/import/worksheet/paste", {"pasted": headers + "\n".join(rows)},
                             page=f"/projects/{project.id}/import/worksheet")
    assert response.status_code == 303, _page(response)[-600:]
    return response.headers["Location"]


def _selected(page: str, label: str) -> str:
    """The option chosen in the list labelled `label` (a value of the file, in quotes)."""
    field = re.search(rf'<label class="label" for="(value_\d+)">“{re.escape(label)}”</label>', page).group(1)
    select = re.search(rf'<select[^>]*id="{field}".*?</select>', page, re.S).group(0)
    return re.search(r'<option selected value="[^"]*">([^<]*)</option>', select).group(1)


def test_each_unknown_site_and_type_is_matched_on_the_columns_page(client, app, session):
    project, center, head = _setting(app)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(contact.email)
    page = _page(client.get(_start(client, project)))
    assert "2 sites of the “Office” column are not in the portal under those names" in page
    assert _selected(page, "Chicago Distribution Center") == "Distribution center"  # the likeliest site
    assert "it looks like Distribution center" in page
    assert _selected(page, "Denver Office") == "A new site"  # like none: most likely a new one
    assert "3 rows; no site has a name like it" in page  # "denver  office" is the same value
    assert "“Head office”" not in page  # it names a site exactly: nothing to ask
    assert _selected(page, "Agent") == "Call-center agent"
    assert _selected(page, "Boss") == "No user type: skip its rows"  # a type is never new, nor guessed
    assert "A new user type" not in page and "Distribution center</option>" in page


def test_a_new_site_is_added_from_its_rows_and_the_rows_read_with_it(client, app, session):
    project, center, head = _setting(app)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(contact.email)
    mapping_url = _start(client, project)
    new_site = client.post(mapping_url, data=client.form_values(mapping_url, "column-0"))
    new_url = new_site.headers["Location"]
    assert re.fullmatch(r"/imports/\d+/new/[0-9a-f]{10}", new_url)
    form = _page(client.get(new_url))
    assert "Add the site “Denver Office”" in form and "3 rows of pasted rows name it" in form
    waiting = _page(client.get(new_url.split("/new/")[0]))  # the rows before it is added: waiting for it
    assert f'<a href="{new_url}">Add the site “Denver Office”</a>' in waiting
    assert "“Denver Office” is to be a new site" in waiting and "Import 2 rows" in waiting
    prefilled = client.form_values(new_url, "street")
    assert {key: prefilled[key] for key in ("name", "street", "city", "state", "postal_code", "country",
                                            "time_zone")} == {
        "name": "Denver Office", "street": "1600 Wynkoop Street", "city": "Denver", "state": "CO",
        "postal_code": "80202", "country": "US", "time_zone": "America/Denver"}
    added = client.post(new_url, data={**prefilled, "name": "Denver"})  # named as the person likes
    preview_url = added.headers["Location"]
    assert added.status_code == 303 and re.fullmatch(r"/imports/\d+", preview_url)
    denver = db.session.scalars(select(Site).where(Site.name == "Denver")).one()
    assert denver in project.sites and denver.organization_id == project.organization_id
    again = client.post(new_url, data={**prefilled, "name": "Denver"})  # a resent form adds no second site
    assert again.status_code == 303 and db.session.scalar(select(db.func.count(Site.id))
                                                          .where(Site.name == "Denver")) == 1
    preview = _page(client.get(preview_url))
    assert "Import 4 rows" in preview and "“Boss” is not a user type" in preview
    assert client.submit(preview_url + "/commit", page=preview_url).status_code == 303
    seats = {seat.email: seat for seat in db.session.scalars(select(Seat).where(Seat.project_id == project.id))}
    assert seats["ana@example.com"].site_id == center.id and seats["ben@example.com"].site_id == head.id
    assert seats["cleo@example.com"].site_id == seats["eve@example.com"].site_id == denver.id
    assert seats["ben@example.com"].seat_type.key == "call_center_agent" and "dev@example.com" not in seats
    assert {center, head, denver} <= set(project.sites)  # the sites its seats use join the project


def test_the_matches_are_kept_and_a_change_in_another_tab_is_not_committed(client, app, session):
    project, center, head = _setting(app)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(contact.email)
    mapping_url = _start(client, project)
    chosen = client.form_values(mapping_url, "column-0")
    chicago = next(name for name in chosen if name.startswith("value_") and chosen[name] == str(center.id))
    denver = next(name for name in chosen if name.startswith("value_") and chosen[name] == "new")
    preview_url = client.post(mapping_url, data={**chosen, chicago: str(head.id), denver: ""}).headers["Location"]
    assert re.fullmatch(r"/imports/\d+", preview_url)  # no new site asked for: straight to the rows
    page = _page(client.get(mapping_url))  # back on the columns: the choices are as left
    assert _selected(page, "Chicago Distribution Center") == "Head office"
    assert _selected(page, "Denver Office") == "No site: skip its rows"
    preview = _page(client.get(preview_url))
    assert "there is no site named “Denver Office”" in preview and "Import 2 rows" in preview
    commit = client.hidden_fields(preview_url)  # the preview as seen now...
    client.post(mapping_url, data={**chosen, chicago: str(center.id), denver: ""})  # ...then another tab
    refused = client.post(preview_url + "/commit", data=commit)
    assert refused.status_code == 303 and "changed since you checked" in _page(client.get(preview_url))
    assert db.session.scalars(select(Seat).where(Seat.project_id == project.id)).first() is None
    assert client.submit(preview_url + "/commit", page=preview_url).status_code == 303
    ana = db.session.scalars(select(Seat).where(Seat.email == "ana@example.com")).one()
    assert ana.site_id == center.id


def test_a_site_column_mapped_later_is_asked_before_the_rows(client, app, session):
    project, center, head = _setting(app)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(contact.email)
    mapping_url = _start(client, project, headers=HEADERS.replace("Office", "Branch"))  # not a site's header
    chosen = client.form_values(mapping_url, "column-0")
    assert "“Denver Office”" not in _page(client.get(mapping_url)) and chosen["column-3"] == ""
    back = client.post(mapping_url, data={**chosen, "column-3": "site", "column-5": ""})
    assert back.headers["Location"] == mapping_url  # its values are asked first
    page = _page(client.get(mapping_url))
    assert "Match the values listed under the columns" in page and _selected(page, "Denver Office") == "A new site"
    kept = client.form_values(mapping_url, "column-0")  # the columns as the person left them
    assert kept["column-3"] == "site" and kept["column-5"] == ""


def test_someone_who_may_not_add_sites_is_told_who_can(client, app, session):
    project, center, head = _setting(app)
    project.phase_id = db.session.scalars(select(Phase.id).where(Phase.key == "close")).one()  # the IPM's last
    client.login(project.ipm.email)
    mapping_url = _start(client, project)
    page = _page(client.get(mapping_url))
    assert "A new site" not in page and _selected(page, "Denver Office") == "No site: skip its rows"
    assert f"Only {project.organization.name}'s contacts, the project managers of its open projects and the " \
           "provider's administrators add sites" in page
    started = db.session.scalars(select(Import).where(Import.project_id == project.id)).one()
    forced = client.post(mapping_url, data={**client.form_values(mapping_url, "column-0"), "value_1": "new"})
    assert forced.status_code == 200 and "Not a valid choice" in _page(forced)  # a hand-made POST: refused
    assert started.value_matches is None


def test_the_new_numbers_answer_is_kept_on_the_import_and_read_by_the_commit(client, app, session):
    project, center, head = _setting(app)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    client.login(contact.email)
    mapping_url = _start(client, project, ROWS[1:2])
    preview_url = client.post(mapping_url, data=client.form_values(mapping_url, "column-0")).headers["Location"]
    seen = client.hidden_fields(preview_url)  # the preview with the numbers taken as the customer's
    client.submit(f"{preview_url}/choices/new_numbers/yes", page=preview_url)
    started = db.session.scalars(select(Import).where(Import.project_id == project.id)).one()
    assert started.choices == ["new_numbers"]
    assert "(415) 555-0104 (new)" in _page(client.get(preview_url))  # a reload keeps the answer
    refused = client.post(preview_url + "/commit", data=seen)  # the older preview, from another tab
    assert "changed since you checked" in _page(client.get(preview_url))
    assert refused.status_code == 303 and db.session.scalars(select(PhoneNumber)).first() is None
    assert client.submit(preview_url + "/commit", page=preview_url).status_code == 303
    number = db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project.id)).one()
    assert number.source == NumberSource.NEW
