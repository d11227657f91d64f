"""Choose one, or create a new one here (DESIGN.md section 8): a form that chooses something (a
destination) offers, beside the list, a button per kind it can create there. The button posts the
form; what was typed is kept as the person's draft of it; the person goes to the kind's create page
carrying a signed detour (the draft's key, the page to come back to, the field). Once made, the new
record's id is put in that field of the draft and the person is back on the form with it chosen and
the rest as they typed it. Detours nest: a queue made from a number's routing can make its overflow
box first, and both come back.

    register_kind("box", "shared voicemail box", lambda args: url_for(..., project_id=args["project_id"]))
    offer_creation(form.overflow_destination_id, ("box", "group", "queue"))   # the form macro shows it
    # Editor and Creator answer the button (`leave`); a Creator reached by a detour goes back with the
    # new record chosen: creator.submit(..., chosen=lambda made: made.destination_id)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Iterable

from flask import current_app, g, redirect, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from portal.core import drafts
from portal.extensions import db

FIELD = "create_here"  # the button's name; its value is "<field>:<kind>"
SALT = "portal.detour"


@dataclass(frozen=True)
class CreatableKind:
    key: str
    title: str
    url: Callable[[dict], str]  # the create page, from the view arguments of the page left (its project)


KINDS: dict[str, CreatableKind] = {}


def register_kind(key: str, title: str, url: Callable[[dict], str]) -> None:
    KINDS[key] = CreatableKind(key, title, url)


def offer_creation(field, kinds: Iterable[str] | None = None) -> None:
    """Offer beside `field` (a select) a button to create each of `kinds` (every kind registered) here."""
    field.create_here = [(f"{field.name}:{key}", KINDS[key].title) for key in (kinds or KINDS) if key in KINDS]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


@dataclass(frozen=True)
class Detour:
    """A form left to create something it can choose: its draft, its page, the field, the field's name."""

    key: str
    back: str
    field: str
    label: str

    @property
    def token(self) -> str:
        return _serializer().dumps(asdict(self))

    def url(self, kind: CreatableKind) -> str:
        return f"{kind.url(request.view_args or {})}?detour={self.token}"

    def back_with(self, value: int) -> str:
        """Put `value` in the field of the draft left (when it still exists); where to go back to."""
        draft = drafts.find_draft(current_user, self.key)
        if draft is not None:
            drafts.save_draft(current_user, self.key, {**draft.data, self.field: [str(value)]}, draft.base_version)
        return self.back

    def note(self, made: str) -> str:
        return f"{made} It is chosen under “{self.label}”: check the form and save it."


def arriving() -> Detour | None:
    """The detour this page was reached by (its signed `detour` argument), or None."""
    token = request.args.get("detour", "")
    if not token:
        return None
    try:
        detour = Detour(**_serializer().loads(token))
    except (BadSignature, TypeError):
        return None
    return detour if detour.back.startswith("/") and not detour.back.startswith("//") else None


def leave(form, key: str, base_version: int | None):
    """A "create a new one here" button: keep what was typed as the draft at `key`, then go to the
    create page of that kind. None when the request is no such button (or names no offer of `form`)."""
    choice = request.form.get(FIELD, "") if request.method == "POST" and not g.get("csrf_failed") else ""
    name, _, kind_key = choice.partition(":")
    field = form[name] if name and name in form else None
    if field is None or choice not in dict(getattr(field, "create_here", ())):
        return None
    drafts.save_draft(current_user, key, drafts.typed_values(), base_version)
    db.session.commit()
    here = request.full_path.removesuffix("?")
    return redirect(Detour(key, here, name, field.label.text).url(KINDS[kind_key]), code=303)
