"""the Letter of Authorization signed online (issue 19)

Revision ID: 0029_loa_signatures
Revises: 0028_holiday_versions
Create Date: 2026-12-04 20:36:36

Two new tables: each signing ceremony of a port request with its evidence and sealed PDF
(loa_signatures), and the one-time signing links sent to an authorized person (signing_invitations).
A rendering gets a subject within its project (a signature here; None, as for every existing row,
for a document of the project itself). Existing data is untouched.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0029_loa_signatures'
down_revision = '0028_holiday_versions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signing_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('port_request_id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('sent', 'opened', 'signed', 'cancelled', 'locked', name='invitationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('access_code_hash', sa.String(length=200), nullable=True),
    sa.Column('wrong_codes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_signing_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['port_request_id'], ['port_requests.id'], name=op.f('fk_signing_invitations_port_request_id_port_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_invitations')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_signing_invitations_token_sha256'))
    )
    with op.batch_alter_table('signing_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_invitations_port_request_id'), ['port_request_id'], unique=False)

    op.create_table('loa_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('port_request_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('consented', 'signed', 'superseded', name='signaturestatus', native_enum=False, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_title', sa.String(length=100), nullable=True),
    sa.Column('signer_email', sa.String(length=254), nullable=False),
    sa.Column('ip_address', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=400), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=True),
    sa.Column('disclosure_version', sa.String(length=20), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('viewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mark', sa.Enum('drawn', 'typed', name='signaturemark', native_enum=False, length=32), nullable=True),
    sa.Column('typed_mark', sa.String(length=200), nullable=True),
    sa.Column('drawn_mark', sa.LargeBinary(), nullable=True),
    sa.Column('sealed_file_id', sa.Integer(), nullable=True),
    sa.Column('sealed_sha256', sa.String(length=64), nullable=True),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('superseded_why', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['invitation_id'], ['signing_invitations.id'], name=op.f('fk_loa_signatures_invitation_id_signing_invitations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['port_request_id'], ['port_requests.id'], name=op.f('fk_loa_signatures_port_request_id_port_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sealed_file_id'], ['stored_files.id'], name=op.f('fk_loa_signatures_sealed_file_id_stored_files')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_loa_signatures_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loa_signatures')),
    sa.UniqueConstraint('public_id', name=op.f('uq_loa_signatures_public_id'))
    )
    with op.batch_alter_table('loa_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loa_signatures_port_request_id'), ['port_request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loa_signatures_sealed_sha256'), ['sealed_sha256'], unique=False)

    with op.batch_alter_table('renderings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_renderings_subject_id'), ['subject_id'], unique=False)



def downgrade():
    with op.batch_alter_table('renderings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_renderings_subject_id'))
        batch_op.drop_column('subject_id')

    with op.batch_alter_table('loa_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loa_signatures_sealed_sha256'))
        batch_op.drop_index(batch_op.f('ix_loa_signatures_port_request_id'))

    op.drop_table('loa_signatures')
    with op.batch_alter_table('signing_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_invitations_port_request_id'))

    op.drop_table('signing_invitations')
