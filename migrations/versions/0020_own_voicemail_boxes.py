"""call center: a seat's own voicemail box as a Destination (made the first time calls are sent to it)

Revision ID: 0020_own_voicemail_boxes
Revises: 0019_calling_patterns
Create Date: 2026-11-21 14:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_own_voicemail_boxes'
down_revision = '0019_calling_patterns'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('voicemail_boxes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seat_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_voicemail_boxes_seat_id'), ['seat_id'])
        batch_op.create_foreign_key(batch_op.f('fk_voicemail_boxes_seat_id_seats'), 'seats', ['seat_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('voicemail_boxes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_voicemail_boxes_seat_id_seats'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_voicemail_boxes_seat_id'), type_='unique')
        batch_op.drop_column('seat_id')
