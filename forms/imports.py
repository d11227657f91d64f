"""The forms of the import pipeline, whatever is imported (seats, phone numbers)."""
from __future__ import annotations

from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import DataRequired

from forms.base import BaseForm, OnceForm
from forms.validators import upload_field
from portal.core.storage import SPREADSHEET


class ImportFileForm(OnceForm):
    """An upload of its own: only the file, so a refused file costs no other typing. Its one-time token
    (shared with the paste form: both start an import) makes a resent upload start no second import."""

    once_purpose = "import.start"

    spreadsheet = upload_field("Spreadsheet", SPREADSHEET, 10 * 1024 * 1024,
                               "CSV, TXT (Excel's “Unicode text”) or XLSX, up to 10 MB.")


class ImportPasteForm(OnceForm):
    once_purpose = "import.start"
    pasted = TextAreaField("Rows copied from a spreadsheet", render_kw={"rows": 8},
                           description="Copy the rows with their header row in Excel and paste them here.",
                           validators=[DataRequired("Paste the rows, with their header row.")])


class ImportMappingForm(BaseForm):
    """The choice that goes with the column mapping (the columns themselves are one select each);
    what it clears is said by the kind of import (its description is set by the view)."""

    clear_blanks = BooleanField("Empty cells clear the field")


class CommitImportForm(OnceForm):
    once_purpose = "import.commit"
    checked = HiddenField()
