"""imports: the values matched on the columns page (a site, a user type) and the preview's answers

Revision ID: 0023_import_value_matches
Revises: 0022_seat_finding
Create Date: 2026-12-08 10:00:00

Both columns are new and empty: an import started before reads as one with nothing matched yet and
no question answered, which is what it was.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023_import_value_matches'
down_revision = '0022_seat_finding'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('value_matches', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('choices', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_column('choices')
        batch_op.drop_column('value_matches')
