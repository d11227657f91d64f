"""questionnaire: each section's "Have you completed this section?" answer

Revision ID: 0014_section_progress
Revises: 0013_task_summary
Create Date: 2026-11-21 13:19:05

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_section_progress'
down_revision = '0013_task_summary'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'questionnaire_section_progress',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('section', sa.String(length=40), nullable=False),
        sa.Column('completed', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_questionnaire_section_progress_project_id_projects'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_questionnaire_section_progress_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_section_progress')),
        sa.UniqueConstraint('project_id', 'section', name=op.f('uq_questionnaire_section_progress_project_id')),
    )
    with op.batch_alter_table('questionnaire_section_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaire_section_progress_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('questionnaire_section_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaire_section_progress_project_id'))
    op.drop_table('questionnaire_section_progress')
