"""Writes of the questionnaire's answers; each through the versioned writer, each audited."""
from __future__ import annotations

from portal.core import audit
from portal.core.versioning import Conflict, update_versioned
from portal.models.questionnaire import DialPlan
from portal.models.telephony import Site


def save_dial_plan(dial_plan: DialPlan, seen_version: int | None, changes: dict) -> Conflict | None:
    conflict = update_versioned(dial_plan, seen_version, changes)
    if conflict is None:
        audit.record("questionnaire.dial_plan_saved", dial_plan.project, note=_dial_plan_note(dial_plan))
    return conflict


def _dial_plan_note(dial_plan: DialPlan) -> str:
    outside = dial_plan.outbound_access_code or "dialled directly"
    return (f"{dial_plan.extension_length}-digit extensions, outside line {outside}, "
            f"operator {dial_plan.operator_extension or 'none'}")


def save_site_hours(site: Site, seen_version: int | None, changes: dict) -> Conflict | None:
    """A site's time zone and default business hours (they are the site's: every project of the
    customer at that site shares them)."""
    conflict = update_versioned(site, seen_version, changes)
    if conflict is None:
        audit.record("site.hours_saved", site,
                     note=f"{', '.join(site.weekdays)} {site.opens_at:%H:%M}-{site.closes_at:%H:%M} {site.time_zone}")
    return conflict
