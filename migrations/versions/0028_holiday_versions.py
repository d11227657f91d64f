"""a version of each holiday's own

Revision ID: 0028_holiday_versions
Revises: 0027_port_tasks
Create Date: 2026-12-04 19:15:00

A holiday's form was saved at the version of its set, so two people changing two different holidays
of one set met a needless conflict (and an autosave refused). Each holiday now has its own version;
the set's stays for the set's own name. Existing holidays start at version 1, their data untouched.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0028_holiday_versions'
down_revision = '0027_port_tasks'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))


def downgrade():
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.drop_column('version')
