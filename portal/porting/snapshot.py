"""Porting's part of a review round's snapshot (issue 20; portal.core.snapshots): each port request
(whether a PIN is set, never the PIN), its numbers, its bills by their files' SHA-256 with what their
check found, and its signatures with the sealed LOA's SHA-256."""
from __future__ import annotations

from sqlalchemy import select

from portal.core.snapshots import row, rows
from portal.extensions import db
from portal.models.porting import PortRequest
from portal.models.signatures import LoaSignature

SIGNATURE_COLUMNS = ("public_id", "status", "signer_name", "signer_title", "signer_email", "signed_at",
                     "content_sha256", "sealed_sha256", "superseded_at", "superseded_why")


def porting_part(project) -> list[dict]:
    requests = db.session.scalars(select(PortRequest).where(PortRequest.project_id == project.id))
    return [{**row(request), "numbers": sorted(item.phone_number_id for item in request.numbers),
             "documents": [{**row(document), "sha256": document.stored_file.sha256} for document in
                           sorted(request.documents, key=lambda document: document.id)],
             "signatures": [{name: value for name, value in item.items() if name in SIGNATURE_COLUMNS}
                            for item in rows(_signatures(request))]}
            for request in sorted(requests, key=lambda request: request.id)]


def _signatures(request: PortRequest) -> list[LoaSignature]:
    return list(db.session.scalars(select(LoaSignature).where(LoaSignature.port_request_id == request.id)))
