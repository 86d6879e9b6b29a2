"""clinic visits: a stopped session's visits wait for the patient side to move them or take the
refund (the state 'stopped', a plain string; the time the choice closes)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('clinic_visits', sa.Column('choose_by', sa.DateTime(timezone=True),
                                             nullable=True))


def downgrade() -> None:
    op.drop_column('clinic_visits', 'choose_by')
