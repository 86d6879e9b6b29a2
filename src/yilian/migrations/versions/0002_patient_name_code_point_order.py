"""Patient names compare by code point on PostgreSQL (name-prefix search as an index range)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite compares text by code point already; only PostgreSQL needs the "C" collation.
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column('patients', 'name', type_=sa.String(length=50, collation='C'),
                        existing_type=sa.String(length=50), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column('patients', 'name', type_=sa.String(length=50),
                        existing_type=sa.String(length=50, collation='C'),
                        existing_nullable=False)
