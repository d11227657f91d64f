"""The one PDF renderer (DESIGN.md convention 8): an HTML template plus CSS through WeasyPrint.

Its URL fetcher serves only the portal's own static files and `data:` URLs; anything else a
document names (file://, http://127.0.0.1, any host) is refused, so text a customer typed can never
make the server read a file or call a network address. Customer text never reaches `base_url`.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import current_app, render_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_BASE = "https://portal.invalid/static/"


class RefusedURL(ValueError):
    """A document asked for something outside the portal's own static files."""


class LockedURLFetcher(URLFetcher):
    """Serves `STATIC_BASE...` from the static folder and `data:` URLs; refuses everything else."""

    def __init__(self, static_folder: str):
        super().__init__(allowed_protocols=("data", "https"), allow_redirects=False)
        self.static_root = Path(static_folder).resolve()

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_BASE):
            return self._static(url)
        raise RefusedURL(f"the PDF renderer refuses {url[:200]}")

    def _static(self, url: str) -> URLFetcherResponse:
        relative = url[len(STATIC_BASE):].split("?")[0].split("#")[0]
        path = (self.static_root / relative).resolve()
        if not path.is_relative_to(self.static_root) or not path.is_file():
            raise RefusedURL(f"no such static file: {relative[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def static_url(filename: str) -> str:
    """The address of a static file inside a PDF template."""
    return STATIC_BASE + filename


def render_pdf(template: str, **context) -> bytes:
    """Render templates/<template> to PDF bytes."""
    return html_to_pdf(pdf_html(template, **context))


def pdf_html(template: str, **context) -> str:
    """The HTML of a PDF template, for rendering now or later (portal.core.rendering)."""
    return render_template(template, pdf_static=static_url, **context)


def html_to_pdf(html: str) -> bytes:
    """The renderer itself: HTML the portal wrote, with the locked-down fetcher."""
    fetcher = LockedURLFetcher(current_app.static_folder)
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).write_pdf()
