"""finding people: each seat's folded sort name and search text, filled for the seats there are

Revision ID: 0022_seat_finding
Revises: 0021_mail_outbox
Create Date: 2026-12-05 10:00:00

The columns are filled in Python, in batches, by the same function every later write uses
(portal.models.telephony.finding_columns), so an old seat sorts and is found exactly like a new one.
"""
import sqlalchemy as sa
from alembic import op

from portal.models.telephony import FINDING_FIELDS, finding_columns

# revision identifiers, used by Alembic.
revision = '0022_seat_finding'
down_revision = '0021_mail_outbox'
branch_labels = None
depends_on = None

BATCH = 1000
SORT_NAME = sa.String(length=255).with_variant(sa.String(length=255, collation='C'), 'postgresql')


def upgrade():
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_name', SORT_NAME, server_default='', nullable=False))
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    _fill(op.get_bind())
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.create_index('ix_seats_project_id_sort_name', ['project_id', 'sort_name'], unique=False)


def _fill(connection):
    seats = sa.table('seats', sa.column('id', sa.Integer()), sa.column('sort_name', sa.String()),
                     sa.column('search_text', sa.Text()), *(sa.column(name, sa.String()) for name in FINDING_FIELDS))
    write = seats.update().where(seats.c.id == sa.bindparam('target')).values(
        sort_name=sa.bindparam('new_sort_name'), search_text=sa.bindparam('new_search_text'))
    last = 0
    while True:
        rows = connection.execute(sa.select(seats.c.id, *(seats.c[name] for name in FINDING_FIELDS))
                                  .where(seats.c.id > last).order_by(seats.c.id).limit(BATCH)).all()
        if not rows:
            return
        connection.execute(write, [{'target': row.id, **{f'new_{name}': value for name, value in
                                                            finding_columns(row._mapping).items()}} for row in rows])
        last = rows[-1].id


def downgrade():
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.drop_index('ix_seats_project_id_sort_name')
        batch_op.drop_column('search_text')
        batch_op.drop_column('sort_name')
