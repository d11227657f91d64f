"""renderings: documents prepared in the background, with their progress and stored PDF

Revision ID: 0010_renderings
Revises: 0009_import_clear_blanks
Create Date: 2026-11-21 10:57:46

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_renderings'
down_revision = '0009_import_clear_blanks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('renderings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('queued', 'rendering', 'ready', 'failed', name='renderstatus', native_enum=False, length=32), nullable=False),
    sa.Column('expected_seconds', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stored_file_id', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_renderings_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_renderings_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['stored_file_id'], ['stored_files.id'], name=op.f('fk_renderings_stored_file_id_stored_files'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_renderings'))
    )
    with op.batch_alter_table('renderings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_renderings_project_id'), ['project_id'], unique=False)



def downgrade():
    with op.batch_alter_table('renderings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_renderings_project_id'))

    op.drop_table('renderings')
