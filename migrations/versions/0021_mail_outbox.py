"""background work: the mail outbox, and a worker's lease on a rendering (claimed at, attempts)

Revision ID: 0021_mail_outbox
Revises: 0020_own_voicemail_boxes
Create Date: 2026-12-04 12:01:17.003705

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021_mail_outbox'
down_revision = '0020_own_voicemail_boxes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=True),
    sa.Column('html_body', sa.Text(), nullable=True),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('live_link', sa.Boolean(), nullable=False),
    sa.Column('resend_key', sa.String(length=80), nullable=True),
    sa.Column('status', sa.Enum('queued', 'sent', 'failed', 'resent', name='mailstatus', native_enum=False, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_outbox_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_mail_outbox_due', ['status', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('renderings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('renderings', schema=None) as batch_op:
        batch_op.drop_column('attempts')
        batch_op.drop_column('claimed_at')

    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_outbox_due')
        batch_op.drop_index(batch_op.f('ix_mail_outbox_created_at'))

    op.drop_table('mail_outbox')
