"""questionnaire, section 8: other requirements in the customer's words, and attachments

Revision ID: 0015_other_requirements
Revises: 0014_section_progress
Create Date: 2026-11-21 14:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_other_requirements'
down_revision = '0014_section_progress'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'questionnaire_attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('stored_file_id', sa.Integer(), nullable=False),
        sa.Column('description', sa.String(length=200), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_questionnaire_attachments_created_by_id_users')),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_questionnaire_attachments_project_id_projects'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['stored_file_id'], ['stored_files.id'],
                                name=op.f('fk_questionnaire_attachments_stored_file_id_stored_files')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_attachments')),
    )
    with op.batch_alter_table('questionnaire_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaire_attachments_project_id'), ['project_id'], unique=False)
    requirements = op.create_table(
        'questionnaire_other_requirements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('requirements', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_questionnaire_other_requirements_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_other_requirements')),
        sa.UniqueConstraint('project_id', name=op.f('uq_questionnaire_other_requirements_project_id')),
    )
    # every existing project gets its (empty) answer, as new projects do when they are created
    projects = sa.table('projects', sa.column('id', sa.Integer()))
    op.execute(requirements.insert().from_select(
        ['project_id', 'updated_at'], sa.select(projects.c.id, sa.func.current_timestamp())))


def downgrade():
    op.drop_table('questionnaire_other_requirements')
    with op.batch_alter_table('questionnaire_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaire_attachments_project_id'))
    op.drop_table('questionnaire_attachments')
