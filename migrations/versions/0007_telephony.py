"""telephony: phone models, seat types, destinations, seats, phone numbers

Revision ID: 0007_telephony
Revises: 0006_projects
Create Date: 2026-11-21 09:39:53.515874

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_telephony'
down_revision = '0006_projects'
branch_labels = None
depends_on = None


# Catalog data, editable by administrators afterwards. Keys: programmable line/feature keys on the
# phone itself; label width: characters a key label shows. Softphones have no keys.
PHONE_MODELS = [
    ("Poly", "VVX 150", 2, 10), ("Poly", "VVX 250", 4, 12), ("Poly", "VVX 350", 6, 12),
    ("Poly", "VVX 450", 12, 14), ("Poly", "CCX 500", 24, 16), ("Yealink", "T31G", 2, 10),
    ("Yealink", "T43U", 12, 12), ("Yealink", "T46U", 16, 14), ("Yealink", "T54W", 27, 16),
    ("Yealink", "W73P", 0, 0), ("Cisco", "8841", 5, 12), ("Cisco", "8851", 5, 12),
    ("Poly", "Trio C60", 0, 0), ("Microsoft", "Teams client", 0, 0), ("Provider", "Mobile app", 0, 0),
]
SEAT_TYPES = [  # (key, name, is a device)
    ("standard", "Standard user", False), ("executive", "Executive", False),
    ("receptionist", "Receptionist / operator", False), ("call_center_agent", "Call-center agent", False),
    ("common_area", "Common-area phone", True), ("conference_room", "Conference room", True),
    ("fax", "Fax", True),
]


def _insert_catalog():
    meta = sa.MetaData()
    models = sa.Table("phone_models", meta, autoload_with=op.get_bind())
    types = sa.Table("seat_types", meta, autoload_with=op.get_bind())
    op.bulk_insert(models, [{"vendor": vendor, "model": model, "keys": keys, "label_width": width,
                             "active": True, "version": 1} for vendor, model, keys, width in PHONE_MODELS])
    op.bulk_insert(types, [{"key": key, "name": name, "is_device": device, "position": position}
                           for position, (key, name, device) in enumerate(SEAT_TYPES)])


def upgrade():
    op.create_table('phone_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vendor', sa.String(length=80), nullable=False),
    sa.Column('model', sa.String(length=80), nullable=False),
    sa.Column('keys', sa.Integer(), nullable=False),
    sa.Column('label_width', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_models')),
    sa.UniqueConstraint('vendor', 'model', name=op.f('uq_phone_models_vendor'))
    )
    op.create_table('seat_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('is_device', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seat_types')),
    sa.UniqueConstraint('key', name=op.f('uq_seat_types_key'))
    )
    op.create_table('destinations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('seat', 'queue', 'group', 'voicemail', 'schedule', 'auto_attendant', 'external', name='destinationkind', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('extension', sa.String(length=10), nullable=True),
    sa.Column('external_number', sa.String(length=20), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_destinations_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destinations')),
    sa.UniqueConstraint('project_id', 'extension', name=op.f('uq_destinations_project_id'))
    )
    with op.batch_alter_table('destinations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destinations_project_id'), ['project_id'], unique=False)

    op.create_table('phone_numbers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('e164', sa.String(length=20), nullable=True),
    sa.Column('status', sa.Enum('requested', 'assigned', 'porting', 'active', name='numberstatus', native_enum=False, length=32), nullable=False),
    sa.Column('kind', sa.Enum('main', 'direct', 'fax', 'toll_free', name='numberkind', native_enum=False, length=32), nullable=False),
    sa.Column('source', sa.Enum('new', 'ported', name='numbersource', native_enum=False, length=32), nullable=False),
    sa.Column('requested_area_code', sa.String(length=10), nullable=True),
    sa.Column('caller_id_name', sa.String(length=15), nullable=True),
    sa.Column('destination_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_phone_numbers_destination_id_destinations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_phone_numbers_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_phone_numbers_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_numbers')),
    sa.UniqueConstraint('project_id', 'e164', name=op.f('uq_phone_numbers_project_id'))
    )
    with op.batch_alter_table('phone_numbers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_numbers_destination_id'), ['destination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_numbers_project_id'), ['project_id'], unique=False)

    op.create_table('seats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=True),
    sa.Column('last_name', sa.String(length=100), nullable=True),
    sa.Column('device_label', sa.String(length=100), nullable=True),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('mobile', sa.String(length=20), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=True),
    sa.Column('department', sa.String(length=200), nullable=True),
    sa.Column('seat_type_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('e911_street', sa.String(length=200), nullable=True),
    sa.Column('e911_city', sa.String(length=100), nullable=True),
    sa.Column('e911_state', sa.String(length=100), nullable=True),
    sa.Column('e911_postal_code', sa.String(length=20), nullable=True),
    sa.Column('e911_country', sa.String(length=2), nullable=True),
    sa.Column('voicemail_enabled', sa.Boolean(), nullable=False),
    sa.Column('voicemail_to_email', sa.Boolean(), nullable=False),
    sa.Column('fax_to_email', sa.Boolean(), nullable=False),
    sa.Column('softphone', sa.Boolean(), nullable=False),
    sa.Column('teams_calling', sa.Boolean(), nullable=False),
    sa.Column('recording_mode', sa.Enum('none', 'on_demand', 'always', name='recordingmode', native_enum=False, length=32), nullable=False),
    sa.Column('phone_model_id', sa.Integer(), nullable=True),
    sa.Column('phone_model_raw', sa.String(length=120), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_seats_destination_id_destinations')),
    sa.ForeignKeyConstraint(['phone_model_id'], ['phone_models.id'], name=op.f('fk_seats_phone_model_id_phone_models')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_seats_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seat_type_id'], ['seat_types.id'], name=op.f('fk_seats_seat_type_id_seat_types')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_seats_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seats')),
    sa.UniqueConstraint('destination_id', name=op.f('uq_seats_destination_id'))
    )
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seats_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_seats_project_id'), ['project_id'], unique=False)

    _insert_catalog()


def downgrade():
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seats_project_id'))
        batch_op.drop_index(batch_op.f('ix_seats_email'))

    op.drop_table('seats')
    with op.batch_alter_table('phone_numbers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_numbers_project_id'))
        batch_op.drop_index(batch_op.f('ix_phone_numbers_destination_id'))

    op.drop_table('phone_numbers')
    with op.batch_alter_table('destinations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destinations_project_id'))

    op.drop_table('destinations')
    op.drop_table('seat_types')
    op.drop_table('phone_models')
