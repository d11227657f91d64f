"""imports

Revision ID: 0008_imports
Revises: 0007_telephony
Create Date: 2026-11-21 09:53:28.192724

"""
import sqlalchemy as sa
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0008_imports'
down_revision = '0007_telephony'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('source_name', sa.String(length=255), nullable=False),
    sa.Column('stored_file_id', sa.Integer(), nullable=True),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('header_line', sa.Integer(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=True),
    sa.Column('status', sa.Enum('read', 'mapped', 'committed', name='importstatus', native_enum=False, length=32), nullable=False),
    sa.Column('outcome', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_imports_created_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_imports_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stored_file_id'], ['stored_files.id'], name=op.f('fk_imports_stored_file_id_stored_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports'))
    )
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imports_project_id'), ['project_id'], unique=False)



def downgrade():
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imports_project_id'))

    op.drop_table('imports')
