"""Uploads (DESIGN.md section 7 and 8): the one module that knows where files live and what they are.

Files are streamed to a temporary name while their size and SHA-256 are counted, and checked by
content: a PDF must open with pypdf and be nothing else, an image must decode with Pillow under a
pixel limit, text must read as text and be no web page or SVG, a workbook must open with openpyxl,
a recording must read with mutagen as WAV or MP3 audio of some length (the name only words a
refusal, and text named as a PDF or an image is refused). Then they are
moved into place under a generated name outside `static/`, and only then get a row. If the
transaction that added the row rolls back, the file is removed, so rows never point at missing
files and no half-written file stays. The location is one setting, PORTAL_UPLOAD_DIR; an
S3-compatible backend would replace the three functions marked "backend".
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO

import filetype
from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.core.tabular import MAX_COLUMNS, UnreadableFile, decode_text
from portal.extensions import db
from portal.models.files import StoredFile

CHUNK = 64 * 1024
NEW_FILES = "new_stored_files"
PDF, PNG, JPEG, TEXT = "application/pdf", "image/png", "image/jpeg", "text/plain"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSM = "application/vnd.ms-excel.sheet.macroenabled.12"
WAV, MP3 = "audio/wav", "audio/mpeg"
DAMAGED_ZIP = "application/x-damaged-zip"  # not a real content type: a name for the refusal


@dataclass(frozen=True)
class FileKind:
    """What an upload may be: its content types, how people call them, and whether an encrypted PDF
    is one (an attachment may be; a document the portal must read itself, like a carrier bill for
    porting, will not)."""

    title: str
    content_types: frozenset[str]
    encrypted_pdfs: bool = True


DOCUMENT = FileKind("a PDF, PNG or JPEG file", frozenset({PDF, PNG, JPEG}))
CARRIER_DOCUMENT = FileKind("a PDF, PNG or JPEG file", DOCUMENT.content_types, encrypted_pdfs=False)  # read by us
SPREADSHEET = FileKind("a CSV, TXT or XLSX file", frozenset({TEXT, XLSX}))
SEALED_PDF = FileKind("a PDF file", frozenset({PDF}), encrypted_pdfs=False)  # checked, not kept (verify page)
ATTACHMENT = FileKind("a PDF, PNG, JPEG, CSV, TXT or XLSX file", DOCUMENT.content_types | SPREADSHEET.content_types)
AUDIO = FileKind("a WAV or MP3 recording", frozenset({WAV, MP3}))
MAX_IMAGE_PIXELS = 50_000_000  # a 48-megapixel phone photo fits; decoded, it is about 200 MB of memory

# What a file is, in the words of the refusals; other types take filetype's extension ("a GIF file").
FOUND = {PDF: "a PDF", PNG: "a PNG image", JPEG: "a JPEG image", TEXT: "a text file", XLSX: "an XLSX workbook",
         XLSM: "an Excel workbook with macros (XLSM)",
         DAMAGED_ZIP: "a damaged ZIP archive or XLSX workbook (was it downloaded completely?)",
         "application/zip": "a ZIP archive", "application/x-msdownload": "a Windows program",
         "application/x-executable": "a program", "image/heic": "an HEIC photo (save it as JPEG)",
         "application/msword": "a Word document", "application/vnd.ms-excel": "an old Excel workbook (XLS)",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
         "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (ODS)",
         WAV: "a WAV recording", MP3: "an MP3 recording", "audio/mp4": "an M4A recording (save it as MP3 or WAV)",
         "audio/ogg": "an OGG recording (save it as MP3 or WAV)", "audio/aac": "an AAC recording (save it as MP3)"}
# What a file's name says it is; text under the name of another type is refused (it would open in
# the wrong program, and it is how web pages and scripts disguise themselves).
CLAIMED = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".xlsx": XLSX, ".csv": TEXT, ".txt": TEXT,
           ".wav": WAV, ".mp3": MP3}
CLAIMED_AS = {".pdf": "a PDF", ".png": "a PNG image", ".jpg": "a JPEG image", ".jpeg": "a JPEG image",
              ".xlsx": "an XLSX workbook", ".csv": "a CSV file", ".txt": "a text file", ".wav": "a WAV recording",
              ".mp3": "an MP3 recording"}
SIGNATURES = {b"%PDF-": PDF, b"\x89PNG\r\n\x1a\n": PNG, b"\xff\xd8\xff": JPEG, b"PK\x03\x04": "application/zip"}
PDF_WHITESPACE = b"\x00\t\n\x0c\r "
CHUNK_READ = 1024 * 1024  # a large file's content is checked in pieces of this size
ZIP_OVERLAP = 46 + 1024  # a ZIP record's header and longest name: one across two pieces is whole in one
# A ZIP local header and central directory header: where their version, method and name length
# are, and their size (the name follows).
ZIP_RECORDS = {b"PK\x03\x04": (4, 8, 26, 30), b"PK\x01\x02": (6, 10, 28, 46)}
ZIP_METHODS = {0, 1, 6, 8, 9, 12, 14, 93, 95, 98, 99}
HTML_TAGS = ("html", "head", "body", "script", "iframe", "frameset", "div", "p", "a", "table", "style",
             "title", "meta", "link", "b", "br", "h1", "font", "img", "form", "span", "object", "embed")
SCRIPTING_TAG = re.compile(r"<\s*(script|iframe|frame|object|embed|svg|html|body|meta|base|form)\b|<!doctype\s+html",
                           re.IGNORECASE)
SVG_TAG = re.compile(r"<\s*svg\b|<!doctype\s+svg\b", re.IGNORECASE)
SVG_SCRIPT = re.compile(r"<\s*script\b|<[^<>]*\son[a-z]+\s*=|javascript:|<\s*foreignObject\b", re.IGNORECASE)
NOT_TEXT = re.compile(r"[\x01-\x08\x0e-\x1f\x7f\ufffd]")  # what no text holds (tabs, line and page breaks aside)
FIRST_TAG = re.compile(r"(?:\s|<!--.*?-->|<\?xml[^>]*>|<!doctype\s+(\w+)[^>]*>)*<\s*([a-zA-Z][\w:.-]*)",
                       re.IGNORECASE | re.DOTALL)


class UploadRejected(ValueError):
    """The upload is refused; the message is shown next to the file field."""


def _root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def _stream_to_temporary(stream: BinaryIO, max_bytes: int) -> tuple[Path, int, str]:
    """Backend: write the upload to a temporary name, counting size and SHA-256 on the way."""
    temporary = _root() / ".incoming" / uuid.uuid4().hex
    temporary.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with temporary.open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                out.close()
                temporary.unlink(missing_ok=True)
                raise UploadRejected(f"The file is larger than {human_size(max_bytes)}; choose a smaller one.")
            digest.update(chunk)
            out.write(chunk)
    return temporary, size, digest.hexdigest()


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
    """Check and store an upload; the row is added to the session (the request commits it). A file
    that is not what `kind` accepts, by its content, raises UploadRejected saying what it is."""
    temporary, size, sha256 = _stream_to_temporary(stream, max_bytes)
    try:
        content_type = check_file(temporary, size, filename, kind)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return _keep(temporary, size, sha256, StoredFile(original_name=_safe_name(filename), content_type=content_type,
                                                     organization=organization, uploaded_by=uploader))


def store_generated(data: bytes, filename: str, content_type: str, *, organization=None, creator=None) -> StoredFile:
    """Store a document the portal made itself (a rendered PDF); added to the session like an upload."""
    temporary, size, sha256 = _stream_to_temporary(io.BytesIO(data), len(data))
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
    """The last part of the name the browser sent (no folders, no `..`), printable, in NFC (as macOS
    sends names decomposed), at most 255 characters with its extension kept. Non-ASCII names stay:
    the name is only metadata (the stored name is generated) and downloads encode it (RFC 5987)."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char if char.isprintable() else " " for char in name).strip()
    if not name.strip("."):
        return "upload"
    suffix = Path(name).suffix[:16]
    return name if len(name) <= 255 else name[:255 - len(suffix)] + suffix


