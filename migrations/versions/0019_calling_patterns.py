"""questionnaire, section 5: calling patterns (schedules as destinations, a calling policy, each
seat's outbound caller ID)

Revision ID: 0019_calling_patterns
Revises: 0018_call_recording
Create Date: 2026-11-21 14:25:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_calling_patterns'
down_revision = '0018_call_recording'
branch_labels = None
depends_on = None


def upgrade():
    policies = op.create_table('calling_policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('block_international', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('block_premium', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('block_directory', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('extension_dialing_between_sites', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('emergency_email', sa.String(length=254), nullable=True),
    sa.Column('emergency_number', sa.String(length=20), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_calling_policies_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calling_policies')),
    sa.UniqueConstraint('project_id', name=op.f('uq_calling_policies_project_id'))
    )
    op.create_table('schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('open_destination_id', sa.Integer(), nullable=True),
    sa.Column('closed_destination_id', sa.Integer(), nullable=True),
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['closed_destination_id'], ['destinations.id'], name=op.f('fk_schedules_closed_destination_id_destinations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_schedules_destination_id_destinations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['open_destination_id'], ['destinations.id'], name=op.f('fk_schedules_open_destination_id_destinations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_schedules_site_id_sites'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedules')),
    sa.UniqueConstraint('destination_id', name=op.f('uq_schedules_destination_id'))
    )
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('caller_id', sa.Enum('own', 'main', name='calleridpresentation', native_enum=False, length=32), server_default='own', nullable=False))
    # every existing project gets its policy (the defaults), as new projects do when they are created
    projects = sa.table('projects', sa.column('id', sa.Integer()))
    op.execute(policies.insert().from_select(['project_id', 'updated_at'],
                                             sa.select(projects.c.id, sa.func.current_timestamp())))


def downgrade():
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.drop_column('caller_id')

    op.drop_table('schedules')
    op.drop_table('calling_policies')
