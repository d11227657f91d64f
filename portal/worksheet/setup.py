"""The worksheet's part in an app: its PDF, its import of seats and its task in the plan."""
from __future__ import annotations

from portal.core.features import register_feature
from portal.core.importing import register_import_kind
from portal.core.rendering import register_document
from portal.worksheet.document import DOCUMENT
from portal.worksheet.feature import worksheet_status, worksheet_summary, worksheet_url
from portal.worksheet.imports import SEATS


def register() -> None:
    """Register everything the worksheet provides; the app factory calls it for every app."""
    register_document("worksheet", DOCUMENT)
    register_import_kind(SEATS)
    register_feature("worksheet", worksheet_status, worksheet_url, worksheet_summary)
