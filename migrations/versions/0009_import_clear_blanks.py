"""imports: the person's choice that an empty cell clears the field

Revision ID: 0009_import_clear_blanks
Revises: 0008_imports
Create Date: 2026-11-21 10:42:44

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_import_clear_blanks'
down_revision = '0008_imports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clear_blanks', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_column('clear_blanks')
