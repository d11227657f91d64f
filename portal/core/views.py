"""Small helpers every blueprint's views share: safe redirects, the keep-input marker, ticked rows."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, request, url_for


def keeps_input(view):
    """Mark a form view: on an expired CSRF token it is shown again with what the person typed."""
    view.keeps_input = True
    return view


def keeps_drafts(view=None, *, held_on_parent: str | None = None):
    """Mark a form view built on portal.core.editing.Editor or portal.core.creating.Creator: besides
    keeping input on an expired CSRF token, a session that ends mid-form keeps the posted values as
    the person's draft, which the form restores after the next login.

    `held_on_parent="attach"`: an action that only takes POSTs, whose form is on the page one level
    up; its draft is kept there under that name, and the new login returns to that page."""
    def mark(marked):
        marked.keeps_input = marked.keeps_drafts = True
        marked.held_on_parent = held_on_parent
        return marked
    return mark(view) if view is not None else mark


def draft_place(view) -> tuple[str, str]:
    """(the draft key of this request's form, the page that holds the form) for a `keeps_drafts` view."""
    name = getattr(view, "held_on_parent", None)
    if not name:
        return request.path, request.path
    page = request.path.rsplit("/", 1)[0]
    return f"{page}#{name}", page


def see_other(endpoint: str, **values):
    """Redirect after a successful POST (303, so a reload never posts again)."""
    return redirect(url_for(endpoint, **values), code=303)


def see_other_url(url: str):
    return redirect(url, code=303)


def safe_next(default_endpoint: str = "main.dashboard") -> str:
    """The `next` parameter when it points inside the portal; never another host."""
    target = request.args.get("next") or request.form.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.scheme and not parts.netloc \
            and "\\" not in target:
        return target
    return url_for(default_endpoint)


def attachment(data: bytes, content_type: str, filename: str):
    """A response that downloads `data` as a file."""
    return data, 200, {"Content-Type": content_type, "Content-Disposition": f'attachment; filename="{filename}"'}


def ticked_versions(values: list[str]) -> list[tuple[int, int]]:
    """Ticked "id:version" checkbox values (rows listed with the version the page showed) as pairs;
    malformed ones are left out."""
    return [(row_id, version) for row_id, version, _ in ticked_rows(values)]


def ticked_rows(values: list[str]) -> list[tuple[int, int, str]]:
    """Ticked "id:version" or "id:version:shown" checkbox values as (id, version, what the row showed)."""
    rows = []
    for value in values:
        row_id, _, rest = value.partition(":")
        version, _, shown = rest.partition(":")
        if row_id.isdecimal() and version.isdecimal() and len(row_id) < 10 and len(version) < 10:
            rows.append((int(row_id), int(version), shown))
    return rows
