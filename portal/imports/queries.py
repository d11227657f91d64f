"""Reads of imports: the ones a person can come back to."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models.imports import Import, ImportStatus


def recent_imports(project_id: int, kind: str, limit: int = 10) -> list[Import]:
    return list(db.session.scalars(select(Import).where(Import.project_id == project_id, Import.kind == kind)
                                   .order_by(Import.id.desc()).limit(limit)))


def waiting_imports(project_id: int, kind: str) -> list[Import]:
    """Imports started but not committed yet, newest first: the person can come back to them."""
    return list(db.session.scalars(select(Import).where(Import.project_id == project_id, Import.kind == kind,
                                                        Import.status != ImportStatus.COMMITTED)
                                   .order_by(Import.id.desc()).limit(3)))