# The content checks: what a file is, by its bytes; refused unless it is one of its kind's types
# and opens as such.

def check_file(path: Path, size: int, filename: str, kind: FileKind) -> str:
    """`check_content` of a file on disk; a large PDF (a carrier's bill) is checked from the file a
    piece at a time, so the server never holds it whole."""
    with path.open("rb") as handle:
        if size <= CHUNK_READ or handle.read(len(b"%PDF-")) != b"%PDF-":
            return check_content(path.read_bytes(), filename, kind)
        if PDF not in kind.content_types:
            raise UploadRejected(f"This file is not {kind.title} by its content, whatever its name says: "
                                 f"it is {_found(PDF)}.")
        _check_pdf_file(handle, size, kind)
    return PDF


def check_content(data: bytes, filename: str, kind: FileKind) -> str:
    """The content type of `data` once it is proven to be a file `kind` accepts (the name is used
    only to word a refusal); UploadRejected, saying what the file is, otherwise."""
    if not data:
        raise UploadRejected("This file is empty (0 bytes). Choose the file again; if it is empty on your "
                             "computer too, save it again from the program that made it.")
    content_type, text = _sniff(data)
    if text is not None:
        _check_text(text, filename, kind)
    if content_type not in kind.content_types:
        raise UploadRejected(f"This file is not {kind.title} by its content, whatever its name says: "
                             f"it is {_found(content_type)}.")
    if content_type in CHECKS:
        CHECKS[content_type](data, kind)
    return content_type


