"""Forms that create a record are as safe as forms that edit one (DESIGN.md section 8): what is typed
is autosaved as the person's draft of the form, comes back with a notice when the page is opened
again (after a lost session and a new login too), and goes once the record is made.

    creator = Creator(NewSeatForm)
    response = creator.submit(lambda: services.create_seat(project, **values_of(creator.form)),
                              saved=lambda seat: f"{seat.label} was added.", next_url=worksheet_url(project),
                              refusals=(services.SeatError,))
    return response or render_template("worksheet/seat.html", creator=creator, form=creator.form)

A form with a one-time token (forms.base.OnceForm) happens once: a resent POST writes nothing and goes
where the first one went.

A form posted to an action of its own (an upload, a paste) keeps its draft under the page that holds
it: `Creator(AttachmentForm, key=form_key(page, "attach"), page=page, action=url)` on both routes.
"""
from __future__ import annotations

from typing import Callable

from flask import flash, g, jsonify, redirect, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.core import detours, drafts, once
from portal.core.editing import intercept_drafts
from portal.extensions import db


def form_key(page: str, name: str | None = None) -> str:
    """The draft key of a form on `page`; `name` tells apart several forms of one page."""
    return f"{page}#{name}" if name else page


def held_on_page(form_class, page: str, name: str, endpoint: str, action: str) -> Creator:
    """A form of its own on `page` (an upload beside the page's own form) posted to `action`, the view
    `endpoint`, with its draft kept under the page; the request's fields are its own only there."""
    posted_here = request.endpoint == endpoint
    return Creator(form_class, key=form_key(page, name), page=page, action=action,
                   **({} if posted_here else {"formdata": None}))


class Creator:
    """A form that creates something, for the current user, with its draft."""

    def __init__(self, form_class, key: str | None = None, page: str | None = None, action: str | None = None,
                 **form_options):
        self.page = page or request.path
        self.key = key or self.page
        self.discard_url = action  # where "discard my changes" is posted, when not to the page itself
        self.detour = detours.arriving()  # reached from a form's "create a new one here"
        self.draft = None
        if request.method == "GET":
            self.draft = drafts.find_draft(current_user, self.key)
        if self.draft:
            form_options = {**form_options, "formdata": drafts.as_formdata(self.draft)}
        self.form = form_class(**form_options)

    def intercept(self):
        """The response to an autosave or a "discard draft" request, or None for everything else."""
        return intercept_drafts(self.autosave, self.created, self.page,
                                lambda: detours.leave(self.form, self.key, None))

    def autosave(self):
        """Keep the typed values as a draft; JSON, never a redirect (no version: nothing exists yet)."""
        if g.get("csrf_failed"):
            return jsonify(error="Your session token was out of date; try again.", csrf_token=generate_csrf()), 422
        if "once_token" in self.form and once.is_used(request.form.get("once_token")):
            return jsonify(error="This form was sent already."), 409  # a late autosave keeps no old draft
        draft = drafts.save_draft(current_user, self.key, drafts.typed_values(), None)
        db.session.commit()
        return jsonify(saved_at=draft.saved_at.isoformat(), version=None, csrf_token=generate_csrf())

    def submit(self, write: Callable[[], object], *, saved: Callable[[object], str],
               next_url: str | Callable[[object], str], refusals: tuple = (), refusal_field: str | None = None,
               chosen: Callable[[object], int] | None = None):
        """The whole life of a POST to a create form: autosave or discard, validation, the one-time
        token, the write (`refusals` are its own exceptions, shown next to `error.field` or
        `refusal_field`), then the draft dropped, commit, flash and redirect (303). None: show the
        form (again). Reached by a detour, it goes back with `chosen(made)` chosen in the form left."""
        if (response := self.intercept()) is not None:
            return response
        if not self.form.validate_on_submit():
            return None
        claim = once.claim(self.form.once_token.data, self.form.once_purpose) if "once_token" in self.form else None
        if claim is not None and claim.repeated:
            return claim.replay()
        try:
            made = write()
        except refusals as error:
            db.session.rollback()  # nothing of this attempt stays, not even its one-time token
            self.form[getattr(error, "field", None) or refusal_field].errors.append(str(error))
            return None
        url, message = self._outcome(made, saved, next_url, chosen)
        self.created()
        if claim is not None:
            claim.finish(url)
        db.session.commit()
        flash(message, "success")
        return redirect(url, code=303)

    def _outcome(self, made, saved, next_url, chosen) -> tuple[str, str]:
        """Where to go once `made`, and what to say."""
        if self.detour is not None and chosen is not None:
            return self.detour.back_with(chosen(made)), self.detour.note(saved(made))
        return next_url(made) if callable(next_url) else next_url, saved(made)

    def created(self) -> None:
        """The record is made (or the person gave up): the draft goes with the same commit."""
        drafts.discard_draft(current_user, self.key)
