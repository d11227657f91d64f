"""questionnaire, section 2: how each seat is configured (voicemail PIN, features, outbound permission)

Revision ID: 0012_seat_configuration
Revises: 0011_dial_plan
Create Date: 2026-11-21 11:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_seat_configuration'
down_revision = '0011_dial_plan'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voicemail_pin', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('voicemail_pin_problem', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('call_forwarding', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('simultaneous_ring', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('call_waiting', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('do_not_disturb', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('intercom', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('paging', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('call_park', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('outbound_permission', sa.Enum(
            'internal', 'local', 'long_distance', 'international', name='outboundpermission', native_enum=False,
            length=32), server_default='long_distance', nullable=False))


def downgrade():
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.drop_column('outbound_permission')
        batch_op.drop_column('call_park')
        batch_op.drop_column('paging')
        batch_op.drop_column('intercom')
        batch_op.drop_column('do_not_disturb')
        batch_op.drop_column('call_waiting')
        batch_op.drop_column('simultaneous_ring')
        batch_op.drop_column('call_forwarding')
        batch_op.drop_column('voicemail_pin_problem')
        batch_op.drop_column('voicemail_pin')

