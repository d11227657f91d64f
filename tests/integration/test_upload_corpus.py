"""Every upload field of the portal against the hostile corpus of tests/fixtures/ and the files the
tests make (issue 13, item 5), as the person sees it: the status, the refusal next to the field, the
other fields as typed, and nothing stored (no StoredFile row, no file on disk, no import started).

The fields: section 8 attachments, a call-flow greeting's recording, a port request's bill or CSR,
the worksheet and the numbers import uploads (tested on the app's own database, rolled back after
each test) and the demonstration upload form (on its own app and database, tests/integration/demo_app.py). Any
FileField added to forms/ must join the `field` fixture."""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from forms.callflows import MAX_RECORDING, RecordingForm
from forms.imports import ImportFileForm
from forms.porting import MAX_BILL, CarrierDocumentForm
from forms.questionnaire import MAX_ATTACHMENT, AttachmentForm
from forms.signing import VerifyForm
from portal.callflows.services import NODE_KINDS, create_node
from portal.core.storage import ATTACHMENT, AUDIO, CARRIER_DOCUMENT, DOCUMENT, FOUND, SPREADSHEET, FileKind
from portal.extensions import db
from portal.imports.views import MAX_BYTES as IMPORT_LIMIT
from portal.models.callflows import Announcement, AutoAttendant
from portal.models.files import StoredFile
from portal.models.imports import Import
from portal.models.porting import CarrierDocument
from portal.models.questionnaire import QuestionnaireAttachment
from portal.models.users import Role
from tests.factories import PDF_BYTES, create_port_request, create_project, create_site, create_user
from tests.fixtures import CORPUS, good_files, hostile
from tests.integration.demo_app import LIMIT as DEMO_LIMIT
from tests.integration.demo_app import DemoUploadForm, logged_in_client

TOO_LARGE = "larger than the portal accepts, so nothing was saved"
NOT_A = "This file is not {title} by its content, whatever its name says: it is {found}."
# What each corpus file is refused with, by the kind of the field; None: accepted.
REFUSALS = {
    "html-page.pdf": "This is an HTML page, not a PDF.",
    "script.svg": "This is an SVG image with a script, which the portal does not accept.",
    "polyglot.pdf": {"pdf": "This PDF also contains a ZIP archive.", "other": "a PDF"},
    "encrypted.pdf": {"pdf": None, "other": "a PDF", "read": "This PDF is encrypted."},
    "trailing-data.pdf": {"pdf": "This PDF has other data after its end", "other": "a PDF"},
    "not-really.png": "This is a text file, not a PNG image.",
    "bomb.png": {"pdf": "This image has more pixels than the portal opens (at most 50 megapixels).",
                 "other": "a PNG image"},
    "markup.csv": "This is an HTML page, not a CSV file.",
}


def refusal(name: str, kind: FileKind) -> str | None:
    expected = REFUSALS[name]
    if isinstance(expected, str):
        return expected
    if "application/pdf" in kind.content_types:
        return expected["pdf"] if kind.encrypted_pdfs else expected.get("read", expected["pdf"])
    return NOT_A.format(title=kind.title, found=expected["other"])


@dataclass
class Field:
    """One upload field as a browser uses it: its form's page, where it posts, what else is typed."""

    name: str
    page: str
    action: str
    file_field: str
    kind: FileKind
    limit: int
    typed: dict
    client: object
    app: object
    sample: str = "users.csv"  # the good file of its kind the tests send
    saved_before: str | None = None  # what the page's other form holds, shown again beside a refusal
    kept: str | None = None  # the confirmation the page shows after an upload

    def send(self, content: bytes, filename: str, **typed):
        """Post the form as a browser would: the page's hidden fields, what was typed, the file. The
        body is made here, in memory (the test client spools a large one to a file it never closes)."""
        fields = {**self.client.hidden_fields(self.page), **self.typed, **typed,
                  self.file_field: FileStorage(io.BytesIO(content), filename=filename, name=self.file_field)}
        boundary, body = encode_multipart(fields)
        return self.client.post(self.action, data=body, content_type=f"multipart/form-data; boundary={boundary}")

    def counts(self) -> tuple[int, int, int]:
        """Rows of stored files, files on disk (temporary ones too), and what uploads make: imports,
        attachments, greetings with their recording."""
        with self.app.app_context():
            rows = db.session.scalar(select(func.count(StoredFile.id)))
            made = sum(db.session.scalar(select(func.count(model.id)))
                       for model in (Import, QuestionnaireAttachment, CarrierDocument))
            made += sum(db.session.scalar(select(func.count(model.greeting_file_id)))
                        for model in (AutoAttendant, Announcement))
        files = sum(1 for path in Path(self.app.config["UPLOAD_DIR"]).rglob("*") if path.is_file())
        return rows, files, made


