"""The base form strips whitespace from text but never from passwords."""
from werkzeug.datastructures import MultiDict

from forms.auth import LoginForm


def test_text_is_stripped_and_passwords_are_kept_as_typed(app):
    with app.test_request_context(method="POST"):
        form = LoginForm(formdata=MultiDict({"email": "  ana@example.com \n", "password": " secret words "}),
                         meta={"csrf": False})
        assert form.email.data == "ana@example.com"
        assert form.password.data == " secret words "
