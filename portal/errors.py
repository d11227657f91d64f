"""Error pages without stack traces, and CSRF failures that keep what the person typed."""
from __future__ import annotations

import io
import logging
import time

from flask import Flask, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.formparser import MultiPartParser
from werkzeug.wsgi import LimitedStream
from wtforms.validators import ValidationError

from portal.extensions import limiter

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("The request could not be understood",
          "Something in the request was not valid. Go back and try again."),
    403: ("You do not have access to this page",
          "Your account cannot do this. If you think it should, ask your administrator."),
    404: ("Page not found", "The page or the record you asked for does not exist, or is not yours to see."),
    405: ("That action is not available here", "Go back and use the page's own buttons."),
    410: ("This link is no longer valid", "The link has expired or was used already."),
    413: ("The file is too large",
          "What you sent is larger than the portal accepts. Choose a smaller file and try again."),
    429: ("Too many attempts", "Please wait a moment before you try again."),
    500: ("Something went wrong on our side", "The error was logged. Please try again in a few minutes."),
}


def render_error(code: int, message: str | None = None, retry_after: int | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    g.pop("guarded", None)  # an error page is about no project: no line saying who can change it
    page = render_template("errors/error.html", code=code, title=title, message=message or default,
                           retry_after=retry_after)
    response = current_app.make_response((page, code))
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def handle_http_error(error: HTTPException):
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return {"error": error.name, "status": error.code}, error.code
    return render_error(error.code or 500, _public_description(error))


def _public_description(error: HTTPException) -> str | None:
    """Only messages the portal wrote on purpose reach the page (abort(410, "...") and friends)."""
    default = type(error).description
    return error.description if error.description and error.description != default else None


def handle_rate_limit(error):
    retry_after = _retry_after_seconds()
    message = f"Too many attempts. Please wait {retry_after} seconds and try again." if retry_after else None
    return render_error(429, message, retry_after)


def _retry_after_seconds() -> int | None:
    limit = limiter.current_limit
    return max(1, int(limit.reset_at - time.time())) if limit else None


READ_PAST_LIMIT = 4  # a body up to 4 times the limit is read for its typed fields; a larger one is not


def handle_too_large(error):
    """A form page is shown again with a clear message and what was typed beside the file (the
    file itself is not kept: nothing of the request is saved)."""
    view = current_app.view_functions.get(request.endpoint)
    if request.method == "POST" and view is not None and getattr(view, "keeps_input", False):
        g.request_too_large = True
        request.__dict__["form"], request.__dict__["files"] = _typed_fields(), ImmutableMultiDict()
        response = current_app.make_response(view(**(request.view_args or {})))
        if response.status_code == 200:
            response.status_code = 413
        return response
    return render_error(413)


def _typed_fields() -> ImmutableMultiDict:
    """The text fields of a form sent with a file over the request limit, read while the file's bytes
    are thrown away (a browser sends the whole body before it reads the answer anyway). Nothing when
    the body is far over the limit, is not a form with files, or does not carry a valid CSRF token
    (another site must not fill in the person's form)."""
    length, limit = request.content_length, current_app.config.get("MAX_CONTENT_LENGTH") or 0
    boundary = request.mimetype_params.get("boundary", "")
    if request.mimetype != "multipart/form-data" or not boundary or length is None \
            or length > READ_PAST_LIMIT * limit:
        return ImmutableMultiDict()
    parser = MultiPartParser(_discarded, max_form_memory_size=request.max_form_memory_size,
                             max_form_parts=request.max_form_parts)
    try:
        fields, _ = parser.parse(LimitedStream(request.environ["wsgi.input"], length), boundary.encode(), length)
        validate_csrf(fields.get("csrf_token"))
    except (ValueError, HTTPException, ValidationError):
        return ImmutableMultiDict()
    return ImmutableMultiDict(fields)


class _Discarded(io.BytesIO):
    """Where a file part of a request too large goes: nowhere."""

    def write(self, data) -> int:
        return len(data)


def _discarded(**_) -> _Discarded:
    return _Discarded()


def handle_csrf_error(error: CSRFError):
    """Form pages are shown again with the typed values; other requests get a plain 400 page."""
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and getattr(view, "keeps_input", False):
        g.csrf_failed = True
        return view(**(request.view_args or {}))
    return render_error(400, "Your session had expired, so nothing was changed. "
                             "Go back, reload the page and try again.")


def handle_unexpected(error: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(500)


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(429, handle_rate_limit)
    app.register_error_handler(413, handle_too_large)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
