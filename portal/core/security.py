"""Security headers and session time-outs every response and request inherits (DESIGN.md section 7)."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Flask, current_app, flash, jsonify, redirect, request, session, url_for
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError

from portal.core.drafts import save_draft, seen_version, typed_values
from portal.core.editing import is_autosave_request
from portal.core.views import draft_place
from portal.extensions import csrf, db
from portal.models.users import User

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
    autosave = is_autosave_request() or wants_json()
    kept = False if autosave else keep_posted_values(current_user._get_current_object())
    logout_user()
    session.clear()
    if autosave:
        return jsonify(error="You are logged out."), 401
    flash(f"{reason} {_kept_message(kept)}".strip(), "warning")
    return _to_login()


def unauthorized():
    """Not logged in: JSON gets 401. A form posted by someone whose session has just ended (the
    signed session still names them) keeps its values as their draft; nobody else's are kept."""
    if is_autosave_request() or wants_json():
        return jsonify(error="You are logged out."), 401
    if request.method != "POST":
        flash("Please log in to see this page.", "info")
        return _to_login()
    kept = keep_posted_values(_user_named_by_session())
    flash(f"Your session had ended. {_kept_message(kept)}", "warning")
    return _to_login()


def _user_named_by_session():
    user_id = str(session.get("_user_id", "")).partition(":")[0]
    return db.session.get(User, int(user_id)) if user_id.isdecimal() and len(user_id) < 12 else None


def keep_posted_values(user) -> bool:
    """Keep this POST's values as the user's draft of this form, if the form keeps drafts and the
    request is genuinely theirs (its CSRF token is valid)."""
    if user is None or request.method != "POST" or not keeps_drafts_here() or request.form.get("discard_draft"):
        return False
    try:
        csrf.protect()
    except CSRFError:
        return False
    key, _ = draft_place(current_app.view_functions.get(request.endpoint))
    values = typed_values()
    if not values:  # only a chosen file: nothing a draft can keep
        return False
    save_draft(user, key, values, seen_version())
    db.session.commit()
    return True


def _kept_message(kept: bool) -> str:
    again = " Choose the file again then: a browser cannot keep a chosen file." if request.files else ""
    if kept:
        return "Nothing was saved, but we kept what you typed: log in to continue." + again
    if request.method == "POST":
        return "Nothing was saved: log in and send it again." + again
    return ""


def _to_login():
    """To the login page, then back here (a form page after a POST, hence 303)."""
    if request.method == "POST":
        view = current_app.view_functions.get(request.endpoint)
        page = draft_place(view)[1]  # a POST-only action returns to the page that holds its form
        return redirect(url_for("auth.login", next=page), code=303)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def keeps_drafts_here() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return bool(view is not None and getattr(view, "keeps_drafts", False))


def start_session() -> None:
    """Renew the session at login: drop everything from before and start the clocks."""
    session.clear()
    session.permanent = True
    session["started_at"] = session["seen_at"] = _now()


def init_security(app: Flask) -> None:
    # Before the CSRF check: an expired session is over whatever the request carries.
    app.before_request_funcs.setdefault(None, []).insert(0, enforce_session_timeouts)
    app.after_request(set_security_headers)


def invite_limit() -> str:
    """How many invitations one person may send (Flask-Limiter reads it at each request)."""
    return current_app.config["INVITE_RATE_LIMIT"]
