"""The provider's seal on the PDFs it signs for customers (issue 19): a PAdES digital signature (pyHanko,
level B-B: no timestamp server is reachable) under the provider's certificate, and its check.

The certificate is a PKCS#12 file: `PORTAL_SIGNING_P12` and `PORTAL_SIGNING_P12_PASSWORD` in
production (the portal refuses to start without them, portal.config); in development a self-signed
one is generated into the instance folder, as the keys are. A reader shows a sealed file as signed
and whether it changed; it names the signer only where the certificate is trusted.

`check_seal` answers whether a file carries exactly one seal, intact, covering the whole file, by the
provider's current certificate or an earlier one (`PORTAL_SIGNING_EARLIER_CERTS`, so last year's
LOAs still pass after the yearly renewal), validated with those certificates as the trust roots.
Any exception from the validator is a failure. The seal does not cover its own zero padding: the
caller also looks the file's SHA-256 up among the stored ones.
"""
from __future__ import annotations

import functools
import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from flask import current_app

log = logging.getLogger(__name__)
FIELD = "ProviderSeal"


class SealError(RuntimeError):
    """The provider's certificate cannot be read (a wrong password, a damaged file)."""


@dataclass(frozen=True)
class SealCheck:
    ok: bool
    message: str  # what a person reads: why it fails, or whose seal it is
    signer: str | None = None  # the certificate's subject, when there is a seal


def make_development_p12(path: Path, password: str, name: str) -> None:
    """A self-signed certificate for sealing, valid ten years (development only)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} (development seal)"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, name)])
    now = datetime.now(timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                                key_encipherment=False, data_encipherment=False, key_agreement=False,
                                                key_cert_sign=False, crl_sign=False, encipher_only=False,
                                                decipher_only=False), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                   .sign(key, hashes.SHA256()))
    data = pkcs12.serialize_key_and_certificates(name.encode(), key, certificate, None,
                                                 serialization.BestAvailableEncryption(password.encode()))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)


def load_p12(path: str, password: str):
    """(the private key, the certificate) of a PKCS#12 file; SealError when it cannot be read."""
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(Path(path).read_bytes(), password.encode())
    except (OSError, ValueError) as error:
        raise SealError(f"the signing certificate {path} cannot be read: {error}") from error
    if key is None or certificate is None:
        raise SealError(f"the signing certificate {path} holds no key or no certificate")
    return key, certificate


@functools.lru_cache(maxsize=4)
def _signer(path: str, password: str, modified: float):
    from pyhanko.sign import signers
    try:
        return signers.SimpleSigner.load_pkcs12_data(Path(path).read_bytes(), other_certs=[],
                                                     passphrase=password.encode())
    except (OSError, ValueError) as error:
        raise SealError(f"the signing certificate {path} cannot be read") from error


def signer():
    path, password = current_app.config["SIGNING_P12"], current_app.config["SIGNING_P12_PASSWORD"]
    return _signer(path, password, Path(path).stat().st_mtime)


def seal(pdf: bytes, reason: str) -> bytes:
    """The PDF sealed: one incremental update holding a PAdES B-B signature over the whole file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256", reason=reason[:200],
                                        name=current_app.config["PROVIDER_NAME"])
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return signers.sign_pdf(writer, meta, signer=signer()).getvalue()


def provider_certificates() -> list[asn1_x509.Certificate]:
    """The current certificate, then each earlier one a setting lists (PEM or DER files)."""
    current = signer().signing_cert
    earlier = [Path(path.strip()) for path in current_app.config["SIGNING_EARLIER_CERTS"].split(",") if path.strip()]
    return [current, *(_certificate(path) for path in earlier)]


@functools.lru_cache(maxsize=16)
def _certificate(path: Path) -> asn1_x509.Certificate:
    data = path.read_bytes()
    loaded = x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data else x509.load_der_x509_certificate(data)
    return asn1_x509.Certificate.load(loaded.public_bytes(serialization.Encoding.DER))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_seal(data: bytes) -> SealCheck:
    """Whether `data` is sealed by the provider, intact, the seal covering the entire file."""
    try:
        return _check(data)
    except Exception as error:  # noqa: BLE001 - a file the validator chokes on is simply not a valid seal
        log.info("a seal check failed: %s: %s", type(error).__name__, error)
        return SealCheck(False, "The file is damaged or changed: its seal cannot be checked.")


def _check(data: bytes) -> SealCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    roots = provider_certificates()
    seals = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    if not seals:
        return SealCheck(False, "The file carries no seal: it is not a signed LOA of this portal.")
    if len(seals) > 1:
        return SealCheck(False, "The file carries more than one signature: it was changed after it was sealed.")
    status = validate_pdf_signature(seals[0], ValidationContext(trust_roots=roots, allow_fetching=False))
    signer_name = status.signing_cert.subject.human_friendly
    if not (status.intact and status.valid):
        return SealCheck(False, "The seal does not match the file: it was changed after it was sealed.", signer_name)
    if status.signing_cert.sha256 not in {root.sha256 for root in roots} or not status.trusted:
        return SealCheck(False, "The file is sealed, but not by this portal's certificate.", signer_name)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SealCheck(False, "Something was added to the file after it was sealed.", signer_name)
    return SealCheck(True, f"Sealed by {signer_name}; the seal is intact and covers the whole file.", signer_name)
