"""The provider's seal (portal.core.seal, issue 19): a PAdES signature over the whole file, checked with
the provider's certificates as the trust roots. Any changed byte the seal covers fails it, as does a
file sealed by another certificate or not sealed at all; a byte changed in the signature's zero
padding, which the seal itself accepts, changes the file's SHA-256 (what the verify page looks up)."""
import io

import pytest
from flask import Flask
from pyhanko.pdf_utils.reader import PdfFileReader
from weasyprint import HTML

from portal.core.seal import check_seal, make_development_p12, seal, sha256


def _app(tmp_path, name="p", **config) -> Flask:
    make_development_p12(tmp_path / f"{name}.p12", "pw", f"Provider {name}")
    app = Flask(__name__)
    app.config.update(SIGNING_P12=str(tmp_path / f"{name}.p12"), SIGNING_P12_PASSWORD="pw",
                      SIGNING_EARLIER_CERTS="", PROVIDER_NAME=f"Provider {name}", **config)
    return app


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    """(the app, an unsealed PDF, the same PDF sealed)."""
    app = _app(tmp_path_factory.mktemp("seal"))
    with app.app_context():
        plain = HTML(string="<h1>Letter of Authorization</h1><p>Account 8831 2200 19</p>").write_pdf()
        return app, plain, seal(plain, "Signed online")


def _ranges(data: bytes) -> tuple[int, int, int, int]:
    return tuple(PdfFileReader(io.BytesIO(data)).embedded_signatures[0].byte_range)


def _flipped(data: bytes, position: int, to: bytes | None = None) -> bytes:
    changed = bytearray(data)
    changed[position] = to[0] if to else changed[position] ^ 0x01
    return bytes(changed)


def test_an_intact_seal_passes_and_names_the_provider(sealed):
    app, plain, data = sealed
    with app.app_context():
        verdict = check_seal(data)
    assert verdict.ok and "Provider p" in verdict.signer and "covers the whole file" in verdict.message
    assert data.startswith(plain)  # an incremental update: the letter's bytes unchanged, the seal appended


def test_a_byte_changed_anywhere_the_seal_covers_fails(sealed):
    app, _, data = sealed
    first_start, first_length, second_start, second_length = _ranges(data)
    contents = data[first_start + first_length:second_start]  # <hex of the signature, then zeros>
    digits = len(contents[1:-1].rstrip(b"0"))
    with app.app_context():
        for position in (first_length // 2, second_start + second_length // 2, first_length + 1 + digits // 2):
            changed = _flipped(data, position, b"A" if data[position:position + 1] != b"A" else b"B")
            verdict = check_seal(changed)
            assert not verdict.ok, position
            assert "changed" in verdict.message or "damaged" in verdict.message


def test_a_byte_changed_in_the_zero_padding_passes_the_seal_but_not_the_hash(sealed):
    app, _, data = sealed
    first_start, first_length, second_start, _ = _ranges(data)
    contents = data[first_start + first_length:second_start]
    padding = first_length + 1 + len(contents[1:-1].rstrip(b"0")) + 40
    changed = _flipped(data, padding, b"1")
    with app.app_context():
        assert check_seal(changed).ok  # the seal does not cover its own padding...
    assert sha256(changed) != sha256(data)  # ...so the verify page also looks the file's SHA-256 up


def test_unsealed_not_a_pdf_and_something_appended_fail(sealed):
    app, plain, data = sealed
    with app.app_context():
        assert check_seal(plain).message == "The file carries no seal: it is not a signed LOA of this portal."
        assert not check_seal(b"%PDF-1.7 not really").ok
        assert not check_seal(b"GIF89a").ok
        appended = check_seal(data + b"\n1 0 obj\n(added)\nendobj\n%%EOF\n")
    assert not appended.ok


def test_a_file_sealed_by_another_certificate_fails_unless_listed_as_an_earlier_one(sealed, tmp_path):
    app, plain, data = sealed
    other = _app(tmp_path, "other")
    with other.app_context():
        by_other = seal(plain, "Signed online")
    with app.app_context():
        verdict = check_seal(by_other)
    assert not verdict.ok and verdict.message == "The file is sealed, but not by this portal's certificate."
    # the yearly renewal: last year's certificate listed as an earlier one, its LOAs still pass
    from cryptography.hazmat.primitives import serialization

    from portal.core.seal import load_p12
    _, certificate = load_p12(app.config["SIGNING_P12"], "pw")
    (tmp_path / "earlier.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    renewed = _app(tmp_path, "renewed")
    renewed.config["SIGNING_EARLIER_CERTS"] = str(tmp_path / "earlier.pem")
    with renewed.app_context():
        assert check_seal(data).ok
        assert not check_seal(by_other).ok
