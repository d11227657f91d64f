"""Uploads through portal.core.storage, proven on the demonstration form of tests/integration/demo_app.py."""
import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.core.storage import DOCUMENT, UploadRejected, store_upload, sweep_orphans
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.users import Role
from tests.factories import PDF_BYTES, PNG_BYTES
from tests.integration.demo_app import LIMIT, logged_in_client


@pytest.fixture
def uploader(demo_app):
    return logged_in_client(demo_app, Role.SECONDARY_CONTACT)


def _post(client, content: bytes, name: str, title="March bill"):
    token = client.csrf_token("/demo/upload")
    return client.post("/demo/upload", data={"csrf_token": token, "title": title,
                                             "document": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def _stored(demo_app) -> list[Path]:
    return [path for path in Path(demo_app.config["UPLOAD_DIR"]).glob("*/*") if path.is_file()]


def _rows(demo_app) -> int:
    with demo_app.app_context():
        return db.session.scalar(select(func.count(StoredFile.id)))


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
    before = _rows(demo_app)
    response = _post(uploader, b"MZ\x90\x00 this is really a program", "bill.pdf", title="Keep me")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This file is not a PDF, PNG or JPEG file by its content, whatever its name says." in page
    assert 'value="Keep me"' in page and _rows(demo_app) == before


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


def test_a_request_over_the_portal_limit_gets_the_form_again_not_a_bare_413(demo_app, uploader):
    response = _post(uploader, bytes(300 * 1024), "huge.pdf")
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "larger than the portal accepts, so nothing was saved" in page and "Demo upload" in page


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


def test_empty_files_are_refused(demo_app):
    with demo_app.test_request_context():
        with pytest.raises(UploadRejected):
            store_upload(io.BytesIO(b""), "empty.pdf", kind=DOCUMENT, max_bytes=LIMIT)
