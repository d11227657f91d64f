"""A project's documents as every feature offers them: laid out at once when small, prepared in the
background when large."""
from __future__ import annotations

from flask import current_app, render_template

from forms.base import ActionForm
from portal.core import rendering as rendering_service
from portal.core.pdf import html_to_pdf
from portal.core.views import attachment


def document_download(project, kind: str):
    """A document of the project: laid out now when it is small; when large (a minute of layout),
    the page that offers to prepare it in the background, with the ones asked for earlier."""
    document = rendering_service.DOCUMENTS[kind]
    rows = document.rows_of(project)
    if rows > current_app.config["PDF_INLINE_ROWS"]:
        return render_template("files/prepare.html", project=project, document=document, kind=kind, rows=rows,
                               seconds=document.seconds_for(project), form=ActionForm(),
                               earlier=rendering_service.recent(project, kind))
    return attachment(html_to_pdf(document.html_of(project)), "application/pdf", document.filename_of(project))
