"""Writes of the plan template; projects created afterwards copy what is here."""
from __future__ import annotations

from portal.core import audit
from portal.core.versioning import Conflict, update_versioned
from portal.extensions import db
from portal.models.projects import TemplateTask


def add_template_task(values: dict) -> TemplateTask:
    task = TemplateTask(**{**values, "product_keys": values.get("product_keys") or None}, position=10_000)
    db.session.add(task)
    db.session.flush()
    audit.record("plan.task_added", task)
    return task


def update_template_task(task: TemplateTask, seen_version: int | None, changes: dict) -> Conflict | None:
    conflict = update_versioned(task, seen_version, {**changes, "product_keys": changes["product_keys"] or None})
    if conflict is None:
        audit.record("plan.task_updated", task)
    return conflict
