"""Uploads (DESIGN.md section 7 and 8): the one module that knows where files live.

Files are streamed to a temporary name while their size and SHA-256 are counted, checked by
content (magic bytes, not the name), moved into place under a generated name outside `static/`,
and only then get a row. If the transaction that added the row rolls back, the file is removed, so
rows never point at missing files and no half-written file stays. The location is one setting,
PORTAL_UPLOAD_DIR; an S3-compatible backend would replace the three functions marked "backend".
"""
from __future__ import annotations

import hashlib
import io
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO

import filetype
from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models.files import StoredFile

CHUNK = 64 * 1024
NEW_FILES = "new_stored_files"


@dataclass(frozen=True)
class FileKind:
    """What an upload may be: its content types and how people call them."""

    title: str
    content_types: frozenset[str]


DOCUMENT = FileKind("a PDF, PNG or JPEG file", frozenset({"application/pdf", "image/png", "image/jpeg"}))
SPREADSHEET = FileKind("a CSV, TXT or XLSX file", frozenset({
    "text/plain", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))
ATTACHMENT = FileKind("a PDF, PNG, JPEG, CSV, TXT or XLSX file", DOCUMENT.content_types | SPREADSHEET.content_types)
TEXT_ENCODINGS = ("utf-8-sig", "utf-16", "cp1252")


class UploadRejected(ValueError):
    """The upload is refused; the message is shown next to the file field."""


def _root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def detect_type(head: bytes) -> str | None:
    """The content type by magic bytes, or text/plain for text; None when it is neither."""
    kind = filetype.guess_mime(head)
    if kind:
        return kind
    return "text/plain" if head and _is_text(head) else None


def _is_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with a byte-order mark (Excel's "Unicode text")
    if b"\x00" in head:
        return False
    for encoding in TEXT_ENCODINGS:
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def _stream_to_temporary(stream: BinaryIO, max_bytes: int) -> tuple[Path, int, str, bytes]:
    """Backend: write the upload to a temporary name, counting size and SHA-256 on the way."""
    temporary = _root() / ".incoming" / uuid.uuid4().hex
    temporary.parent.mkdir(parents=True, exist_ok=True)
    digest, size, head = hashlib.sha256(), 0, b""
    with temporary.open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                out.close()
                temporary.unlink(missing_ok=True)
                raise UploadRejected(f"The file is larger than {human_size(max_bytes)}; choose a smaller one.")
            head = head or chunk[:8192]
            digest.update(chunk)
            out.write(chunk)
    return temporary, size, digest.hexdigest(), head


def _move_into_place(temporary: Path) -> str:
    """Backend: give the complete file its final, generated name."""
    key = uuid.uuid4().hex
    final = _root() / key[:2] / key
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temporary, final)
    return key


def path_of(stored: StoredFile) -> Path:
    """Backend: where the bytes of a stored file are."""
    return _root() / stored.storage_key[:2] / stored.storage_key


def store_upload(stream: BinaryIO, filename: str, *, kind: FileKind, max_bytes: int,
                 organization=None, uploader=None) -> StoredFile:
    """Check and store an upload; the row is added to the session (the request commits it)."""
    temporary, size, sha256, head = _stream_to_temporary(stream, max_bytes)
    content_type = detect_type(head)
    if size == 0 or content_type not in kind.content_types:
        temporary.unlink(missing_ok=True)
        raise UploadRejected(f"This file is not {kind.title} by its content, whatever its name says.")
    return _keep(temporary, size, sha256, StoredFile(original_name=_safe_name(filename), content_type=content_type,
                                                     organization=organization, uploaded_by=uploader))


def store_generated(data: bytes, filename: str, content_type: str, *, organization=None, creator=None) -> StoredFile:
    """Store a document the portal made itself (a rendered PDF); added to the session like an upload."""
    temporary, size, sha256, _ = _stream_to_temporary(io.BytesIO(data), len(data))
    return _keep(temporary, size, sha256, StoredFile(original_name=_safe_name(filename), content_type=content_type,
                                                     organization=organization, uploaded_by=creator))


def _keep(temporary: Path, size: int, sha256: str, stored: StoredFile) -> StoredFile:
    """Give the complete file its place and its row; the file goes again if the transaction does not commit."""
    stored.size, stored.sha256, stored.storage_key = size, sha256, _move_into_place(temporary)
    db.session.add(stored)
    db.session.info.setdefault(NEW_FILES, []).append(path_of(stored))
    db.session.flush()
    return stored


def _safe_name(filename: str) -> str:
    name = os.path.basename((filename or "").replace("\\", "/")).strip() or "upload"
    return "".join(ch for ch in name if ch.isprintable())[:255]


def sweep_orphans(older_than: timedelta = timedelta(hours=1)) -> int:
    """Remove files no row refers to (left by a process that died before its commit or rollback)."""
    known = set(db.session.scalars(select(StoredFile.storage_key)))
    cutoff = (datetime.now(timezone.utc) - older_than).timestamp()
    removed = 0
    for path in _root().glob("**/*"):
        if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff:
            path.unlink()
            removed += 1
    return removed


@event.listens_for(Session, "after_commit")
def _keep_new_files(session: Session) -> None:
    session.info.pop(NEW_FILES, None)


@event.listens_for(Session, "after_transaction_end")
def _remove_uncommitted_files(session: Session, transaction) -> None:
    """A transaction that ended without a commit (rolled back, or closed after an error) takes its
    new files with it."""
    if transaction.parent is None and transaction.nested is False:
        for path in session.info.pop(NEW_FILES, []):
            Path(path).unlink(missing_ok=True)
