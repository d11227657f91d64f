"""Server-side drafts of forms (DESIGN.md section 8): autosave, and values kept across a lost session.

A draft is keyed by user and form (the form page's path). Secret fields are never kept. A session
that ends mid-form keeps the posted values as a draft of the user the signed session names
(portal.core.security); a request that names nobody keeps nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app, request
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.models.drafts import Draft

NOT_KEPT = {"csrf_token", "once_token", "create_here"}  # create_here: portal.core.detours
SECRET_FIELD_NAMES: set[str] = set()  # names of password-type fields of every form (forms.base adds them)


def typed_values(formdata: MultiDict | None = None) -> dict[str, list[str]]:
    """What the person typed, without tokens and without secrets (any form's password-type fields)."""
    formdata = formdata if formdata is not None else request.form
    return {name: formdata.getlist(name) for name in formdata if name not in NOT_KEPT | SECRET_FIELD_NAMES}


def seen_version(formdata: MultiDict | None = None) -> int | None:
    value = (formdata if formdata is not None else request.form).get("version", "")
    try:
        return int(value) if len(value) <= 9 else None
    except ValueError:
        return None


def as_formdata(draft: Draft) -> MultiDict:
    return MultiDict([(name, value) for name, values in draft.data.items() for value in values])


def _expiry() -> datetime:
    return datetime.now(timezone.utc) + timedelta(days=current_app.config["DRAFT_DAYS"])


def save_draft(user, key: str, values: dict, base_version: int | None) -> Draft:
    """Create or replace the user's draft of the form at `key`."""
    draft = db.session.scalars(select(Draft).where(Draft.user_id == user.id, Draft.form_key == key)).first()
    if draft is None:
        draft = Draft(user_id=user.id, form_key=key)
        db.session.add(draft)
    draft.data, draft.base_version = values, base_version
    draft.saved_at, draft.expires_at = datetime.now(timezone.utc), _expiry()
    db.session.flush()
    return draft


def find_draft(user, key: str) -> Draft | None:
    now = datetime.now(timezone.utc)
    return db.session.scalars(select(Draft).where(
        Draft.user_id == user.id, Draft.form_key == key, Draft.expires_at > now)).first()


def has_drafts_under(user, path: str) -> bool:
    """Whether the user has unsaved typing on the page at `path` or on a page below it."""
    now = datetime.now(timezone.utc)
    return db.session.scalar(select(Draft.id).where(
        Draft.user_id == user.id, Draft.expires_at > now,
        (Draft.form_key == path) | Draft.form_key.startswith(path.rstrip("/") + "/", autoescape=True)).limit(1)) \
        is not None


def discard_draft(user, key: str) -> None:
    db.session.execute(delete(Draft).where(Draft.user_id == user.id, Draft.form_key == key))


def purge_expired() -> int:
    result = db.session.execute(delete(Draft).where(Draft.expires_at <= datetime.now(timezone.utc)))
    return result.rowcount or 0


def purge_in_words() -> str:
    return f"{purge_expired()} expired drafts removed"



