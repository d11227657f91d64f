"""project tasks: a feature's summary, stored with the status it follows

Revision ID: 0013_task_summary
Revises: 0012_seat_configuration
Create Date: 2026-11-21 12:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_task_summary'
down_revision = '0012_seat_configuration'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('project_tasks', schema=None) as batch_op:
        batch_op.drop_column('summary')
