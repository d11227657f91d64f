"""questionnaire, section 1: the project's dial plan; each site's default business hours

Revision ID: 0011_dial_plan
Revises: 0010_renderings
Create Date: 2026-11-21 11:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_dial_plan'
down_revision = '0010_renderings'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dial_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('extension_length', sa.Integer(), nullable=True),
    sa.Column('outbound_access_code', sa.String(length=4), nullable=True),
    sa.Column('operator_extension', sa.String(length=10), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_dial_plans_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dial_plans')),
    sa.UniqueConstraint('project_id', name=op.f('uq_dial_plans_project_id'))
    )
    op.execute("INSERT INTO dial_plans (project_id, updated_at, version) "
               "SELECT id, CURRENT_TIMESTAMP, 1 FROM projects")  # every project has one, empty until answered
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('business_days', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('opens_at', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('closes_at', sa.Time(), nullable=True))


def downgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('closes_at')
        batch_op.drop_column('opens_at')
        batch_op.drop_column('business_days')

    op.drop_table('dial_plans')
