"""A port request's carrier documents (issue 18): a bill or CSR stored through core/storage and read
against the request by a job (portal.porting.bill_check), again whenever the request's details
change; what it found is shown on the request's page, before anything is signed."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import select

from portal.core import audit, jobs
from portal.core.storage import CARRIER_DOCUMENT, PDF, path_of, store_upload
from portal.extensions import db
from portal.models.porting import CarrierDocument, CheckState, PortRequest
from portal.porting.bill_check import DETAILS, compare, read_pdf, wanted

log = logging.getLogger(__name__)
IMAGE = ("This is an image, whose text the portal cannot read: check by eye that the BTN, the account number, "
         "the name and the ZIP above match it exactly.")
SCAN = ("This PDF is a scan with no text to read: check by eye that the BTN, the account number, the name and "
        "the ZIP above match it exactly.")
DAMAGED = "The portal could not read this file: check it by eye, or upload it again."
STALE_AFTER = timedelta(minutes=5)  # still being read by then: its job was lost, queue it again


def add_document(request: PortRequest, upload, max_bytes: int, user) -> CarrierDocument:
    stored = store_upload(upload.stream, upload.filename, kind=CARRIER_DOCUMENT, max_bytes=max_bytes,
                          organization=request.project.organization, uploader=user)
    document = CarrierDocument(stored_file=stored)
    request.documents.append(document)
    db.session.flush()
    audit.record("port_request.document_added", request, note=stored.original_name)
    jobs.after_commit(check_document, document.id)
    return document


def check_again(request: PortRequest) -> None:
    """The request's details changed: its documents are read against them again."""
    for document in request.documents:
        document.check_state, document.findings, document.check_note = CheckState.PENDING, None, None
        db.session.flush()
        jobs.after_commit(check_document, document.id)


@jobs.job()
def check_document(document_id: int) -> None:
    """Read a document against its request (a PDF's text, within the page and time limits)."""
    document = db.session.get(CarrierDocument, document_id)
    if document is None or document.check_state != CheckState.PENDING:
        return
    request = db.session.get(PortRequest, document.port_request_id)
    looked_for = wanted(request)
    state, findings, note = _read(document, looked_for)
    document.check_state, document.findings, document.check_note = state, findings, note
    db.session.commit()


def _read(document: CarrierDocument, looked_for: dict) -> tuple[CheckState, dict | None, str | None]:
    if document.stored_file.content_type != PDF:
        return CheckState.UNREADABLE, None, IMAGE
    config = current_app.config
    try:
        with jobs.reading():
            reading = read_pdf(path_of(document.stored_file), config["BILL_CHECK_PAGES"], config["BILL_CHECK_SECONDS"])
    except Exception:  # pdfminer raises many kinds of errors for an odd file the upload checks let through
        log.warning("could not read carrier document %s", document.id, exc_info=True)
        return CheckState.UNREADABLE, None, DAMAGED
    if not any(page.strip() for page in reading.pages):
        return CheckState.UNREADABLE, None, SCAN
    return CheckState.READ, compare(reading.pages, looked_for), reading.note


def findings_of(document: CarrierDocument) -> list[tuple[str, int | None]]:
    """(what was looked for, the page it was found on or None), in the order people read them."""
    found = document.findings or {}
    return [(title, found.get(detail)) for detail, title in DETAILS.items() if detail in found]


def requeue_stale() -> int:
    """The sweeper: documents still being read long after they came (their job was lost) go again."""
    cutoff = datetime.now(timezone.utc) - STALE_AFTER
    stale = list(db.session.scalars(select(CarrierDocument.id).where(CarrierDocument.check_state == CheckState.PENDING,
                                                                     CarrierDocument.created_at < cutoff)))
    for document_id in stale:
        jobs.enqueue(check_document, document_id)
    return len(stale)
