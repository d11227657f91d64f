"""Security headers and session time-outs every response and request inherits (DESIGN.md section 7)."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

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
        logout_user()
        session.clear()
        flash(reason, "warning")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if _now() - session.get("seen_at", 0) > SEEN_GRANULARITY_SECONDS:
        session["seen_at"] = _now()  # not on every request: the cookie is re-signed only when it changes
    return None


def start_session() -> None:
    """Renew the session at login: drop everything from before and start the clocks."""
    session.clear()
    session.permanent = True
    session["started_at"] = session["seen_at"] = _now()


def init_security(app: Flask) -> None:
    app.before_request(enforce_session_timeouts)
    app.after_request(set_security_headers)
