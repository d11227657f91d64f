"""The development outbox: registered only when PORTAL_ENV=development, and answering only requests
made on the machine itself (never through a proxy): it holds every invitation and reset link."""
from __future__ import annotations

from email import policy
from email.parser import BytesParser
from ipaddress import ip_address
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request

bp = Blueprint("dev", __name__, url_prefix="/dev")


def is_local_request() -> bool:
    """Made on this machine: a loopback address and no proxy in between."""
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False
    try:
        return ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.before_request
def _only_from_this_machine():
    if current_app.config["ENV"] != "development" or not is_local_request():
        abort(404)


def _messages() -> list[Path]:
    folder = Path(current_app.config["OUTBOX_DIR"])
    return sorted(folder.glob("*.eml"), reverse=True) if folder.is_dir() else []


def _read(path: Path) -> dict:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    body = message.get_body(preferencelist=("plain",))
    return {"name": path.name, "to": message["To"], "subject": message["Subject"], "date": message["Date"],
            "text": body.get_content() if body else ""}


@bp.get("/outbox")
def outbox():
    return render_template("dev/outbox.html", messages=[_read(path) for path in _messages()[:100]])


@bp.get("/outbox/<name>")
def message(name: str):
    path = next((path for path in _messages() if path.name == name), None) or abort(404)
    return render_template("dev/message.html", message=_read(path))
