"""drafts of forms

Revision ID: 0003_drafts
Revises: 0002_versions_profiles
Create Date: 2026-11-21 08:45:56.240915

"""
import sqlalchemy as sa
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0003_drafts'
down_revision = '0002_versions_profiles'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('form_key', sa.String(length=300), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_drafts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts')),
    sa.UniqueConstraint('user_id', 'form_key', name=op.f('uq_drafts_user_id'))
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafts_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_drafts_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafts_user_id'))
        batch_op.drop_index(batch_op.f('ix_drafts_expires_at'))

    op.drop_table('drafts')
