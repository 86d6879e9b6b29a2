"""audit: an entry's action and entity id hold a whole route name

A refusal is audited under its route ("POST /api/v1/conversations/{conversation_id}/messages/
{message_id}/retract"), which did not fit in 64 characters: PostgreSQL refused the audit row and
the refusal became a 500.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log') as batch:
        batch.alter_column('action', type_=sa.String(length=200), existing_type=sa.String(length=64),
                           existing_nullable=False)
        batch.alter_column('entity_id', type_=sa.String(length=200),
                           existing_type=sa.String(length=64), existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('audit_log') as batch:
        batch.alter_column('entity_id', type_=sa.String(length=64),
                           existing_type=sa.String(length=200), existing_nullable=True)
        batch.alter_column('action', type_=sa.String(length=64), existing_type=sa.String(length=200),
                           existing_nullable=False)
