"""versions on users and organizations; profile fields; support pass code

Revision ID: 0002_versions_profiles
Revises: 0001_foundation
Create Date: 2026-11-21 08:43:36.477912

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002_versions_profiles'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_pass_code', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('escalation_notes', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('job_title', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('phone')
        batch_op.drop_column('job_title')

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('escalation_notes')
        batch_op.drop_column('support_pass_code')

