"""The Letter of Authorization's text (issue 19, begun): the page shows exactly what the PDF holds,
the request's details and Attachment A with every number, never the PIN; customer text prints as
text, so a billed name holding markup or a local address makes the renderer fetch nothing."""
import html
import io
import re

from pypdf import PdfReader

from portal.core import pdf
from portal.models.users import Role
from tests.factories import create_organization, create_port_request, create_project, create_user

HOSTILE = '<img src="file:///etc/passwd"> Northwind <a href="http://127.0.0.1:5000/">Inc</a>'


def _request(app, session, **values):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    request = create_port_request(project, numbers=("+14155550200", "+14155550201"), account_pin="4417", **values)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, request, contact, f"/projects/{project.id}/porting/{request.id}/loa"


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_page_shows_the_letter_the_pdf_holds(client, app, session):
    project, request, contact, url = _request(app, session)
    client.login(contact.email)
    page = _words(html.unescape(re.sub(r"<[^>]+>", " ", client.get(url).get_data(as_text=True))))
    for said in ("I authorize Your Phone Provider, and the carriers it works with, to act as my agent",
                 "Account number 8831 2200 19", "Billing telephone number (BTN) (415) 555-0200",
                 "Attachment A: the numbers to port (2)", "(415) 555-0201", "Printed name Maria Lopez"):
        assert said in page
    assert "4417" not in page
    response = client.get(f"{url}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages))
    for said in ("I authorize Your Phone Provider, and the carriers it works with, to act as my agent",
                 "8831 2200 19", "(415) 555-0200", "(415) 555-0201", "Maria Lopez"):
        assert said in text
    assert "4417" not in text


def test_customer_text_prints_as_text_and_the_renderer_fetches_nothing(client, app, session, monkeypatch):
    project, request, contact, url = _request(app, session, customer_name=HOSTILE)
    fetched = []
    real = pdf.LockedURLFetcher.fetch

    def watched(self, address, headers=None):
        fetched.append(address)
        return real(self, address, headers)
    monkeypatch.setattr(pdf.LockedURLFetcher, "fetch", watched)
    client.login(contact.email)
    page = client.get(url).get_data(as_text=True)
    assert '<img src="file:///etc/passwd">' not in page and "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page
    text = _words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(
        client.get(f"{url}.pdf").data)).pages))
    assert '<img src="file:///etc/passwd"> Northwind <a href="http://127.0.0.1:5000/">Inc</a>' in text
    assert [address for address in fetched if not address.startswith(pdf.STATIC_BASE)] == []


def test_another_organizations_letter_answers_404(client, app, session):
    project, request, contact, url = _request(app, session)
    stranger = create_user(Role.PRIMARY_CONTACT, create_organization("Elsewhere"))
    session.commit()
    client.login(stranger.email)
    assert client.get(url).status_code == 404 and client.get(f"{url}.pdf").status_code == 404