def _project_field(app, client, session, name: str) -> Field:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    project.sites.append(create_site(project.organization, name="Main clinic"))
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    client.login(contact.email)
    if name == "attachment":
        page = f"/projects/{project.id}/questionnaire/other"
        client.submit(page, {"requirements": "Keep the old hunt group."})
        return Field(name, page, f"{page}/attachments", "document", ATTACHMENT, MAX_ATTACHMENT,
                     {"description": "Floor plan, 2nd floor"}, client, app, "floor-plan.pdf",
                     "Keep the old hunt group.", "was attached")
    if name == "bill":
        request = create_port_request(project, customer_name="Northwind Dental Group, Inc.")
        session.commit()
        page = f"/projects/{project.id}/porting/{request.id}"
        return Field(name, page, f"{page}/documents", "document", CARRIER_DOCUMENT, MAX_BILL, {}, client, app,
                     "floor-plan.pdf", "Northwind Dental Group, Inc.", "it is being read against this request")
    if name == "recording":
        with app.test_request_context():
            menu = create_node(project, NODE_KINDS["menu"], {"name": "Main menu", "greeting_text": "Welcome to "
                                                             "the clinic. For the front desk press 0."})
        session.commit()
        page = f"/projects/{project.id}/call-flows/nodes/{menu.id}"
        return Field(name, page, f"{page}/recording", "recording", AUDIO, MAX_RECORDING, {}, client, app,
                     "greeting.wav", "Welcome to the clinic. For the front desk press 0.", "is now the greeting of")
    page = f"/projects/{project.id}/import/{name}"
    return Field(name, page, f"{page}/file", "spreadsheet", SPREADSHEET, IMPORT_LIMIT, {}, client, app)


@pytest.fixture(params=["attachment", "recording", "bill", "worksheet", "numbers", "demo"])
def field(request, app) -> Field:
    if request.param == "demo":  # its own app and database: the rolled-back session is not for it
        demo_app = request.getfixturevalue("demo_app")
        client = logged_in_client(demo_app, Role.SECONDARY_CONTACT)
        return Field("demo", "/demo/upload", "/demo/upload", "document", DOCUMENT, DEMO_LIMIT,
                     {"title": "March bill"}, client, demo_app, "floor-plan.pdf")
    session, client = request.getfixturevalue("session"), request.getfixturevalue("client")
    return _project_field(app, client, session, request.param)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def assert_refused(field: Field, response, message: str, before, status: int = 200) -> None:
    """The person's view of a refused upload: the same page, the words next to the file field (or at
    the top, for a request too large to read), what they typed still there, nothing kept."""
    page = _page(response)
    assert response.status_code == status, page[-1500:]
    assert message in page
    if status == 200:
        error = re.search(rf'<p class="error-message" id="{field.file_field}-error">(.*?)</p>', page, re.S)
        assert error and message in error.group(1)
    for name, value in field.typed.items():
        assert f'name="{name}"' in page and f'value="{value}"' in page
    if field.saved_before:
        assert field.saved_before in page  # the page's own form, saved before, is there as saved
    assert f'data-max-bytes="{field.limit}"' in page  # the form is there to choose another file
    assert field.counts() == before


def assert_kept(field: Field, response, content: bytes, stored_name: str, content_type: str, before) -> None:
    assert response.status_code == 303, _page(response)[-1500:]
    assert field.counts() == (before[0] + 1, before[1] + 1, before[2] + (field.name != "demo"))
    with field.app.app_context():
        stored = db.session.scalars(select(StoredFile).order_by(StoredFile.id.desc())).first()
        assert (stored.original_name, stored.content_type, stored.size) == (stored_name, content_type, len(content))
        stored_id = stored.id
    if field.kept:
        assert field.kept in _page(field.client.get(response.headers["Location"]))
    with field.client.get(f"/files/{stored_id}") as download:
        assert download.status_code == 200 and download.data == content


