"""used one-time action tokens

Revision ID: 0004_once
Revises: 0003_drafts
Create Date: 2026-11-21 08:50:02.618263

"""
import sqlalchemy as sa
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0004_once'
down_revision = '0003_drafts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('used_action_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=80), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('outcome_url', sa.String(length=500), nullable=True),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_used_action_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_used_action_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_used_action_tokens_token_hash'))
    )
    with op.batch_alter_table('used_action_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_used_action_tokens_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('used_action_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_used_action_tokens_user_id'))

    op.drop_table('used_action_tokens')
