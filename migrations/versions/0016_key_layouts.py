"""questionnaire, section 4: key layouts, a project's default per phone model and each seat's changes

Revision ID: 0016_key_layouts
Revises: 0015_other_requirements
Create Date: 2026-11-21 14:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_key_layouts'
down_revision = '0015_other_requirements'
branch_labels = None
depends_on = None

DEFAULTS_ONLY = sa.text('seat_id IS NULL')


def upgrade():
    op.create_table(
        'key_layouts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('phone_model_id', sa.Integer(), nullable=False),
        sa.Column('seat_id', sa.Integer(), nullable=True),
        sa.Column('keys', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
        sa.ForeignKeyConstraint(['phone_model_id'], ['phone_models.id'],
                                name=op.f('fk_key_layouts_phone_model_id_phone_models')),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_key_layouts_project_id_projects'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['seat_id'], ['seats.id'], name=op.f('fk_key_layouts_seat_id_seats'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_key_layouts')),
        sa.UniqueConstraint('seat_id', name=op.f('uq_key_layouts_seat_id')),
    )
    with op.batch_alter_table('key_layouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_layouts_project_id'), ['project_id'], unique=False)
        batch_op.create_index('uq_key_layouts_default', ['project_id', 'phone_model_id'], unique=True,
                              sqlite_where=DEFAULTS_ONLY, postgresql_where=DEFAULTS_ONLY)


def downgrade():
    with op.batch_alter_table('key_layouts', schema=None) as batch_op:
        batch_op.drop_index('uq_key_layouts_default', sqlite_where=DEFAULTS_ONLY, postgresql_where=DEFAULTS_ONLY)
        batch_op.drop_index(batch_op.f('ix_key_layouts_project_id'))
    op.drop_table('key_layouts')
