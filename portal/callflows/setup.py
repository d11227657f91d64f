"""The call flows' part in an app: the node kinds any destination list can create in place."""
from __future__ import annotations

from flask import url_for

from portal.callflows import document, flows, progress, snapshot
from portal.callflows.services import NODE_KINDS
from portal.core.detours import register_kind
from portal.core.features import register_feature
from portal.core.intake import register_intake_part
from portal.core.jobs import register_daily
from portal.core.rendering import register_document
from portal.core.snapshots import register_part
from portal.questionnaire.sections import register_check


def register() -> None:
    """Register what the call flows provide; the app factory calls it for every app."""
    register_check(flows.check)
    register_feature("call_flows", progress.status, progress.page_url, progress.summary)
    register_intake_part(progress.INTAKE)
    register_part("call_flows", snapshot.call_flows_part)
    register_feature("recordings", progress.recordings_status, progress.page_url, progress.recordings_summary)
    register_document("call_flows", document.DOCUMENT)
    register_daily(flows.forget_old_drawings)
    for kind in NODE_KINDS.values():
        register_kind(kind.key, kind.title, lambda args, key=kind.key: url_for(
            "callflows.new_node", project_id=args["project_id"], node_kind=key))
