"""A demonstration app that only the tests serve: an upload form and a bulk edit, built on the
portal's machinery the way a feature would use it (issue 3 asks to prove the machinery on a small
demonstration form in the test suite, not on a throwaway page in the product). The upload form is
served twice: for DOCUMENT, which takes encrypted PDFs, and for a kind that refuses them, as porting
will (issue 13)."""
from dataclasses import replace

from flask import Blueprint, redirect, render_template_string, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired

from forms.base import BaseForm
from forms.validators import upload_field
from portal.core.storage import DOCUMENT, UploadRejected, store_upload
from portal.core.versioning import RowChange, bulk_update_versioned
from portal.core.views import keeps_input
from portal.extensions import db
from portal.models.users import Role, User
from tests.factories import create_user

LIMIT = 50 * 1024
UNENCRYPTED = replace(DOCUMENT, encrypted_pdfs=False)
demo = Blueprint("demo", __name__)
PAGE = """{% extends "base.html" %}{% from "_macros/forms.html" import form as render_form %}
{% block content %}<h1>Demo upload</h1>{{ render_form(form, submit="Upload") }}{% endblock %}"""


class DemoUploadForm(BaseForm):
    title = StringField("Title", validators=[DataRequired("Enter a title.")])
    document = upload_field("Carrier bill", DOCUMENT, LIMIT)


@demo.route("/demo/upload", methods=["GET", "POST"])
@login_required
@keeps_input
def upload():
    return _upload(DOCUMENT)


@demo.route("/demo/upload-unencrypted", methods=["GET", "POST"])
@login_required
@keeps_input
def upload_unencrypted():
    return _upload(UNENCRYPTED)


def _upload(kind):
    form = DemoUploadForm()
    if form.validate_on_submit():
        try:
            stored = store_upload(form.document.data.stream, form.document.data.filename, kind=kind,
                                  max_bytes=LIMIT, organization=current_user.organization, uploader=current_user)
        except UploadRejected as error:
            form.document.errors.append(str(error))
        else:
            if form.title.data == "crash before commit":
                raise RuntimeError("the server died between storing the file and committing its row")
            db.session.commit()
            return redirect(url_for("files.download", file_id=stored.id), code=303)
    return render_template_string(PAGE, form=form)


BULK_PAGE = """{% extends "base.html" %}{% block content %}<h1>Bulk edit</h1>
<p>Updated {{ result.updated|length }}.</p>
<ul>{% for conflict in result.conflicts %}
<li>Row {{ conflict.record.id }} changed since you loaded it {{- " " -}}
(you saw version {{ conflict.seen_version }}, it is at {{ conflict.current_version }}).</li>
{% endfor %}</ul>
{% endblock %}"""


@demo.post("/demo/bulk-title")
@login_required
def bulk_title():
    """Set one job title on the colleagues ticked in a list, each at the version the list showed."""
    changes = [RowChange(int(name.removeprefix("row-")), int(version), {"job_title": request.form["title"]})
               for name, version in request.form.items() if name.startswith("row-")]
    allowed = set(db.session.scalars(select(User.id).where(User.organization_id == current_user.organization_id)))
    result = bulk_update_versioned(User, [change for change in changes if change.id in allowed])
    db.session.commit()
    return render_template_string(BULK_PAGE, result=result)


def logged_in_client(demo_app, role: Role, organization=None):
    with demo_app.app_context():
        user = create_user(role, organization)
        db.session.commit()
        email = user.email
    client = demo_app.test_client()
    client.login(email)
    return client
