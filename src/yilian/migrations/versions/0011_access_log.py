"""core: the access log, every read of a patient's data, sealed into the audit chain in batches

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('access_log',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True,
              nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('subject_org_id', sa.Uuid(), nullable=True),
    sa.Column('actor_user_id', sa.Uuid(), nullable=False),
    sa.Column('actor_username', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=True),
    sa.Column('org_id', sa.Uuid(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity_type', sa.String(length=64), nullable=True),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('basis', sa.Enum('self', 'proxy', 'network', 'case', 'consent', 'break-glass',
                               name='access_basis', native_enum=False, length=40),
              nullable=False),
    sa.Column('basis_ref', sa.String(length=64), nullable=True),
    sa.Column('purpose', sa.String(length=200), nullable=True),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('batch_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_access_log'))
    )
    op.create_index('ix_access_log_patient', 'access_log', ['patient_id', 'seq'])
    op.create_index('ix_access_log_actor', 'access_log', ['actor_user_id', 'seq'])
    op.create_index('ix_access_log_batch', 'access_log', ['batch_id'])


def downgrade() -> None:
    op.drop_index('ix_access_log_batch', table_name='access_log')
    op.drop_index('ix_access_log_actor', table_name='access_log')
    op.drop_index('ix_access_log_patient', table_name='access_log')
    op.drop_table('access_log')
