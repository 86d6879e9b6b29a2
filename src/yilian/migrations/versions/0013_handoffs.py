"""referral: the consultation whose report advised it (发起转诊 from a consultation report), and
the signed consent form's scan, kept apart from the other attachments as a consultation's is

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

FK = 'fk_referrals_consent_file_id_stored_files'


def upgrade() -> None:
    # An id only: the consultation is another module's case.
    op.add_column('referrals', sa.Column('from_consultation_id', sa.Uuid(), nullable=True))
    if op.get_bind().dialect.name == 'sqlite':
        # A plain ADD COLUMN with its reference: a batch rebuild would drop a table others
        # refer to.
        op.execute(f'ALTER TABLE referrals ADD COLUMN consent_file_id CHAR(32) '
                   f'CONSTRAINT {FK} REFERENCES stored_files (id)')
    else:
        op.add_column('referrals', sa.Column('consent_file_id', sa.Uuid(), nullable=True))
        op.create_foreign_key(FK, 'referrals', 'stored_files', ['consent_file_id'], ['id'])


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE referrals DROP COLUMN consent_file_id')
    else:
        op.drop_constraint(FK, 'referrals', type_='foreignkey')
        op.drop_column('referrals', 'consent_file_id')
    op.drop_column('referrals', 'from_consultation_id')
