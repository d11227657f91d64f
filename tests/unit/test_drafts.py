"""Drafts keep what was typed, never secrets, per user and form, for a limited time."""
from datetime import datetime, timedelta, timezone

from werkzeug.datastructures import MultiDict

from portal.core import drafts
from tests.factories import create_user


def test_typed_values_leave_out_tokens_and_secrets(app):
    import forms.accounts  # noqa: F401  (registers the forms' secret fields)
    posted = MultiDict([("name", "Ana"), ("csrf_token", "t"), ("support_pass_code", "1234"), ("password", "x"),
                        ("escalation_notes", "Call Ana")])
    assert drafts.typed_values(posted) == {"name": ["Ana"], "escalation_notes": ["Call Ana"]}


def test_a_draft_is_kept_per_user_and_form_and_replaced_on_each_save(app, session):
    ana, ben = create_user(), create_user()
    with app.test_request_context():
        drafts.save_draft(ana, "/account/profile", {"name": ["Ana 1"]}, 1)
        drafts.save_draft(ana, "/account/profile", {"name": ["Ana 2"]}, 1)
        assert drafts.find_draft(ana, "/account/profile").data == {"name": ["Ana 2"]}
        assert drafts.find_draft(ben, "/account/profile") is None
        assert drafts.find_draft(ana, "/organizations/1/profile") is None


def test_drafts_expire(app, session):
    user = create_user()
    with app.test_request_context():
        draft = drafts.save_draft(user, "/account/profile", {"name": ["Old"]}, 1)
        draft.expires_at = datetime.now(timezone.utc) - timedelta(seconds=1)
        assert drafts.find_draft(user, "/account/profile") is None
        assert drafts.purge_expired() == 1
