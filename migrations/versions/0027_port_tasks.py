"""the plan's port request and FOC tasks follow the port requests

Revision ID: 0027_port_tasks
Revises: 0026_port_requests
Create Date: 2026-12-04 18:50:00

"Submit the port request (at least 9 business days before go-live)" gets the feature key
"port_submitted" and "Provide the FOC information from the carrier" the key "port_foc", in the plan
template and every project's copy: each is Done when every port request has been submitted, or has
its FOC, and Not applicable when the project ports no number. A task someone marked Not applicable
keeps its reason and stays so.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0027_port_tasks'
down_revision = '0026_port_requests'
branch_labels = None
depends_on = None

TASKS = {"port_submitted": "Submit the port request (at least 9 business days before go-live)",
         "port_foc": "Provide the FOC information from the carrier"}


def _set_keys(keys):
    for key, title in TASKS.items():
        for table in ("template_tasks", "project_tasks"):
            op.execute(sa.text(f"UPDATE {table} SET feature_key = :key WHERE title = :title")
                       .bindparams(key=keys.get(key), title=title))


def upgrade():
    _set_keys({key: key for key in TASKS})


def downgrade():
    _set_keys({})
