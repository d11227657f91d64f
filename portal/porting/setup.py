"""Number porting's part in an app: the plan tasks it reports, the documents' checks the sweeper
queues again when their job was lost, the signed LOA as a document, the daily expiry of letters too
old for the carrier, and how a failed signing-link e-mail is sent again."""
from __future__ import annotations

from portal.core.features import register_feature
from portal.core.intake import register_intake_part
from portal.core.jobs import register_daily, register_sweeper
from portal.core.rendering import register_document
from portal.core.snapshots import register_part
from portal.porting import documents, links, progress, signed_loa, signing, snapshot
from portal.projects.timeline import register_milestones


def register() -> None:
    register_feature("porting", progress.status, progress.page_url, progress.summary)
    register_feature("port_submitted", progress.submitted_status, progress.page_url, progress.summary)
    register_feature("port_foc", progress.foc_status, progress.page_url, progress.foc_summary)
    register_intake_part(progress.INTAKE)
    register_part("porting", snapshot.porting_part)
    register_sweeper(documents.requeue_stale)
    register_milestones(progress.milestones)
    register_document(signing.DOCUMENT_KIND, signed_loa.DOCUMENT)
    register_daily(signing.expire_old_signatures)
    links.register()