@pytest.mark.parametrize("name", CORPUS)
def test_every_field_refuses_the_hostile_corpus_saying_what_each_file_is(field, name):
    before = field.counts()
    response = field.send(hostile(name), name)
    message = refusal(name, field.kind)
    if message is None:  # an encrypted PDF, where the kind takes them
        assert_kept(field, response, hostile(name), name, "application/pdf", before)
    else:
        assert_refused(field, response, message, before)


def test_every_field_refuses_an_empty_file_with_its_own_message(field):
    before = field.counts()
    response = field.send(b"", field.sample)
    assert_refused(field, response, "This file is empty (0 bytes).", before)


def test_every_field_refuses_a_file_just_over_its_limit_next_to_it(field):
    before = field.counts()
    over = PDF_BYTES + bytes(field.limit + 1 - len(PDF_BYTES))
    shown = f"{field.limit // 1024 // 1024} MB" if field.limit >= 1024 * 1024 else f"{field.limit // 1024} KB"
    assert_refused(field, field.send(over, "big.pdf"), f"The file is larger than {shown}; choose a smaller one.",
                   before)


def test_every_field_keeps_what_was_typed_over_the_request_limit(field):
    before = field.counts()
    over = PDF_BYTES + bytes(field.app.config["MAX_CONTENT_LENGTH"] + 1)
    response = field.send(over, "huge.pdf")
    assert_refused(field, response, TOO_LARGE, before, status=413)


@pytest.mark.parametrize("name", list(good_files()))
def test_every_field_takes_the_good_files_of_its_list_and_names_the_others(field, name):
    content, content_type = good_files()[name]
    before = field.counts()
    response = field.send(content, name)
    if content_type in field.kind.content_types:
        assert_kept(field, response, content, name, content_type, before)
    else:
        assert_refused(field, response, NOT_A.format(title=field.kind.title, found=FOUND[content_type]), before)


def test_every_field_keeps_only_the_last_part_of_a_name_with_folders(field):
    content, content_type = good_files()[field.sample]
    before = field.counts()
    suffix = Path(field.sample).suffix
    response = field.send(content, "../../..\\Windows\\System32/plan" + suffix)
    assert_kept(field, response, content, "plan" + suffix, content_type, before)


# Names in the characters people use, and how a download's header must spell them (RFC 5987).
NON_ASCII = {".pdf": ("Plan d'étage – 2e.pdf", "Plan%20d%27%C3%A9tage%20%E2%80%93%202e.pdf"),
             ".csv": ("Équipe – 2e étage.csv", "%C3%89quipe%20%E2%80%93%202e%20%C3%A9tage.csv"),
             ".wav": ("Accueil – été.wav", "Accueil%20%E2%80%93%20%C3%A9t%C3%A9.wav")}


def test_every_field_keeps_a_non_ascii_name_and_downloads_it_under_that_name(field):
    content, content_type = good_files()[field.sample]
    name, encoded = NON_ASCII[Path(field.sample).suffix]
    before = field.counts()
    response = field.send(content, name)
    assert_kept(field, response, content, name, content_type, before)
    with field.app.app_context():
        stored_id = db.session.scalars(select(StoredFile.id).order_by(StoredFile.id.desc())).first()
    with field.client.get(f"/files/{stored_id}") as download:
        disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=UTF-8''{encoded}" in disposition


def test_every_upload_field_of_the_portal_is_in_this_corpus_test():
    """A new form with a file field must join the `field` fixture above (and be tried with the corpus)."""
    from flask_wtf.file import FileField

    import forms
    # VerifyForm keeps nothing it is sent: tests/integration/test_verify.py tries it with this corpus
    known = {AttachmentForm, RecordingForm, CarrierDocumentForm, ImportFileForm, DemoUploadForm, VerifyForm}
    found = set()
    for path in Path(forms.__file__).parent.glob("*.py"):
        module = __import__(f"forms.{path.stem}", fromlist=["*"])
        for value in vars(module).values():
            if isinstance(value, type) and any(getattr(unbound, "field_class", None) is FileField
                                               for unbound in vars(value).values()):
                found.add(value)
    assert found - known == set()
