"""meetings are keyed: one per key, so a review round has its call

Revision ID: 0031_meeting_keys
Revises: 0030_review_rounds
Create Date: 2026-12-04 21:55:00

A project had one meeting per kind (the kick-off call, the weekly meeting). Review calls need one
per round, so a meeting gains a key (the kind's value for the existing two, "review:<round id>" for a
review call) and a label of its own; the one-per-kind constraint becomes one per key. Existing
meetings keep everything: their key is their kind's value.
"""
import sqlalchemy as sa
from alembic import op

revision = '0031_meeting_keys'
down_revision = '0030_review_rounds'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('label', sa.String(length=120), nullable=True))
    op.execute(sa.text("UPDATE meetings SET key = kind"))
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.alter_column('key', existing_type=sa.String(length=60), nullable=False)
        batch_op.drop_constraint('uq_meetings_project_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_meetings_project_id'), ['project_id', 'key'])


def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint('uq_meetings_project_id', type_='unique')
        batch_op.create_unique_constraint('uq_meetings_project_id', ['project_id', 'kind'])
        batch_op.drop_column('label')
        batch_op.drop_column('key')
