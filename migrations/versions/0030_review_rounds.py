"""review rounds (issue 20)

Revision ID: 0030_review_rounds
Revises: 0029_loa_signatures
Create Date: 2026-12-04 21:30:00

A project's package under review (review_packages: its stage, the stage a round was sent back from),
each submission a round with its frozen snapshot bytes and their SHA-256 (review_rounds), the two
sides' sign-offs (review_sign_offs) and the configuration schedule (configuration_schedules). New
tables only: existing data is untouched.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0030_review_rounds'
down_revision = '0029_loa_signatures'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_packages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('submitted', 'first_review', 'engineering_review', 'second_review', 'changes_requested', 'ready_for_configuration', 'configuration_scheduled', name='packagestage', native_enum=False, length=32), nullable=False),
    sa.Column('returned_from', sa.Enum('submitted', 'first_review', 'engineering_review', 'second_review', 'changes_requested', 'ready_for_configuration', 'configuration_scheduled', name='packagestage', native_enum=False, length=32), nullable=True),
    sa.Column('stage_since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_review_packages_assignee_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_review_packages_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_packages')),
    sa.UniqueConstraint('project_id', name=op.f('uq_review_packages_project_id'))
    )
    op.create_table('configuration_schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('methods', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_configuration_schedules_accepted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['package_id'], ['review_packages.id'], name=op.f('fk_configuration_schedules_package_id_review_packages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_configuration_schedules_proposed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_configuration_schedules')),
    sa.UniqueConstraint('package_id', name=op.f('uq_configuration_schedules_package_id'))
    )
    op.create_table('review_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.LargeBinary(), nullable=False),
    sa.Column('snapshot_sha256', sa.String(length=64), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('acknowledged', sa.JSON(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('sent_back_from', sa.Enum('submitted', 'first_review', 'engineering_review', 'second_review', 'changes_requested', 'ready_for_configuration', 'configuration_scheduled', name='packagestage', native_enum=False, length=32), nullable=True),
    sa.Column('sent_back_note', sa.Text(), nullable=True),
    sa.Column('sent_back_by_id', sa.Integer(), nullable=True),
    sa.Column('sent_back_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['package_id'], ['review_packages.id'], name=op.f('fk_review_rounds_package_id_review_packages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_back_by_id'], ['users.id'], name=op.f('fk_review_rounds_sent_back_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_review_rounds_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_rounds')),
    sa.UniqueConstraint('package_id', 'number', name=op.f('uq_review_rounds_package_id'))
    )
    with op.batch_alter_table('review_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_rounds_package_id'), ['package_id'], unique=False)

    op.create_table('review_sign_offs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('customer', 'provider', name='side', native_enum=False, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['review_rounds.id'], name=op.f('fk_review_sign_offs_round_id_review_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_review_sign_offs_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_sign_offs')),
    sa.UniqueConstraint('round_id', 'side', name=op.f('uq_review_sign_offs_round_id'))
    )
    with op.batch_alter_table('review_sign_offs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_sign_offs_round_id'), ['round_id'], unique=False)



def downgrade():
    with op.batch_alter_table('review_sign_offs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_sign_offs_round_id'))

    op.drop_table('review_sign_offs')
    with op.batch_alter_table('review_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_rounds_package_id'))

    op.drop_table('review_rounds')
    op.drop_table('configuration_schedules')
    op.drop_table('review_packages')
