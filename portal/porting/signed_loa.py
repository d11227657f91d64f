"""The signed Letter of Authorization as a document (issue 19): rendered once by a job (a rendering
whose subject is the signature), the certificate of completion its last page, the whole file sealed
with the provider's certificate (portal.core.seal). The sealed bytes are stored once with their
SHA-256, which the verify page looks up; a download returns exactly them, and the signer is e-mailed
a copy."""
from __future__ import annotations

from flask import url_for

from portal.core import audit
from portal.core.mail import Attachment, queue_mail
from portal.core.pdf import pdf_html
from portal.core.rendering import Document
from portal.core.seal import seal
from portal.extensions import db
from portal.models.files import StoredFile
from portal.models.projects import Project
from portal.models.signatures import LoaSignature
from portal.porting.signing import DOCUMENT_KIND

SECONDS = 3  # the layout and the seal, for the progress bar


def _signature(project: Project, signature_id: int | None) -> LoaSignature:
    signature = db.session.get(LoaSignature, signature_id)
    assert signature is not None and signature.port_request.project_id == project.id
    return signature


def signed_html(signature: LoaSignature) -> str:
    request = signature.port_request
    return pdf_html("pdf/signed_loa.html", project=request.project, request=request, signature=signature)


def filename(signature: LoaSignature) -> str:
    return f"loa-{signature.port_request.account_number.replace(' ', '')}-signed-{signature.public_id[:8]}.pdf"


def sealed(data: bytes) -> bytes:
    return seal(data, "Letter of Authorization signed online")


def keep(signature: LoaSignature, stored: StoredFile) -> None:
    """The signature keeps its sealed file and that file's SHA-256; the signer gets a copy."""
    signature.sealed_file_id, signature.sealed_sha256 = stored.id, stored.sha256
    audit.record("loa.sealed", signature.port_request, note=f"{signature.public_id}, SHA-256 {stored.sha256}")
    request = signature.port_request
    queue_mail(signature.signer_email, f"Your signed Letter of Authorization – account {request.account_number}",
               "loa_signed", attachments=(Attachment(filename(signature), "application/pdf", _bytes(stored)),),
               signature=signature, request=request)


def _bytes(stored: StoredFile) -> bytes:
    from portal.core.storage import path_of
    return path_of(stored).read_bytes()


def page(signature: LoaSignature) -> str:
    request = signature.port_request
    return url_for("porting.request", project_id=request.project_id, port_request_id=request.id)


DOCUMENT = Document("Signed Letter of Authorization", signed_html, filename, lambda signature: SECONDS, page,
                    lambda signature: 1, "letters", subject_of=_signature, finish=sealed, stored=keep)

__all__ = ["DOCUMENT", "DOCUMENT_KIND"]
