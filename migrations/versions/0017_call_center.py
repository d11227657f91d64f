"""questionnaire, section 7: call queues, ring and hunt groups, shared voicemail boxes (Destinations)

Revision ID: 0017_call_center
Revises: 0016_key_layouts
Create Date: 2026-11-21 14:05:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_call_center'
down_revision = '0016_key_layouts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('call_queues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('routing', sa.Enum('attendant', 'serial', 'round_robin', 'longest_idle', name='queuerouting', native_enum=False, length=32), nullable=False),
    sa.Column('agent_alert_seconds', sa.Integer(), nullable=False),
    sa.Column('max_wait_seconds', sa.Integer(), nullable=False),
    sa.Column('overflow_calls', sa.Integer(), nullable=True),
    sa.Column('overflow_destination_id', sa.Integer(), nullable=True),
    sa.Column('timeout_destination_id', sa.Integer(), nullable=True),
    sa.Column('music_on_hold', sa.String(length=200), nullable=False),
    sa.Column('announcement', sa.String(length=500), nullable=True),
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_call_queues_destination_id_destinations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['overflow_destination_id'], ['destinations.id'], name=op.f('fk_call_queues_overflow_destination_id_destinations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['timeout_destination_id'], ['destinations.id'], name=op.f('fk_call_queues_timeout_destination_id_destinations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_queues')),
    sa.UniqueConstraint('destination_id', name=op.f('uq_call_queues_destination_id'))
    )
    op.create_table('ring_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('strategy', sa.Enum('simultaneous', 'hunt', 'round_robin', name='ringstrategy', native_enum=False, length=32), nullable=False),
    sa.Column('ring_seconds', sa.Integer(), nullable=False),
    sa.Column('no_answer_destination_id', sa.Integer(), nullable=True),
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_ring_groups_destination_id_destinations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['no_answer_destination_id'], ['destinations.id'], name=op.f('fk_ring_groups_no_answer_destination_id_destinations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ring_groups')),
    sa.UniqueConstraint('destination_id', name=op.f('uq_ring_groups_destination_id'))
    )
    op.create_table('voicemail_boxes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_voicemail_boxes_destination_id_destinations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voicemail_boxes')),
    sa.UniqueConstraint('destination_id', name=op.f('uq_voicemail_boxes_destination_id'))
    )
    op.create_table('destination_members',
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('seat_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('agent', 'supervisor', 'member', 'recipient', name='memberrole', native_enum=False, length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_destination_members_destination_id_destinations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seat_id'], ['seats.id'], name=op.f('fk_destination_members_seat_id_seats'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('destination_id', 'seat_id', 'role', name=op.f('pk_destination_members'))
    )
    with op.batch_alter_table('destination_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destination_members_seat_id'), ['seat_id'], unique=False)


def downgrade():
    with op.batch_alter_table('destination_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destination_members_seat_id'))

    op.drop_table('destination_members')
    op.drop_table('voicemail_boxes')
    op.drop_table('ring_groups')
    op.drop_table('call_queues')
