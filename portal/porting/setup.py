"""Number porting's part in an app: the plan task it reports, and the documents' checks the sweeper
queues again when their job was lost."""
from __future__ import annotations

from portal.core.features import register_feature
from portal.core.jobs import register_sweeper
from portal.porting import documents, progress
from portal.projects.timeline import register_milestones


def register() -> None:
    register_feature("porting", progress.status, progress.page_url, progress.summary)
    register_feature("port_submitted", progress.submitted_status, progress.page_url, progress.summary)
    register_feature("port_foc", progress.foc_status, progress.page_url, progress.foc_summary)
    register_sweeper(documents.requeue_stale)
    register_milestones(progress.milestones)
