"""The worksheet's part in an app: its PDF, its import of seats and its task in the plan."""
from __future__ import annotations

from portal.core.features import register_feature
from portal.core.importing import register_import_kind
from portal.core.intake import register_intake_part
from portal.core.rendering import register_document
from portal.core.snapshots import register_part
from portal.worksheet.document import DOCUMENT
from portal.worksheet.feature import INTAKE, worksheet_status, worksheet_summary, worksheet_url
from portal.worksheet.imports import SEATS
from portal.worksheet.snapshot import seats_part


def register() -> None:
    """Register everything the worksheet provides; the app factory calls it for every app."""
    register_document("worksheet", DOCUMENT)
    register_import_kind(SEATS)
    register_feature("worksheet", worksheet_status, worksheet_url, worksheet_summary)
    register_intake_part(INTAKE)
    register_part("seats", seats_part)
