"""The signing ceremony's forms (issue 19): consent to electronic records and signatures; adopt a
signature, drawn (signature_pad) or typed, confirm the intent and sign, exactly once; a signing link
sent to the authorized person, with an optional access code; the code asked before the letter
opens; a PDF to verify."""
from __future__ import annotations

import base64
import binascii
import io
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PIL import Image, UnidentifiedImageError
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from forms.base import BaseForm, OnceForm, select_choices
from forms.validators import upload_field
from portal.core.storage import SEALED_PDF

MAX_DRAWN = 400 * 1024  # a drawn signature's data URL
MAX_PIXELS = (3000, 1500)
PNG_PREFIX = "data:image/png;base64,"


def time_zone_of(value: str | None) -> str | None:
    """The browser's IANA time zone as it said, if it is one (else not recorded)."""
    try:
        return value if value and len(value) <= 64 and ZoneInfo(value) else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


class ConsentForm(BaseForm):
    viewed = HiddenField()  # when the letter was shown, signed by the portal (portal.porting.ceremony)
    time_zone = HiddenField()
    consent = BooleanField("I agree to use electronic records and signatures for this letter",
                           validators=[DataRequired("Tick the box to agree to sign electronically. If you would "
                                                    "rather sign on paper, ask your project manager.")])


class SignForm(OnceForm):
    once_purpose = "sign_loa"
    mark = RadioField("Your signature", choices=select_choices([("drawn", "Draw it"), ("typed", "Type it")]),
                      default="typed")
    drawn = HiddenField()
    typed = StringField("Your signature, typed", validators=[Optional(), Length(max=200)],
                        description="Your full name, as you sign it.")
    name = StringField("Printed name", validators=[DataRequired("Enter your name as it is printed under the "
                                                                "signature."), Length(max=200)])
    title = StringField("Title", validators=[Optional(), Length(max=100)], description="Your role at the company, "
                                                                                       "as the carrier knows it.")
    time_zone = HiddenField()
    intent = BooleanField("I sign this Letter of Authorization and authorize the port of the numbers in "
                          "Attachment A", validators=[DataRequired("Tick the box to confirm you mean to sign.")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.drawn_png: bytes | None = None

    def validate_typed(self, field) -> None:
        if self.mark.data == "typed" and not (field.data or "").strip():
            raise ValidationError("Type your signature, or draw it instead.")

    def validate_drawn(self, field) -> None:
        if self.mark.data == "drawn":
            self.drawn_png = drawn_png(field.data or "")


def drawn_png(data_url: str) -> bytes:
    """The drawn signature re-encoded by the portal (nothing the browser sent is kept but the pixels);
    ValidationError when it is missing, not a PNG, too large or empty."""
    if not data_url:
        raise ValidationError("Draw your signature in the box, or type it instead.")
    if len(data_url) > MAX_DRAWN or not data_url.startswith(PNG_PREFIX):
        raise ValidationError("The drawn signature could not be read: draw it again, or type it instead.")
    try:
        image = Image.open(io.BytesIO(base64.b64decode(data_url[len(PNG_PREFIX):], validate=True)))
        if image.format != "PNG" or image.width > MAX_PIXELS[0] or image.height > MAX_PIXELS[1]:
            raise ValidationError("The drawn signature could not be read: draw it again, or type it instead.")
        pixels = image.convert("RGBA")
    except (binascii.Error, UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError("The drawn signature could not be read: draw it again, or type it instead.") from error
    box = pixels.getchannel("A").getbbox()
    if box is None or (box[2] - box[0]) < 8 or (box[3] - box[1]) < 4:
        raise ValidationError("The signature box is empty: draw your signature, or type it instead.")
    kept = io.BytesIO()
    pixels.crop(box).save(kept, format="PNG", optimize=True)
    return kept.getvalue()


class SigningLinkForm(BaseForm):
    name = StringField("Name", validators=[DataRequired("Enter the name of the person who signs."), Length(max=200)])
    title = StringField("Title", validators=[Optional(), Length(max=100)])
    email = EmailField("E-mail address", validators=[DataRequired("Enter the e-mail address the link goes to."),
                                                     Email("Enter an e-mail address like name@example.com."),
                                                     Length(max=254)])
    access_code = PasswordField("Access code (optional)", validators=[
        Optional(), Length(min=4, max=40, message="An access code has 4 to 40 characters.")],
        description="Asked before the letter opens. Tell it to the signer another way, by phone: it is not in "
                    "the e-mail.")


class LinkActionForm(BaseForm):
    invitation = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,9}$")])


class AccessCodeForm(BaseForm):
    code = PasswordField("Access code", validators=[DataRequired("Enter the access code you were given."),
                                                    Length(max=40)])


MAX_VERIFIED = 10 * 1024 * 1024  # a signed letter is a few hundred KB


class VerifyForm(BaseForm):
    file = upload_field("The PDF to check", SEALED_PDF, MAX_VERIFIED,
                        description="A signed Letter of Authorization from this portal, up to 10 MB. The file is "
                                    "checked and not kept.")
