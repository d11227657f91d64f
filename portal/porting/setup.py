"""Number porting's part in an app: the plan task it reports."""
from __future__ import annotations

from portal.core.features import register_feature
from portal.porting import progress


def register() -> None:
    register_feature("porting", progress.status, progress.page_url, progress.summary)
