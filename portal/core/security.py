"""Security headers and session time-outs every response and request inherits (DESIGN.md section 7)."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Flask, current_app, flash, jsonify, redirect, request, session, url_for
from flask_login import current_user, logout_user

from portal.core.drafts import save_draft, seen_version, stash_pending, typed_values
from portal.core.editing import is_autosave_request
from portal.extensions import db

SEEN_GRANULARITY_SECONDS = 30
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def set_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config["ENV"] == "production":
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def _now() -> float:
    return datetime.now(timezone.utc).timestamp()


def session_expired_reason() -> str | None:
    """Why the current session is over (idle or absolute time-out), or None if it is still valid."""
    config = current_app.config
    now = _now()
    if now - session.get("started_at", now) > config["SESSION_ABSOLUTE_HOURS"] * 3600:
        return "Your session reached its maximum length; please log in again."
    if now - session.get("seen_at", now) > config["SESSION_IDLE_MINUTES"] * 60:
        return "You were inactive for a while, so we logged you out; please log in again."
    return None


def enforce_session_timeouts():
    if request.endpoint in (None, "static", "main.healthz") or not current_user.is_authenticated:
        return None
    reason = session_expired_reason()
    if reason:
        return end_session_keeping_input(reason)
    if _now() - session.get("seen_at", 0) > SEEN_GRANULARITY_SECONDS:
        session["seen_at"] = _now()  # not on every request: the cookie is re-signed only when it changes
    return None


def end_session_keeping_input(reason: str):
    """The session is over: keep a posted form's values as the person's draft, then ask for a login."""
    user = current_user._get_current_object()
    logout_user()
    session.clear()
    if is_autosave_request() or wants_json():
        return jsonify(error="You are logged out."), 401
    if request.method == "POST" and keeps_input_here():
        save_draft(user, request.path, typed_values(), seen_version())
        db.session.commit()
        reason += " Nothing was saved, but we kept what you typed: log in to continue."
    flash(reason, "warning")
    return _to_login()


def unauthorized():
    """Not logged in: JSON gets 401; a posted form's values wait for the login from this browser."""
    if is_autosave_request() or wants_json():
        return jsonify(error="You are logged out."), 401
    if request.method == "POST" and keeps_input_here():
        stash_pending(request.path, typed_values(), seen_version())
        db.session.commit()
        flash("Your session had ended, so nothing was saved. We kept what you typed: log in to continue.",
              "warning")
    else:
        flash("Please log in to see this page.", "info")
    return _to_login()


def _to_login():
    """To the login page, then back here (a form page after a POST, hence 303)."""
    if request.method == "POST":
        return redirect(url_for("auth.login", next=request.path), code=303)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def keeps_input_here() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return bool(view is not None and getattr(view, "keeps_input", False))


def start_session() -> None:
    """Renew the session at login: drop everything from before and start the clocks."""
    session.clear()
    session.permanent = True
    session["started_at"] = session["seen_at"] = _now()


def init_security(app: Flask) -> None:
    app.before_request(enforce_session_timeouts)
    app.after_request(set_security_headers)
