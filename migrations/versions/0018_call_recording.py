"""questionnaire, section 6: a project's call-recording policy, and whether each queue is recorded

Revision ID: 0018_call_recording
Revises: 0017_call_center
Create Date: 2026-11-21 14:15:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_call_recording'
down_revision = '0017_call_center'
branch_labels = None
depends_on = None


def upgrade():
    policies = op.create_table(
        'recording_policies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('retention_days', sa.Integer(), nullable=True),
        sa.Column('announcement', sa.String(length=500), nullable=True),
        sa.Column('listeners', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_recording_policies_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recording_policies')),
        sa.UniqueConstraint('project_id', name=op.f('uq_recording_policies_project_id')),
    )
    with op.batch_alter_table('call_queues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recording_mode', sa.Enum('none', 'on_demand', 'always', name='recordingmode',
                                                                native_enum=False, length=32),
                                      server_default='none', nullable=False))
    # every existing project gets its (empty) policy, as new projects do when they are created
    projects = sa.table('projects', sa.column('id', sa.Integer()))
    op.execute(policies.insert().from_select(
        ['project_id', 'listeners', 'updated_at'],
        sa.select(projects.c.id, sa.literal_column("'[]'"), sa.func.current_timestamp())))


def downgrade():
    with op.batch_alter_table('call_queues', schema=None) as batch_op:
        batch_op.drop_column('recording_mode')
    op.drop_table('recording_policies')
