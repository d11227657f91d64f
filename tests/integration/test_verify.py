"""The verify page (issue 19): anyone with a copy of a signed LOA learns whether this portal sealed it,
which request and signer, and whether one byte changed; a copy with a byte changed is refused, the
hostile corpus and files too large get clear words, nothing uploaded is kept, and the page is
rate-limited."""
import html
import io
import re
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.models.files import StoredFile
from tests.factories import sign_port_request
from tests.integration.test_loa_signing import _request
from tests.integration.test_upload_corpus import REFUSALS

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _page(response) -> str:
    """The page's words (tags taken out)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def _check(client, data: bytes, name: str = "loa.pdf"):
    """Post the file as a browser would; the body is made in memory (the test client spools a large
    one to a file it never closes)."""
    fields = {**client.form_values("/verify", "csrf_token"),
              "file": FileStorage(io.BytesIO(data), filename=name, name="file")}
    boundary, body = encode_multipart(fields)
    return client.post("/verify", data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def sealed(app, session, client):
    """(the sealed bytes, the signature) of a letter signed by its contact."""
    project, request, contact, page = _request(app, session)
    with app.test_request_context():
        signature = sign_port_request(request, contact)
    session.commit()
    session.refresh(signature)
    with app.app_context():
        from portal.core.storage import path_of
        data = path_of(signature.sealed_file).read_bytes()
    return data, signature


def test_an_unchanged_copy_names_its_request_and_signer(client, sealed):
    data, signature = sealed
    answer = _page(_check(client, data))
    assert "Yes: this is a Letter of Authorization this portal sealed, and not one byte changed." in answer
    assert "account 8831 2200 19 at AT&T, 2 numbers" in answer and f"Signed by {signature.signer_name}" in answer
    assert signature.sealed_sha256 in answer and signature.public_id in answer


def _flip(data: bytes, position: int, to: bytes) -> bytes:
    changed = bytearray(data)
    changed[position] = to[0] if data[position:position + 1] != to else (to[0] ^ 1)
    return bytes(changed)


def test_copies_with_one_byte_changed_are_refused(client, sealed):
    data, _ = sealed
    start, length, second, _ = PdfFileReader(io.BytesIO(data)).embedded_signatures[0].byte_range
    digits = len(data[length + 1:second - 1].rstrip(b"0"))
    for position, answer in ((length // 2, "No: "), (length + 1 + digits // 2, "No: ")):
        assert answer in _page(_check(client, _flip(data, position, b"A")))
    padded = _page(_check(client, _flip(data, length + 1 + digits + 40, b"1")))  # the seal's own padding
    assert "No: the seal is this portal's, but this exact file is not one the portal issued." in padded


def test_a_superseded_letter_says_so(client, session, sealed):
    data, signature = sealed
    from portal.porting import signing
    signing.void(signature.port_request, "its details changed after it was signed")
    session.commit()
    answer = _page(_check(client, data))
    assert "not one byte changed" in answer and "Superseded" in answer and "A newer signature replaces it." in answer


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_the_hostile_corpus_is_answered_in_words_and_nothing_is_kept(client, app, name):
    with app.app_context():
        from portal.extensions import db
        before = db.session.scalar(select(func.count(StoredFile.id)))
    response = _check(client, (FIXTURES / name).read_bytes(), name)
    answer = _page(response)
    assert response.status_code == 200 and "There is a problem" in answer or "No: " in answer
    assert "Yes: this is" not in answer
    with app.app_context():
        assert db.session.scalar(select(func.count(StoredFile.id))) == before
    uploads = Path(app.config["UPLOAD_DIR"])
    assert not any(name in path.name for path in uploads.rglob("*"))


def test_a_file_too_large_or_not_a_pdf_gets_a_clear_message(client, app):
    over = _page(_check(client, b"%PDF-1.7\n" + bytes(10 * 1024 * 1024)))
    assert "The file is larger than 10 MB; choose a smaller one." in over
    huge = _check(client, b"%PDF-1.7\n" + bytes(app.config["MAX_CONTENT_LENGTH"] + 1))
    assert huge.status_code == 413 and "larger than the portal accepts, so nothing was saved" in _page(huge)
    assert "This file is not a PDF file by its content" in _page(_check(client, b"GIF89a" + bytes(64), "loa.pdf"))
    assert "Choose a PDF file." in _page(client.post("/verify", data=client.form_values("/verify", "csrf_token")))


def test_the_page_is_rate_limited(client, app):
    answers = [_check(client, b"not a pdf", "x.pdf").status_code for _ in range(21)]
    assert answers[:20] == [200] * 20 and answers[20] == 429
