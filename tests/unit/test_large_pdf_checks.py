"""A large PDF (a carrier's bill) is checked from its file a piece at a time (issue 18): the same
verdicts as in memory, for a ZIP hidden across two pieces, data after the end far from it, an end
that is missing, and a sound file padded as scanners pad them."""
import pytest

from portal.core.storage import CARRIER_DOCUMENT, CHUNK_READ, DOCUMENT, UploadRejected, check_file
from tests.factories import PDF_BYTES
from tests.fixtures import hostile

ZIP_RECORD = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(16) + b"\x05\x00\x00\x00" + b"a.exe"


def _file(tmp_path, content: bytes):
    path = tmp_path / "bill.pdf"
    path.write_bytes(content)
    return path, len(content)


def _check(tmp_path, content: bytes, kind=CARRIER_DOCUMENT) -> str:
    return check_file(*_file(tmp_path, content), "bill.pdf", kind)


def test_a_sound_large_pdf_is_taken(tmp_path):
    assert _check(tmp_path, PDF_BYTES + bytes(3 * CHUNK_READ + 17)) == "application/pdf"  # NULs are PDF whitespace


def test_a_zip_across_two_pieces_is_found(tmp_path):
    body = PDF_BYTES.replace(b"%%EOF", b"")  # the end marker comes after the hidden archive
    at = CHUNK_READ - 10  # the record starts near the end of the first piece
    content = body + bytes(at - len(body)) + ZIP_RECORD + bytes(CHUNK_READ) + b"\n%%EOF\n"
    with pytest.raises(UploadRejected, match="This PDF also contains a ZIP archive."):
        _check(tmp_path, content)


def test_data_far_after_the_end_is_refused_and_a_missing_end_said(tmp_path):
    with pytest.raises(UploadRejected, match="This PDF has other data after its end"):
        _check(tmp_path, PDF_BYTES + bytes(2 * CHUNK_READ) + b"<script>x</script>" + bytes(10))
    cut = PDF_BYTES[:PDF_BYTES.rfind(b"%%EOF")] + bytes(2 * CHUNK_READ)
    with pytest.raises(UploadRejected, match="This PDF is incomplete: its end is missing."):
        _check(tmp_path, cut)


def test_an_end_marker_across_two_pieces_is_found(tmp_path):
    body = PDF_BYTES.replace(b"%%EOF", b"")
    for shift in range(1, 5):  # the last piece read starts 1 to 4 bytes into the marker
        padded = body + bytes(2 * CHUNK_READ - len(body) - shift) + b"%%EOF" + bytes(CHUNK_READ - 5 + shift - 1)
        assert _check(tmp_path, padded) == "application/pdf", shift


def test_an_encrypted_large_pdf_is_refused_where_the_portal_reads_it(tmp_path):
    content = hostile("encrypted.pdf") + bytes(2 * CHUNK_READ)
    with pytest.raises(UploadRejected, match="This PDF is encrypted."):
        _check(tmp_path, content)
    assert _check(tmp_path, content, DOCUMENT) == "application/pdf"  # an attachment may be encrypted
