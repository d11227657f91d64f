"""discrepancies pinned to one thing of a review package, and their reply threads

Revision ID: 0032_discrepancies
Revises: 0031_meeting_keys
Create Date: 2026-12-04 23:19:09

Two new tables (issue 21): a discrepancy is raised in a round at an address (`seat:12/job_title`),
with its kind, text and status; its replies are a thread. Nothing existing changes.
"""
import sqlalchemy as sa
from alembic import op

revision = '0032_discrepancies'
down_revision = '0031_meeting_keys'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('discrepancies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('raised_in_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('must_fix', 'question', 'note', name='discrepancykind', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('open', 'resolved', name='discrepancystatus', native_enum=False, length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=True),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_in_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['package_id'], ['review_packages.id'], name=op.f('fk_discrepancies_package_id_review_packages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['raised_by_id'], ['users.id'], name=op.f('fk_discrepancies_raised_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['raised_in_id'], ['review_rounds.id'], name=op.f('fk_discrepancies_raised_in_id_review_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_discrepancies_resolved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolved_in_id'], ['review_rounds.id'], name=op.f('fk_discrepancies_resolved_in_id_review_rounds'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discrepancies'))
    )
    with op.batch_alter_table('discrepancies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discrepancies_package_id'), ['package_id'], unique=False)

    op.create_table('discrepancy_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('discrepancy_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('side', sa.Enum('customer', 'provider', name='side', native_enum=False, length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_discrepancy_replies_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['discrepancy_id'], ['discrepancies.id'], name=op.f('fk_discrepancy_replies_discrepancy_id_discrepancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discrepancy_replies'))
    )
    with op.batch_alter_table('discrepancy_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discrepancy_replies_discrepancy_id'), ['discrepancy_id'], unique=False)



def downgrade():
    with op.batch_alter_table('discrepancy_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discrepancy_replies_discrepancy_id'))

    op.drop_table('discrepancy_replies')
    with op.batch_alter_table('discrepancies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discrepancies_package_id'))

    op.drop_table('discrepancies')
