"""A carrier bill or CSR read against its port request (issue 18), before anything is signed: whether
the BTN, the account number, the billed name and the service ZIP appear in its text, and on which
page. Numbers are compared by their digits only, names ignoring case and punctuation. Warnings,
never blocks: a scan has no text to read, and says so.

The reading is a job (pdfplumber, within a page and a time limit); `compare` is the pure part.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

import phonenumbers

DETAILS = {"btn": "The BTN", "account_number": "The account number", "customer_name": "The name as billed",
           "postal_code": "The service ZIP or postal code"}
NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Reading:
    pages: list[str]
    total: int  # the document's pages, read or not
    note: str | None = None  # why not every page was read


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _words(text: str) -> str:
    return " " + " ".join(NOT_WORD.sub(" ", text.casefold()).split()) + " "


def _national(e164: str) -> str:
    try:
        return str(phonenumbers.parse(e164, None).national_number)
    except phonenumbers.NumberParseException:
        return _digits(e164)


def wanted(request) -> dict[str, tuple[str, str]]:
    """Each detail as it is looked for: ("digits" or "words", the value)."""
    account = request.account_number or ""
    return {"btn": ("digits", _national(request.btn or "")),
            "account_number": ("digits", _digits(account)) if _digits(account) else ("words", account),
            "customer_name": ("words", request.customer_name or ""),
            "postal_code": ("words", (request.postal_code or "")[:5] if (request.country or "") == "US"
                            else request.postal_code or "")}


def compare(pages: list[str], looked_for: dict[str, tuple[str, str]]) -> dict[str, int | None]:
    """Each detail with the first page (1-based) whose text holds it, or None."""
    digits = [_digits(page) for page in pages]
    words = [_words(page) for page in pages]
    found: dict[str, int | None] = {}
    for detail, (how, value) in looked_for.items():
        needle = _digits(value) if how == "digits" else _words(value)
        haystacks = digits if how == "digits" else words
        found[detail] = next((number for number, text in enumerate(haystacks, start=1)
                              if needle.strip() and needle in text), None)
    return found


def read_pdf(path, max_pages: int, seconds: float) -> Reading:
    """The text of the first `max_pages` pages, read for at most `seconds`."""
    import pdfplumber  # only a bill's check pays for it
    started, pages = time.monotonic(), []
    with pdfplumber.open(path) as pdf:
        total = len(pdf.pages)
        for page in pdf.pages[:max_pages]:
            if time.monotonic() - started > seconds:
                break
            pages.append(page.extract_text() or "")
            page.close()
    note = None
    if len(pages) < total:
        note = f"Only the first {len(pages)} of its {total} pages were read; check the rest by eye."
    return Reading(pages, total, note)