def _sniff(data: bytes) -> tuple[str | None, str | None]:
    """The type the bytes say (the portal's own types by their structure, text by decoding, others
    by filetype's magic bytes; None for nothing the portal recognizes) and, for text, the text."""
    for signature, content_type in SIGNATURES.items():
        if data.startswith(signature):
            return (_zip_type(data) if content_type == "application/zip" else content_type), None
    if (data.startswith(b"RIFF") and data[8:12] == b"WAVE") or data.startswith(b"ID3") or _mpeg_audio(data):
        return (WAV if data.startswith(b"RIFF") else MP3), None
    text = _decoded_text(data)
    return (TEXT, text) if text is not None else (filetype.guess_mime(data[:8192]), None)


def _mpeg_audio(data: bytes) -> bool:
    """Whether the bytes open with an MPEG audio layer III frame (an MP3 without its tag)."""
    return len(data) > 1 and data[0] == 0xFF and data[1] & 0xE6 == 0xE2


def _zip_type(data: bytes) -> str:
    """An XLSX workbook, one with macros, or whatever else a ZIP archive is (a Word document...)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except Exception:  # zipfile raises several kinds of errors for a damaged or cut-off archive
        return DAMAGED_ZIP
    if "xl/workbook.xml" in names:
        return XLSM if "xl/vbaProject.bin" in names else XLSX
    return filetype.guess_mime(data[:8192]) or "application/zip"


def _found(content_type: str | None) -> str:
    if content_type in FOUND:
        return FOUND[content_type]
    known = filetype.get_type(mime=content_type) if content_type else None
    return f"a {known.extension.upper()} file" if known else "neither text nor a type of file the portal recognizes"


def _decoded_text(data: bytes) -> str | None:
    """The text of `data` in the encodings the importer reads (UTF-8, UTF-16 with or without its
    byte-order mark, Windows-1252), or None when it is not text all through (a NUL, or many
    characters no text has, anywhere in it and not only at its start)."""
    try:
        text, _ = decode_text(data)
    except UnreadableFile:
        return None
    return None if "\x00" in text or len(NOT_TEXT.findall(text)) > max(3, len(text) // 50) else text


def _check_text(text: str, filename: str, kind: FileKind) -> None:
    """Text is plain text: not a web page, an SVG image or an XML document, with no scripting HTML
    inside, and not named as a type of file that is not text."""
    suffix = Path(filename or "").suffix.lower()
    problem = _markup(text, CLAIMED_AS.get(suffix, kind.title))
    if problem:
        raise UploadRejected(problem)
    if CLAIMED.get(suffix, TEXT) != TEXT:
        raise UploadRejected(f"This is a text file, not {CLAIMED_AS[suffix]}.")


def _markup(text: str, claimed: str) -> str | None:
    """What the markup in the text is, in the words of a refusal; None for plain text."""
    if SVG_TAG.search(text):
        if SVG_SCRIPT.search(text):
            return "This is an SVG image with a script, which the portal does not accept."
        return "This is an SVG image, which the portal does not accept; save it as PNG or PDF."
    first = FIRST_TAG.match(text[:65536].lstrip("\ufeff"))
    if first and ((first.group(1) or "").lower() == "html" or first.group(2).lower() in HTML_TAGS):
        return f"This is an HTML page, not {claimed}."
    if first and (text.lstrip("\ufeff \t\r\n").startswith("<?xml") or text.rstrip().endswith(">")):
        return f"This is an XML document, not {claimed}."
    found = SCRIPTING_TAG.search(text)
    if found:
        return (f"This file contains HTML markup (a <{(found.group(1) or '!DOCTYPE html').lower()}> tag), "
                "which the portal does not accept.")
    return None


def _check_pdf(data: bytes, kind: FileKind) -> None:
    _check_pdf_file(io.BytesIO(data), len(data), kind)


def _check_pdf_file(handle: BinaryIO, size: int, kind: FileKind) -> None:
    """A PDF opens with pypdf, ends at its last %%EOF and holds no ZIP archive (a polyglot opens as
    either, depending on the program); encrypted only where its kind allows. Read a piece at a time:
    a 20 MB bill is never held whole."""
    if _holds_zip(handle, size):
        raise UploadRejected("This PDF also contains a ZIP archive. Save the PDF again, on its own, and attach that.")
    _check_pdf_end(handle, size)
    handle.seek(0)
    if _pdf_is_encrypted(handle) and not kind.encrypted_pdfs:
        raise UploadRejected("This PDF is encrypted. Save a copy without a password or protection, and "
                             "attach that.")


def _pieces(handle: BinaryIO, size: int, overlap: int, start: int = 0):
    """(offset, bytes) of `size` bytes of the file from `start`, in pieces of CHUNK_READ, each
    overlapping the one before by `overlap`."""
    offset, end = start, start + size
    while offset < end:
        handle.seek(offset)
        yield offset, handle.read(min(CHUNK_READ, end - offset))
        if offset + CHUNK_READ >= end:
            return
        offset += CHUNK_READ - overlap


def _check_pdf_end(handle: BinaryIO, size: int) -> None:
    """The last %%EOF is followed by nothing but whitespace."""
    last = _last_marker(handle, size, b"%%EOF")
    if last is None:
        raise UploadRejected("This PDF is incomplete: its end is missing. Download or save it again.")
    tail = last + len(b"%%EOF")
    if any(piece.strip(PDF_WHITESPACE) for _, piece in _pieces(handle, size - tail, 0, tail)):
        raise UploadRejected("This PDF has other data after its end, which the portal does not accept. "
                             "Save the PDF again from the program that made it.")


def _last_marker(handle: BinaryIO, size: int, marker: bytes) -> int | None:
    """Where the last `marker` starts, read backwards from the end a piece at a time."""
    end = size
    while end > 0:
        start = max(0, end - CHUNK_READ)
        handle.seek(start)
        found = handle.read(end - start).rfind(marker)
        if found >= 0:
            return start + found
        end = start + len(marker) - 1 if start else 0  # a marker across two pieces is whole in the next
    return None


def _pdf_is_encrypted(handle: BinaryIO) -> bool:
    """Whether the PDF, which must open with pypdf (its pages too, unless encrypted), is encrypted.
    pypdf is given the open file: given a path, it would read the whole file into memory."""
    from pypdf import PdfReader  # only PDF uploads pay for it
    try:
        reader = PdfReader(handle)
        if not reader.is_encrypted and not len(reader.pages):
            raise ValueError("no pages")
    except Exception as error:  # pypdf raises many kinds of errors for a damaged file
        raise UploadRejected("This PDF is damaged: it cannot be opened.") from error
    return reader.is_encrypted


def _holds_zip(source: bytes | BinaryIO, size: int | None = None) -> bool:
    """Whether a ZIP archive is inside: a local or central directory header that reads as one (a
    known method, a name of printable characters), not four bytes that happen to match."""
    if isinstance(source, bytes):
        return _piece_holds_zip(source)
    return any(_piece_holds_zip(piece) for _, piece in _pieces(source, size, ZIP_OVERLAP))


def _piece_holds_zip(data: bytes) -> bool:
    for signature, layout in ZIP_RECORDS.items():
        at = data.find(signature)
        while at >= 0:
            if _zip_record_at(data, at, *layout):
                return True
            at = data.find(signature, at + 1)
    return False


def _zip_record_at(data: bytes, at: int, version_at: int, method_at: int, name_length_at: int, size: int) -> bool:
    if at + size > len(data):
        return False
    version, method, name_length = (struct.unpack_from("<H", data, at + offset)[0]
                                    for offset in (version_at, method_at, name_length_at))
    name = data[at + size:at + size + name_length]
    return (version & 0xFF) <= 63 and method in ZIP_METHODS and 0 < name_length <= 1024 \
        and len(name) == name_length and all(0x20 <= byte != 0x7F for byte in name)


def _check_image(data: bytes, kind: FileKind) -> None:
    """An image decodes with Pillow, within MAX_IMAGE_PIXELS. Pillow's own decompression-bomb check
    warns past its limit (an error in the tests, a log line in production) and fails past twice
    that: both are made a refusal here, the same everywhere."""
    from PIL import Image
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as image:
                _check_pixels(*image.size)
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRejected(f"This image has more pixels than the portal opens (at most "
                             f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels). Save it smaller and try again.") from error
    except UploadRejected:
        raise
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError... for a damaged file
        name = "PNG" if data.startswith(b"\x89PNG") else "JPEG"
        raise UploadRejected(f"This {name} image is damaged: it cannot be opened.") from error


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise UploadRejected(f"This image is {width:,} × {height:,} pixels, more than the portal opens (at most "
                             f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels). Save it smaller and try again.")


def _check_xlsx(data: bytes, kind: FileKind) -> None:
    """A workbook opens with openpyxl as the importer opens it (read-only, values only) and its first
    sheet's first row reads, within the importer's column limit."""
    import openpyxl  # only workbooks pay for it
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")  # unsupported extensions
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                next(workbook.worksheets[0].iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), None)
            finally:
                workbook.close()
    except Exception as error:  # openpyxl raises many kinds of errors for a damaged file
        raise UploadRejected("This XLSX workbook is damaged: it cannot be opened.") from error


def _check_audio(data: bytes, kind: FileKind) -> None:
    """A recording reads with mutagen as what it opens as, lasts some time, is complete (a WAV has
    all the bytes its header counts) and holds no ZIP archive."""
    from mutagen.mp3 import MP3  # only recordings pay for it
    from mutagen.wave import WAVE
    wav = data.startswith(b"RIFF")
    name = "WAV" if wav else "MP3"
    if _holds_zip(data):
        raise UploadRejected(f"This {name} recording also contains a ZIP archive. Save the recording again, on "
                             f"its own, and upload that.")
    if wav and len(data) < struct.unpack_from("<I", data, 4)[0] + 8:
        raise UploadRejected("This WAV recording is incomplete: its end is missing. Download or save it again.")
    try:
        seconds = (WAVE if wav else MP3)(io.BytesIO(data)).info.length
    except Exception as error:  # mutagen raises several kinds of errors for a damaged file
        raise UploadRejected(f"This {name} recording is damaged: it cannot be played.") from error
    if not seconds:
        raise UploadRejected(f"This {name} recording is silent: it lasts no time at all. Record it again.")


CHECKS = {PDF: _check_pdf, PNG: _check_image, JPEG: _check_image, XLSX: _check_xlsx, WAV: _check_audio,
          MP3: _check_audio}


def sweep_orphans(older_than: timedelta = timedelta(hours=1)) -> int:
    """Remove files no row refers to (left by a process that died before its commit or rollback)."""
    known = set(db.session.scalars(select(StoredFile.storage_key)))
    cutoff = (datetime.now(timezone.utc) - older_than).timestamp()
    removed = 0
    for path in _root().glob("**/*"):
        if path.is_file() and path.name not in known and _older(path, cutoff):
            path.unlink(missing_ok=True)  # another worker's housekeeping may have been first
            removed += 1
    return removed


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def sweep_in_words() -> str:
    return f"{sweep_orphans()} orphaned files removed"



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
