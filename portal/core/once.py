"""Exactly once (DESIGN.md section 8): submitting, signing and importing carry a one-time token.

A form that must act once derives from forms.base.OnceForm. The view claims the token before it
acts; a double click, a reload of the POST or a replay finds the token used and shows the first
outcome instead of acting again:

    claim = once.claim(form.once_token.data, "invite")
    if claim.repeated:
        return claim.replay()
    ...act...
    claim.finish(url_for(...))       # where the outcome is shown, also to a repeat
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from flask import current_app, flash, redirect
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models.once import UsedActionToken

SALT = "portal.once"
OUT_OF_DATE = "This form was out of date, so nothing was done. Check it and send it again."


class TokenRejected(ValueError):
    """A token that was not issued by the portal for this person and action."""


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue(purpose: str) -> str:
    """A new token for one action of the current user."""
    user_id = current_user.id if current_user.is_authenticated else None
    return _serializer().dumps({"p": purpose, "u": user_id, "n": secrets.token_hex(8)})


@dataclass
class Claim:
    """The outcome of claiming a token: first use, or a repeat of an earlier one."""

    row: UsedActionToken
    repeated: bool

    def finish(self, outcome_url: str) -> None:
        self.row.outcome_url = outcome_url

    def replay(self):
        flash("That was done already; nothing was repeated.", "info")
        return redirect(self.row.outcome_url or "/", code=303)


def claim(token: str, purpose: str) -> Claim:
    """Mark `token` used for `purpose` (in the caller's transaction) or find its first use."""
    check_token(token, purpose)
    digest = hashlib.sha256(token.encode()).hexdigest()
    row = UsedActionToken(token_hash=digest, purpose=purpose,
                          user_id=current_user.id if current_user.is_authenticated else None)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        earlier = db.session.scalars(select(UsedActionToken).where(UsedActionToken.token_hash == digest)).one()
        return Claim(earlier, repeated=True)
    return Claim(row, repeated=False)


def is_used(token: str | None) -> bool:
    """Whether the action this token belongs to was done already."""
    digest = hashlib.sha256((token or "").encode()).hexdigest()
    return db.session.scalar(select(UsedActionToken.id).where(UsedActionToken.token_hash == digest)) is not None


def check_token(token: str, purpose: str) -> None:
    try:
        data = _serializer().loads(token or "")
    except BadSignature as error:
        raise TokenRejected(OUT_OF_DATE) from error
    user_id = current_user.id if current_user.is_authenticated else None
    if data.get("p") != purpose or data.get("u") != user_id:
        raise TokenRejected(OUT_OF_DATE)
