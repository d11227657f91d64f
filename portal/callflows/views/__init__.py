"""The call flows' pages (issue 16): the flows of a project, the builder, holiday sets, the test call."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("callflows", __name__)

from portal.callflows.views import (  # noqa: E402, F401  (each module adds its pages to bp)
    builder,
    diagrams,
    holidays,
    overview,
    recordings,
    test_call,
)
