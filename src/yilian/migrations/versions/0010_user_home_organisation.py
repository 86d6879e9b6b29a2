"""identity: every staff account has a home organisation (所属机构), backfilled from its primary
practice registration, else its earliest role grant

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

FK = 'fk_users_home_organisation_id_organisations'
IX = 'ix_users_home_organisation_id'

# Whose admins manage the account as a whole (docs/decisions/0015): the primary practice
# registration (第一执业机构) when there is one, else the earliest grant that is still standing,
# else the earliest grant at all, else any registration. Staff only; patients keep NULL.
BACKFILL = [
    """UPDATE users SET home_organisation_id = (
           SELECT r.organisation_id FROM practice_registrations r
           WHERE r.user_id = users.id AND r."primary"
           ORDER BY r.created_at, r.id LIMIT 1)
       WHERE kind = 'staff' AND home_organisation_id IS NULL""",
    """UPDATE users SET home_organisation_id = (
           SELECT g.organisation_id FROM role_grants g
           WHERE g.user_id = users.id
           ORDER BY CASE WHEN g.revoked_at IS NULL THEN 0 ELSE 1 END, g.created_at, g.id
           LIMIT 1)
       WHERE kind = 'staff' AND home_organisation_id IS NULL""",
    """UPDATE users SET home_organisation_id = (
           SELECT r.organisation_id FROM practice_registrations r
           WHERE r.user_id = users.id ORDER BY r.created_at, r.id LIMIT 1)
       WHERE kind = 'staff' AND home_organisation_id IS NULL""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # A plain ADD COLUMN with its reference: rebuilding ``users`` in batch mode would drop a
        # table every other table refers to.
        op.execute(f'ALTER TABLE users ADD COLUMN home_organisation_id CHAR(32) '
                   f'CONSTRAINT {FK} REFERENCES organisations (id)')
    else:
        op.add_column('users', sa.Column('home_organisation_id', sa.Uuid(), nullable=True))
        op.create_foreign_key(FK, 'users', 'organisations', ['home_organisation_id'], ['id'])
    op.create_index(IX, 'users', ['home_organisation_id'], unique=False)
    for statement in BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    op.drop_index(IX, table_name='users')
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE users DROP COLUMN home_organisation_id')
    else:
        op.drop_constraint(FK, 'users', type_='foreignkey')
        op.drop_column('users', 'home_organisation_id')
