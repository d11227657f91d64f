"""Uploads through portal.core.storage, proven on the demonstration form of tests/integration/demo_app.py:
where files live and how they are served, and what each type must be to be kept (issue 13: by its
content, with the refusal naming what the file is). The hostile corpus goes through every field of the
portal in test_upload_corpus.py."""
import html
import io
import warnings
import zipfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.core.storage import (
    ATTACHMENT,
    DOCUMENT,
    SPREADSHEET,
    UploadRejected,
    check_content,
    store_upload,
    sweep_orphans,
)
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.users import Role
from tests.factories import PDF_BYTES, PNG_BYTES
from tests.fixtures import good_files, hostile, png_of_size
from tests.integration.demo_app import LIMIT, logged_in_client


@pytest.fixture
def uploader(demo_app):
    return logged_in_client(demo_app, Role.SECONDARY_CONTACT)


def _post(client, content: bytes, name: str, title="March bill", path="/demo/upload", token=None):
    """Post the form as a browser would, its body made in memory (the test client would spool a large
    one to a file it never closes)."""
    boundary, body = encode_multipart({"csrf_token": token or client.csrf_token(path), "title": title,
                                       "document": FileStorage(io.BytesIO(content), filename=name, name="document")})
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _stored(demo_app) -> list[Path]:
    """Every file under the upload folder, temporary ones too."""
    return [path for path in Path(demo_app.config["UPLOAD_DIR"]).rglob("*") if path.is_file()]


def _rows(demo_app) -> int:
    with demo_app.app_context():
        return db.session.scalar(select(func.count(StoredFile.id)))


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _refusal(content: bytes, name: str, kind=ATTACHMENT) -> str:
    with pytest.raises(UploadRejected) as refused:
        check_content(content, name, kind)
    return str(refused.value)


