"""The verify page (issue 19): anyone with a copy of a signed Letter of Authorization uploads it and
learns whether it is one this portal sealed, which request and signer, and whether a single byte
changed. The file is checked in memory and not kept; the page is rate-limited.

Two checks answer: the seal (portal.core.seal: intact, the whole file, the provider's certificate),
and the file's SHA-256 looked up among the sealed files the portal stored, which catches any changed
byte, the seal's own zero padding included."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, render_template
from sqlalchemy import select

from forms.signing import VerifyForm
from portal.core.seal import SealCheck, check_seal, sha256
from portal.core.storage import SEALED_PDF, UploadRejected, check_content
from portal.core.views import keeps_input
from portal.extensions import db, limiter
from portal.models.signatures import LoaSignature

bp = Blueprint("verify", __name__)


@dataclass(frozen=True)
class Answer:
    ok: bool
    headline: str
    seal: SealCheck | None = None
    sha256: str | None = None
    signature: LoaSignature | None = None


def answer(data: bytes, filename: str) -> Answer:
    """Whether `data` is a sealed LOA of this portal, unchanged, and whose."""
    check_content(data, filename, SEALED_PDF)
    digest = sha256(data)
    seal = check_seal(data)
    signature = db.session.scalars(select(LoaSignature).where(LoaSignature.sealed_sha256 == digest)).first()
    if seal.ok and signature is not None:
        return Answer(True, "Yes: this is a Letter of Authorization this portal sealed, and not one byte changed.",
                      seal, digest, signature)
    if seal.ok:
        return Answer(False, "No: the seal is this portal's, but this exact file is not one the portal issued. "
                             "Something in it changed.", seal, digest)
    return Answer(False, f"No: {seal.message}", seal, digest)


def _verify_limit() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(_verify_limit, methods=["POST"])
@keeps_input
def verify():
    form = VerifyForm()
    outcome = None
    if form.validate_on_submit():
        upload = form.file.data  # at most MAX_VERIFIED bytes (the form checked)
        try:
            outcome = answer(upload.stream.read(), upload.filename or "upload.pdf")
        except UploadRejected as error:
            form.file.errors.append(str(error))
    return render_template("porting/verify.html", form=form, outcome=outcome)
