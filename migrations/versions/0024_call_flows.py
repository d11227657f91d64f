"""call flows: auto attendants and their keys, announcements, holiday sets, hour ranges (a site's or a
time condition's own), and time conditions that follow their site or not, with a holiday branch

Revision ID: 0024_call_flows
Revises: 0023_import_value_matches
Create Date: 2026-12-04 15:04:50

Every existing time condition (section 5's after-hours schedules) follows its site's hours, as it did.
Each site's business hours (its open days, one opening and one closing time) become one hour range
per open day; the three columns go.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0024_call_flows'
down_revision = '0023_import_value_matches'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('holiday_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_holiday_sets_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday_sets'))
    )
    with op.batch_alter_table('holiday_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holiday_sets_project_id'), ['project_id'], unique=False)

    op.create_table('announcements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('next_destination_id', sa.Integer(), nullable=True),
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('greeting_mode', sa.Enum('text', 'recording', name='greetingmode', native_enum=False, length=32), nullable=False),
    sa.Column('greeting_text', sa.Text(), nullable=True),
    sa.Column('greeting_file_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_announcements_destination_id_destinations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['greeting_file_id'], ['stored_files.id'], name=op.f('fk_announcements_greeting_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['next_destination_id'], ['destinations.id'], name=op.f('fk_announcements_next_destination_id_destinations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcements')),
    sa.UniqueConstraint('destination_id', name=op.f('uq_announcements_destination_id'))
    )
    op.create_table('auto_attendants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('repeats', sa.Integer(), nullable=False),
    sa.Column('no_input_destination_id', sa.Integer(), nullable=True),
    sa.Column('invalid_destination_id', sa.Integer(), nullable=True),
    sa.Column('dial_by_name', sa.Boolean(), nullable=False),
    sa.Column('dial_by_extension', sa.Boolean(), nullable=False),
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('greeting_mode', sa.Enum('text', 'recording', name='greetingmode', native_enum=False, length=32), nullable=False),
    sa.Column('greeting_text', sa.Text(), nullable=True),
    sa.Column('greeting_file_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_auto_attendants_destination_id_destinations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['greeting_file_id'], ['stored_files.id'], name=op.f('fk_auto_attendants_greeting_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invalid_destination_id'], ['destinations.id'], name=op.f('fk_auto_attendants_invalid_destination_id_destinations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['no_input_destination_id'], ['destinations.id'], name=op.f('fk_auto_attendants_no_input_destination_id_destinations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auto_attendants')),
    sa.UniqueConstraint('destination_id', name=op.f('uq_auto_attendants_destination_id'))
    )
    op.create_table('holidays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('holiday_set_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('repeats', sa.Enum('once', 'yearly', 'country', name='holidayrepeat', native_enum=False, length=32), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.ForeignKeyConstraint(['holiday_set_id'], ['holiday_sets.id'], name=op.f('fk_holidays_holiday_set_id_holiday_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holidays'))
    )
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holidays_holiday_set_id'), ['holiday_set_id'], unique=False)

    op.create_table('hour_ranges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('schedule_id', sa.Integer(), nullable=True),
    sa.Column('weekday', sa.String(length=3), nullable=False),
    sa.Column('starts', sa.Time(), nullable=False),
    sa.Column('ends', sa.Time(), nullable=False),
    sa.CheckConstraint('(site_id IS NULL) <> (schedule_id IS NULL)', name=op.f('ck_hour_ranges_one_owner')),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedules.id'], name=op.f('fk_hour_ranges_schedule_id_schedules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_hour_ranges_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hour_ranges'))
    )
    with op.batch_alter_table('hour_ranges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hour_ranges_schedule_id'), ['schedule_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hour_ranges_site_id'), ['site_id'], unique=False)

    op.create_table('menu_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('auto_attendant_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=1), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('target_destination_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['auto_attendant_id'], ['auto_attendants.id'], name=op.f('fk_menu_keys_auto_attendant_id_auto_attendants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_destination_id'], ['destinations.id'], name=op.f('fk_menu_keys_target_destination_id_destinations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_menu_keys')),
    sa.UniqueConstraint('auto_attendant_id', 'key', name=op.f('uq_menu_keys_auto_attendant_id'))
    )
    with op.batch_alter_table('menu_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_menu_keys_auto_attendant_id'), ['auto_attendant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_menu_keys_target_destination_id'), ['target_destination_id'], unique=False)

    with op.batch_alter_table('schedules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follows_site', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('holiday_set_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('holiday_destination_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_schedules_holiday_set_id_holiday_sets'), 'holiday_sets', ['holiday_set_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_schedules_holiday_destination_id_destinations'), 'destinations', ['holiday_destination_id'], ['id'], ondelete='SET NULL')

    _site_hours_to_ranges()
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('closes_at')
        batch_op.drop_column('opens_at')
        batch_op.drop_column('business_days')


SITES = sa.table('sites', sa.column('id', sa.Integer), sa.column('business_days', sa.String),
                 sa.column('opens_at', sa.Time), sa.column('closes_at', sa.Time))
RANGES = sa.table('hour_ranges', sa.column('site_id', sa.Integer), sa.column('weekday', sa.String),
                  sa.column('starts', sa.Time), sa.column('ends', sa.Time))


def _site_hours_to_ranges():
    connection = op.get_bind()
    rows = connection.execute(sa.select(SITES).where(SITES.c.business_days.is_not(None), SITES.c.opens_at.is_not(None),
                                                     SITES.c.closes_at.is_not(None))).all()
    ranges = [{'site_id': row.id, 'weekday': day, 'starts': row.opens_at, 'ends': row.closes_at}
              for row in rows for day in row.business_days.split()]
    if ranges:
        connection.execute(RANGES.insert(), ranges)


def _ranges_to_site_hours():
    """Back to one opening and closing time: each site's earliest opening and latest closing."""
    connection = op.get_bind()
    found = {}
    for row in connection.execute(sa.select(RANGES).where(RANGES.c.site_id.is_not(None))):
        days, opens, closes = found.get(row.site_id, ([], row.starts, row.ends))
        found[row.site_id] = ([*days, row.weekday] if row.weekday not in days else days, min(opens, row.starts),
                              max(closes, row.ends))
    order = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
    for site_id, (days, opens, closes) in found.items():
        connection.execute(SITES.update().where(SITES.c.id == site_id).values(
            business_days=' '.join(sorted(days, key=order.index)), opens_at=opens, closes_at=closes))



def downgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('business_days', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('opens_at', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('closes_at', sa.Time(), nullable=True))
    _ranges_to_site_hours()
    with op.batch_alter_table('schedules', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_schedules_holiday_destination_id_destinations'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_schedules_holiday_set_id_holiday_sets'), type_='foreignkey')
        batch_op.drop_column('holiday_destination_id')
        batch_op.drop_column('holiday_set_id')
        batch_op.drop_column('time_zone')
        batch_op.drop_column('follows_site')

    with op.batch_alter_table('menu_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_menu_keys_target_destination_id'))
        batch_op.drop_index(batch_op.f('ix_menu_keys_auto_attendant_id'))

    op.drop_table('menu_keys')
    with op.batch_alter_table('hour_ranges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hour_ranges_site_id'))
        batch_op.drop_index(batch_op.f('ix_hour_ranges_schedule_id'))

    op.drop_table('hour_ranges')
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holidays_holiday_set_id'))

    op.drop_table('holidays')
    op.drop_table('auto_attendants')
    op.drop_table('announcements')
    with op.batch_alter_table('holiday_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holiday_sets_project_id'))

    op.drop_table('holiday_sets')