def _pdf(**extras) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    for name, content in extras.items():
        writer.add_attachment(name, content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip(**members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_upload_is_stored_with_its_metadata_and_served_as_an_attachment(demo_app, uploader):
    response = _post(uploader, PDF_BYTES, "../../Bill March.pdf")
    assert response.status_code == 303
    download = uploader.get(response.headers["Location"])
    assert download.data == PDF_BYTES
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/pdf"
    download.close()
    with demo_app.app_context():
        stored = db.session.scalars(select(StoredFile).order_by(StoredFile.id.desc())).first()
        assert (stored.original_name, stored.size, len(stored.sha256)) == ("Bill March.pdf", len(PDF_BYTES), 64)
        assert stored.uploaded_by.role == Role.SECONDARY_CONTACT
        assert "static" not in str(Path(demo_app.config["UPLOAD_DIR"]))


def test_a_file_whose_content_does_not_match_its_name_is_refused_and_the_title_kept(demo_app, uploader):
    before = _rows(demo_app), len(_stored(demo_app))
    response = _post(uploader, b"MZ\x90\x00 this is really a program", "bill.pdf", title="Keep me")
    page = _page(response)
    assert response.status_code == 200
    assert ("This file is not a PDF, PNG or JPEG file by its content, whatever its name says: "
            "it is a Windows program.") in page
    assert 'value="Keep me"' in page and (_rows(demo_app), len(_stored(demo_app))) == before


def test_a_png_named_like_a_text_file_is_stored_as_what_it_is(demo_app, uploader):
    response = _post(uploader, PNG_BYTES, "notes.txt")
    assert response.status_code == 303
    with demo_app.app_context():
        assert db.session.scalars(select(StoredFile.content_type).order_by(StoredFile.id.desc())).first() == "image/png"


def test_a_file_over_the_form_limit_is_refused_on_the_same_page(demo_app, uploader):
    response = _post(uploader, PDF_BYTES + bytes(LIMIT), "big.pdf", title="Big one")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The file is larger than 50 KB; choose a smaller one." in page and 'value="Big one"' in page
    assert 'data-max-bytes="51200"' in page  # the browser refuses it before sending, too
    assert 'enctype="multipart/form-data"' in page
    assert "/static/js/upload-limit.js" in page


def test_a_request_over_the_portal_limit_gets_the_form_again_with_what_was_typed(demo_app, uploader):
    before = _rows(demo_app), len(_stored(demo_app))
    response = _post(uploader, bytes(300 * 1024), "huge.pdf", title="April bill")
    page = _page(response)
    assert response.status_code == 413
    assert "larger than the portal accepts, so nothing was saved" in page and "Demo upload" in page
    assert 'value="April bill"' in page
    assert (_rows(demo_app), len(_stored(demo_app))) == before


def test_a_request_over_the_limit_with_a_bad_token_or_far_over_it_keeps_nothing_it_sent(demo_app, uploader):
    """What another site posts is not put in the person's form, and a body far over the limit is not read."""
    forged = _post(uploader, bytes(300 * 1024), "huge.pdf", title="Forged title", token="not-the-token")
    far_over = _post(uploader, bytes(4 * demo_app.config["MAX_CONTENT_LENGTH"]), "huge.pdf", title="Far over")
    for response, title in ((forged, "Forged title"), (far_over, "Far over")):
        page = _page(response)
        assert response.status_code == 413 and "larger than the portal accepts" in page
        assert "Demo upload" in page and title not in page


def test_a_crash_between_storing_the_file_and_committing_leaves_no_file_and_no_row(demo_app, uploader):
    files, rows = len(_stored(demo_app)), _rows(demo_app)
    response = _post(uploader, PDF_BYTES, "bill.pdf", title="crash before commit")
    assert response.status_code == 500
    assert len(_stored(demo_app)) == files and _rows(demo_app) == rows


def test_orphans_left_by_a_dead_process_are_swept(demo_app):
    orphan = Path(demo_app.config["UPLOAD_DIR"]) / "zz" / "orphan"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left behind")
    with demo_app.app_context():
        assert sweep_orphans(older_than=timedelta(0)) == 1
    assert not orphan.exists()


def test_another_organization_cannot_download_the_file(demo_app, uploader):
    response = _post(uploader, PDF_BYTES, "bill.pdf")
    other = logged_in_client(demo_app, Role.PRIMARY_CONTACT)
    assert other.get(response.headers["Location"]).status_code == 404


def test_empty_files_are_refused_with_their_own_message(demo_app):
    files = len(_stored(demo_app))
    with demo_app.test_request_context():
        with pytest.raises(UploadRejected, match=r"^This file is empty \(0 bytes\)\."):
            store_upload(io.BytesIO(b""), "empty.pdf", kind=DOCUMENT, max_bytes=LIMIT)
    assert len(_stored(demo_app)) == files  # not even the temporary file stays


@pytest.mark.parametrize("name, kept", [
    ("../../etc/passwd.pdf", "passwd.pdf"), ("..\\..\\Windows\\plan.pdf", "plan.pdf"), ("..", "upload"),
    ("", "upload"), ("plan\x00\u202e.pdf", "plan  .pdf"), ("Plan d'e\u0301tage – 2e.pdf", "Plan d'étage – 2e.pdf"),
    ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
])
def test_the_original_name_is_kept_safe(demo_app, name, kept):
    with demo_app.test_request_context():
        assert store_upload(io.BytesIO(PDF_BYTES), name, kind=DOCUMENT, max_bytes=LIMIT).original_name == kept


def test_an_encrypted_pdf_is_refused_only_where_its_kind_says_so(demo_app, uploader):
    encrypted = hostile("encrypted.pdf")
    assert _post(uploader, encrypted, "bill.pdf").status_code == 303  # DOCUMENT, like attachments, takes them
    refused = _post(uploader, encrypted, "bill.pdf", title="LOA copy", path="/demo/upload-unencrypted")
    page = _page(refused)
    assert refused.status_code == 200 and "This PDF is encrypted." in page and 'value="LOA copy"' in page
    assert _post(uploader, PDF_BYTES, "bill.pdf", path="/demo/upload-unencrypted").status_code == 303
    assert DOCUMENT.encrypted_pdfs and ATTACHMENT.encrypted_pdfs
    assert check_content(encrypted, "bill.pdf", ATTACHMENT) == "application/pdf"
    assert _refusal(encrypted, "bill.pdf", replace(ATTACHMENT, encrypted_pdfs=False)).startswith(
        "This PDF is encrypted.")


def test_a_pdf_must_open_end_at_its_end_and_hold_no_zip():
    assert _refusal(_pdf(**{"archive.zip": _zip(**{"payload.html": "<script>1</script>"})}), "a.pdf") \
        .startswith("This PDF also contains a ZIP archive.")
    assert _refusal(hostile("polyglot.pdf"), "a.pdf").startswith("This PDF also contains a ZIP archive.")
    assert _refusal(PDF_BYTES.replace(b"%%EOF", b""), "a.pdf").startswith("This PDF is incomplete")
    assert _refusal(b"%PDF-1.7\nnot a PDF at all\n%%EOF\n", "a.pdf") == "This PDF is damaged: it cannot be opened."
    assert _refusal(PDF_BYTES + b"%!PS junk", "a.pdf").startswith("This PDF has other data after its end")
    assert check_content(PDF_BYTES + b"\r\n \x00\n", "a.pdf", DOCUMENT) == "application/pdf"  # whitespace is fine
    # "PK" and its next two bytes inside a PDF's compressed data, with nothing of a ZIP after them
    assert check_content(_pdf(**{"note.bin": b"PK\x03\x04" + bytes(40)}), "a.pdf", DOCUMENT) == "application/pdf"


def test_an_image_must_decode_within_the_pixel_limit():
    assert _refusal(png_of_size(8000, 7500), "plan.png") == (
        "This image is 8,000 × 7,500 pixels, more than the portal opens (at most 50 megapixels). "
        "Save it smaller and try again.")
    assert _refusal(PNG_BYTES[:40], "plan.png") == "This PNG image is damaged: it cannot be opened."
    assert _refusal(b"\xff\xd8\xff\xe0" + bytes(100), "photo.jpg") == "This JPEG image is damaged: it cannot be opened."
    assert _refusal(hostile("bomb.png"), "plan.png").startswith("This image has more pixels than the portal opens")


@pytest.mark.parametrize("mode", ["error", "default", "ignore"])
def test_pillows_bomb_warning_is_a_refusal_whatever_the_warnings_filter(mode):
    """10,000 × 9,000 pixels is past Pillow's warning limit but not its error limit: the tests turn
    warnings into errors, production logs them; either way the upload is refused the same way."""
    with warnings.catch_warnings():
        warnings.simplefilter(mode)
        assert _refusal(png_of_size(10_000, 9_000), "plan.png").startswith(
            "This image has more pixels than the portal opens (at most 50 megapixels).")


def test_text_must_read_as_text_and_not_be_markup():
    table = "Number,Site\n(415) 555-0150,Main clinic\n"
    for encoded in (table.encode("utf-8-sig"), table.encode("utf-16"), "Nom,Société\nAna,Café\n".encode("cp1252")):
        assert check_content(encoded, "numbers.csv", SPREADSHEET) == "text/plain"
    assert check_content(b"Notes\n2 < 3 and <b>bold</b> is fine\n", "notes.txt", SPREADSHEET) == "text/plain"
    assert _refusal(table.encode() + b"\x00" * 64 + bytes(range(256)), "numbers.csv").startswith(
        "This file is not a PDF, PNG, JPEG, CSV, TXT or XLSX file by its content")
    assert _refusal(b"Name,Notes\nAna,<script>alert(1)</script>\n", "users.csv") == (
        "This file contains HTML markup (a <script> tag), which the portal does not accept.")
    assert _refusal(b'<?xml version="1.0"?>\n<config><line>101</line></config>\n', "export.txt") == (
        "This is an XML document, not a text file.")
    assert _refusal("<!doctype html><p>Hi".encode("utf-16"), "users.csv") == "This is an HTML page, not a CSV file."
    assert _refusal(b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', "plan.svg") == (
        "This is an SVG image, which the portal does not accept; save it as PNG or PDF.")
    assert _refusal(b'<svg><rect onload="alert(1)"/></svg>', "plan.png") == (
        "This is an SVG image with a script, which the portal does not accept.")
    assert _refusal(hostile("html-page.pdf"), "page.html", SPREADSHEET) == (
        "This is an HTML page, not a CSV, TXT or XLSX file.")


def test_a_workbook_must_open_with_openpyxl_and_have_no_macros():
    workbook = good_files()["users.xlsx"][0]
    assert check_content(workbook, "users.xlsx", SPREADSHEET).endswith("spreadsheetml.sheet")
    with zipfile.ZipFile(io.BytesIO(workbook)) as original:
        members = {name: original.read(name) for name in original.namelist()}
    assert _refusal(_zip(**{**members, "xl/vbaProject.bin": b"macro"}), "users.xlsx") == (
        "This file is not a PDF, PNG, JPEG, CSV, TXT or XLSX file by its content, whatever its name says: "
        "it is an Excel workbook with macros (XLSM).")
    assert _refusal(_zip(**{**members, "xl/workbook.xml": "<broken"}), "users.xlsx") == (
        "This XLSX workbook is damaged: it cannot be opened.")
    assert _refusal(_zip(**{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
                    "users.xlsx").endswith("it is a Word document.")
    assert _refusal(_zip(**{"payload.html": "<script>1</script>"}), "users.xlsx").endswith("it is a ZIP archive.")
    assert _refusal(workbook[:len(workbook) // 2], "users.xlsx").endswith(
        "it is a damaged ZIP archive or XLSX workbook (was it downloaded completely?).")
