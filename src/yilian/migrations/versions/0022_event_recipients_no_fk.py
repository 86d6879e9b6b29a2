"""event recipients: no foreign key to outbox_events (docs/decisions/0023). PostgreSQL checked
it with a plan each connection cached while the table was small: a sequential scan of the whole
outbox for every recipient row, under the commit-order lock. Nothing deletes events; the writer
inserts an event and its recipients in one transaction.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event_recipients', schema=None) as batch_op:
        batch_op.drop_constraint('fk_event_recipients_seq_outbox_events', type_='foreignkey')


def downgrade() -> None:
    with op.batch_alter_table('event_recipients', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_event_recipients_seq_outbox_events', 'outbox_events',
                                    ['seq'], ['seq'], ondelete='CASCADE')
