"""the "Provide the auto-attendant recordings" task follows the call flows' recordings

Revision ID: 0025_recordings_task
Revises: 0024_call_flows
Create Date: 2026-12-04 17:30:00

The plan template's task and every project's copy of it get the feature key "recordings", so the
task shows whether every greeting set to a recording has one (Done), or none is (Not applicable),
instead of being ticked by hand. A task someone skipped stays skipped; the statuses are worked out
again at the next change of the project's call flows.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0025_recordings_task'
down_revision = '0024_call_flows'
branch_labels = None
depends_on = None

TITLE = "Provide the auto-attendant recordings"


def _set_key(key):
    for table in ("template_tasks", "project_tasks"):
        op.execute(sa.text(f"UPDATE {table} SET feature_key = :key WHERE title = :title")
                   .bindparams(key=key, title=TITLE))


def upgrade():
    _set_key("recordings")


def downgrade():
    _set_key(None)
