"""The base form strips whitespace from text but never from passwords."""
from werkzeug.datastructures import MultiDict

from forms.auth import LoginForm


def test_text_is_stripped_and_passwords_are_kept_as_typed(app):
    with app.test_request_context(method="POST"):
        form = LoginForm(formdata=MultiDict({"email": "  ana@example.com \n", "password": " secret words "}),
                         meta={"csrf": False})
        assert form.email.data == "ana@example.com"
        assert form.password.data == " secret words "


def test_the_error_summary_lists_every_field_and_hidden_fields_without_a_link(app):
    from forms.accounts import InviteCustomerUserForm
    with app.test_request_context(method="POST"):
        form = InviteCustomerUserForm(formdata=MultiDict({"role": "viewer", "once_token": "forged"}),
                                      meta={"csrf": False})
        assert not form.validate()
        assert form.error_list == [
            (None, "This form was out of date, so nothing was done. Check it and send it again."),
            ("name", "Enter the person's name."),
            ("email", "Enter the person's e-mail address.")]


def test_line_breaks_typed_in_a_browser_are_stored_as_newlines(app):
    """Browsers send a text area's lines with CRLF; stored with LF, an export and re-import match."""
    from werkzeug.datastructures import MultiDict

    from forms.accounts import OrganizationProfileForm

    with app.test_request_context(method="POST"):
        form = OrganizationProfileForm(formdata=MultiDict({"escalation_notes": "1. Maria\r\n2. Helen\r3. Tom\r\n"}),
                                       meta={"csrf": False})
        assert form.escalation_notes.data == "1. Maria\n2. Helen\n3. Tom"
