"""Flask-Login wiring: the session stores "<user id>:<nonce>", so a changed nonce ends old sessions."""
from __future__ import annotations

from flask import Flask

from portal.core.security import unauthorized
from portal.extensions import db, login_manager
from portal.models.users import User, UserStatus


def load_session_user(session_id: str) -> User | None:
    user_id, _, nonce = session_id.partition(":")
    if not (user_id.isdigit() and nonce.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.status != UserStatus.ACTIVE or user.session_nonce != int(nonce):
        return None
    return user


def init_login(app: Flask) -> None:
    login_manager.user_loader(load_session_user)
    login_manager.login_view = "auth.login"
    login_manager.unauthorized_handler(unauthorized)
    login_manager.session_protection = "basic"
