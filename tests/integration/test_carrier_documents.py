"""A port request's bill or CSR (issue 18): uploaded on the request's page, read against the request
by a job, each detail said found on its page or not found; read again when the details change; an
image or a scan said unreadable, asking for a check by eye; a long bill read up to its page limit;
another organization's bill answers 404."""
import html
import io

from sqlalchemy import select
from weasyprint import HTML
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.models.porting import CarrierDocument, CheckState
from portal.models.users import Role
from tests.factories import create_organization, create_port_request, create_project, create_user
from tests.fixtures import good_files

BILL_PAGE_2 = """<p>Account summary</p><p>Northwind Dental Group, Inc.<br>500 Market St, San Francisco, CA 94105</p>
<p>Account number: 8831-2200-19 · Billing telephone number (415) 555-0200</p>"""


def bill(pages: list[str]) -> bytes:
    """A text PDF as a carrier's billing system makes one: each page its own."""
    body = "".join(f'<section style="page-break-after: always">{page}</section>' for page in pages)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def _request(app, session, **values):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    request = create_port_request(project, customer_name="Northwind Dental Group, Inc.",
                                  account_number="8831 2200 19", **values)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, request, contact, f"/projects/{project.id}/porting/{request.id}"


def _upload(client, page: str, content: bytes, filename: str):
    fields = {**client.hidden_fields(page), "document": FileStorage(io.BytesIO(content), filename=filename,
                                                                    name="document")}
    boundary, body = encode_multipart(fields)
    return client.post(f"{page}/documents", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_text_bill_is_read_and_each_detail_found_on_its_page(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    uploaded = _upload(client, page, bill(["Welcome to your bill", BILL_PAGE_2]), "November bill.pdf")
    assert uploaded.status_code == 303 and uploaded.headers["Location"] == f"{page}#documents"
    shown = _page(client.get(page))
    assert "November bill.pdf was added; it is being read against this request." in shown
    for title in ("The BTN", "The account number", "The name as billed", "The service ZIP or postal code"):
        assert f"{title}: found on page 2." in shown


def test_a_detail_the_bill_does_not_show_is_a_warning_and_a_change_reads_it_again(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _upload(client, page, bill([BILL_PAGE_2]), "bill.pdf")
    values = {**client.form_values(page, "customer_name"), "customer_name": "Northwind Dentistry LLC"}
    assert client.post(page, data=values).status_code == 303
    shown = _page(client.get(page))
    assert "The name as billed: not found. Check it matches your bill exactly." in shown
    assert "The BTN: found on page 1." in shown
    values = {**client.form_values(page, "customer_name"), "customer_name": "NORTHWIND DENTAL GROUP INC"}
    assert client.post(page, data=values).status_code == 303
    assert "The name as billed: found on page 1." in _page(client.get(page))  # case and punctuation ignored


def test_an_image_or_a_scan_asks_for_a_check_by_eye(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _upload(client, page, good_files()["lobby.jpg"][0], "bill photo.jpg")
    assert "This is an image, whose text the portal cannot read" in _page(client.get(page))
    _upload(client, page, bill(['<div style="width:10cm;height:5cm;background:#333"></div>']), "scan.pdf")
    assert "This PDF is a scan with no text to read" in _page(client.get(page))


def test_a_long_bill_is_read_up_to_the_page_limit(client, app, session, monkeypatch):
    monkeypatch.setitem(app.config, "BILL_CHECK_PAGES", 3)
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    _upload(client, page, bill(["Page"] * 5 + [BILL_PAGE_2]), "long bill.pdf")
    shown = _page(client.get(page))
    assert "Only the first 3 of its 6 pages were read; check the rest by eye." in shown
    assert "The BTN: not found." in shown
    document = session.scalars(select(CarrierDocument)).one()
    assert document.check_state == CheckState.READ


def test_an_encrypted_pdf_is_refused_and_another_organization_cannot_download_a_bill(client, app, session):
    project, request, contact, page = _request(app, session)
    client.login(contact.email)
    from tests.fixtures import hostile
    refused = _upload(client, page, hostile("encrypted.pdf"), "bill.pdf")
    assert refused.status_code == 200 and "This PDF is encrypted." in _page(refused)
    _upload(client, page, bill([BILL_PAGE_2]), "bill.pdf")
    stored_id = session.scalars(select(CarrierDocument)).one().stored_file_id
    stranger = create_user(Role.PRIMARY_CONTACT, create_organization("Elsewhere"))
    session.commit()
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(stranger.email)
    assert client.get(f"/files/{stored_id}").status_code == 404
