"""Writing the audit log: services call `record(...)`; the request's commit stores it with the change."""
from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from portal.extensions import db
from portal.models.audit import AuditEvent

ACTION_TITLES = {
    "user.login": "logged in",
    "user.login_failed": "failed to log in",
    "user.invited": "invited",
    "user.invitation_resent": "re-sent the invitation of",
    "user.activated": "activated the account of",
    "user.deactivated": "deactivated",
    "user.reactivated": "reactivated",
    "user.reinvited": "invited again",
    "user.role_changed": "changed the role of",
    "user.reset_requested": "asked for a password reset:",
    "user.password_reset": "reset the password of",
    "user.password_changed": "changed the password of",
    "user.created": "created",
    "organization.created": "added the organization",
    "organization.updated": "updated the details of",
    "user.profile_updated": "updated the profile of",
    "user.updated": "updated the details of",
    "demo.seeded": "loaded the demo data",
    "project.created": "created the project",
    "project.updated": "edited the project",
    "project.welcome_sent": "sent the welcome letter of",
    "project.go_live_moved": "moved the go-live date of",
    "project.phase_changed": "moved the phase of",
    "meeting.scheduled": "scheduled a meeting of",
    "meeting.rescheduled": "rescheduled a meeting of",
    "task.status_changed": "changed the status of",
    "task.followed_feature": "updated from its form the status of",
    "task.updated": "edited the task",
    "task.added": "added the task",
    "site.created": "added the site",
    "seat.created": "added the seat",
    "import.started": "started an import",
    "document.requested": "asked for the document",
    "document.failed": "a document could not be prepared",
    "project.site_joined": "added a site to the project",
    "seat.extensions_numbered": "numbered the extensions",
    "mail.failed": "could not send an e-mail",
    "mail.resent": "sent an e-mail again",
    "import.mapped": "mapped the columns of an import",
    "import.value_created": "matched a value to a new record in the import",
    "import.choice": "answered a question on the preview of the import",
    "import.committed": "imported",
    "seat.updated": "edited the seat",
    "seat.bulk_updated": "changed several seats of",
    "seat.deleted": "deleted the seat",
    "seat.pin_revealed": "revealed the voicemail PIN of the seat",
    "number.added": "added a number to",
    "number.updated": "changed a number of",
    "number.requested": "requested new numbers for",
    "number.imported": "imported numbers into",
    "site.updated": "updated the site",
    "site.hours_saved": "set the business hours of the site",
    "questionnaire.dial_plan_saved": "saved the dial plan of",
    "questionnaire.section_marked": "said how far they are with a questionnaire section of",
    "questionnaire.other_saved": "saved the other requirements of",
    "questionnaire.recording_saved": "set the call-recording policy of",
    "questionnaire.calling_saved": "answered the calling patterns of",
    "number.routed": "changed where a number rings in",
    "questionnaire.keys_saved": "laid out phone keys in",
    "call_center.created": "added to the call center of",
    "call_center.saved": "changed the call center of",
    "call_center.removed": "removed from the call center of",
    "port_request.created": "added a port request to",
    "port_request.saved": "changed a port request of",
    "port_request.status_changed": "moved a port request of",
    "loa.consented": "agreed to sign electronically the Letter of Authorization of",
    "loa.signed": "signed the Letter of Authorization of",
    "loa.sealed": "sealed the signed Letter of Authorization of",
    "loa.superseded": "superseded a signed Letter of Authorization of",
    "signing_link.sent": "sent a signing link for the Letter of Authorization of",
    "signing_link.sent_again": "sent a signing link again for the Letter of Authorization of",
    "signing_link.cancelled": "cancelled a signing link for the Letter of Authorization of",
    "signing_link.opened": "opened a signing link for the Letter of Authorization of",
    "signing_link.signed": "signed through a signing link the Letter of Authorization of",
    "signing_link.wrong_code": "entered a wrong access code for the Letter of Authorization of",
    "signing_link.locked": "locked a signing link of",
    "review.submitted": "submitted the package for review of",
    "review.stage_changed": "moved the review of the package of",
    "review.signed_off": "signed off as Ready for Configuration the package of",
    "review.schedule_proposed": "proposed the configuration schedule of",
    "review.taken": "took on the engineering review of",
    "review.discrepancy_raised": "raised a discrepancy in the package of",
    "review.discrepancy_replied": "replied on a discrepancy in the package of",
    "review.discrepancy_resolved": "resolved a discrepancy in the package of",
    "review.discrepancy_reopened": "reopened a discrepancy in the package of",
    "port_request.document_added": "added a bill or CSR to a port request of",
    "number.status_changed": "changed the status of a number of",
    "call_flow.created": "added to the call flows of",
    "call_flow.saved": "changed the call flows of",
    "call_flow.removed": "removed from the call flows of",
    "call_flow.recording_set": "uploaded a greeting's recording to the call flows of",
    "call_flow.recording_removed": "removed a greeting's recording from the call flows of",
    "holiday_set.created": "added a holiday set to",
    "holiday_set.renamed": "renamed a holiday set of",
    "holiday_set.removed": "removed a holiday set from",
    "holiday_set.public_holidays_added": "added public holidays to a holiday set of",
    "holiday.added": "added a holiday to",
    "holiday.saved": "changed a holiday of",
    "holiday.removed": "removed a holiday from",
    "questionnaire.keys_copied": "copied a seat's phone keys to other seats in",
    "questionnaire.attachment_added": "attached a file to the questionnaire of",
    "questionnaire.attachment_removed": "removed a file from the questionnaire of",
    "plan.task_added": "added to the plan template:",
    "plan.task_updated": "edited the plan template task",
    "catalog.model_added": "added to the phone-model catalog:",
    "catalog.model_updated": "edited the phone model",
    "catalog.model_retired": "retired the phone model",
    "catalog.model_restored": "brought back the phone model",
    "catalog.model_matched": "matched imported seats to the phone model",
    "catalog.model_deleted": "deleted from the phone-model catalog:",
}


def action_title(action: str) -> str:
    """How the activity feed says an action; unknown actions show their code."""
    return ACTION_TITLES.get(action, action)


def _current_actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def record(action: str, obj=None, *, organization_id: int | None = None, actor=None,
           from_state=None, to_state=None, note: str | None = None) -> AuditEvent:
    """Add an audit event for `obj` (any model with an id); it is committed with the caller's change."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else _current_actor_id(),
        organization_id=organization_id if organization_id is not None else _organization_of(obj),
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        object_label=_label(obj),
        from_state=str(from_state) if from_state is not None else None,
        to_state=str(to_state) if to_state is not None else None,
        note=note,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def transition(obj, attribute: str, target, *, action: str, note: str | None = None):
    """Move `obj.<attribute>` to `target` if its enum's transition table allows it, and audit it."""
    current = getattr(obj, attribute)
    current.check_transition(target)
    setattr(obj, attribute, target)
    return record(action, obj, from_state=current, to_state=target, note=note)


def _organization_of(obj) -> int | None:
    if obj is None:
        return None
    if type(obj).__name__ == "Organization":
        return obj.id
    return getattr(obj, "organization_id", None)


def _label(obj) -> str | None:
    for attribute in ("email", "name", "title"):
        value = getattr(obj, attribute, None)
        if isinstance(value, str):
            return value[:300]
    return None
