"""The questionnaire's pages: the overview and "Check your answers", then a module per section."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("questionnaire", __name__)

from portal.questionnaire.views import (  # noqa: E402, F401  (each module adds its pages to bp)
    call_center,
    calling,
    dial_plan,
    extensions,
    keys,
    numbers,
    other,
    overview,
    recording,
)
