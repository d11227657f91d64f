"""port requests, the numbers they move and the carrier documents checked against them

One request per current carrier account; a number is on one request at most that is not cancelled;
a document (a bill or a CSR) keeps what its text says of the request's details.

Revision ID: 0026_port_requests
Revises: 0025_recordings_task
Create Date: 2026-12-04 18:30:00

New tables only: existing data is untouched.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0026_port_requests'
down_revision = '0025_recordings_task'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('port_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'ready_to_sign', 'signed', 'submitted', 'foc_confirmed', 'exception', 'ported', 'cancelled', name='portstatus', native_enum=False, length=32), nullable=False),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('service_type', sa.Enum('business', 'residential', name='servicetype', native_enum=False, length=32), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('suite', sa.String(length=100), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('state', sa.String(length=100), nullable=True),
    sa.Column('postal_code', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('btn', sa.String(length=20), nullable=False),
    sa.Column('current_carrier', sa.String(length=100), nullable=False),
    sa.Column('account_number', sa.String(length=60), nullable=False),
    sa.Column('account_pin', sa.Text(), nullable=True),
    sa.Column('authorized_name', sa.String(length=200), nullable=False),
    sa.Column('authorized_title', sa.String(length=100), nullable=True),
    sa.Column('authorized_email', sa.String(length=254), nullable=False),
    sa.Column('authorized_phone', sa.String(length=20), nullable=False),
    sa.Column('full_port', sa.Boolean(), nullable=False),
    sa.Column('new_btn', sa.String(length=20), nullable=True),
    sa.Column('staying_numbers', sa.Text(), nullable=True),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('foc_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('exception_reason', sa.Enum('account_number', 'btn', 'name', 'address', 'pin', 'not_portable', 'other', name='exceptionreason', native_enum=False, length=32), nullable=True),
    sa.Column('exception_note', sa.Text(), nullable=True),
    sa.Column('status_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_port_requests_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_port_requests'))
    )
    with op.batch_alter_table('port_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_port_requests_project_id'), ['project_id'], unique=False)

    op.create_table('carrier_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('port_request_id', sa.Integer(), nullable=False),
    sa.Column('stored_file_id', sa.Integer(), nullable=False),
    sa.Column('check_state', sa.Enum('pending', 'read', 'unreadable', name='checkstate', native_enum=False, length=32), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=True),
    sa.Column('check_note', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['port_request_id'], ['port_requests.id'], name=op.f('fk_carrier_documents_port_request_id_port_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stored_file_id'], ['stored_files.id'], name=op.f('fk_carrier_documents_stored_file_id_stored_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_carrier_documents'))
    )
    with op.batch_alter_table('carrier_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carrier_documents_port_request_id'), ['port_request_id'], unique=False)

    op.create_table('ported_numbers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('port_request_id', sa.Integer(), nullable=False),
    sa.Column('phone_number_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['phone_number_id'], ['phone_numbers.id'], name=op.f('fk_ported_numbers_phone_number_id_phone_numbers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['port_request_id'], ['port_requests.id'], name=op.f('fk_ported_numbers_port_request_id_port_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ported_numbers')),
    sa.UniqueConstraint('port_request_id', 'phone_number_id', name=op.f('uq_ported_numbers_port_request_id'))
    )
    with op.batch_alter_table('ported_numbers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ported_numbers_phone_number_id'), ['phone_number_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ported_numbers_port_request_id'), ['port_request_id'], unique=False)



def downgrade():
    with op.batch_alter_table('ported_numbers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ported_numbers_port_request_id'))
        batch_op.drop_index(batch_op.f('ix_ported_numbers_phone_number_id'))

    op.drop_table('ported_numbers')
    with op.batch_alter_table('carrier_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carrier_documents_port_request_id'))

    op.drop_table('carrier_documents')
    with op.batch_alter_table('port_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_port_requests_project_id'))

    op.drop_table('port_requests')
