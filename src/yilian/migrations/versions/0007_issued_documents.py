"""documents: issued (signed) documents and their per-organisation daily numbering

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 17:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_counters',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('day', sa.String(length=8), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_document_counters_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('organisation_id', 'prefix', 'day', name=op.f('pk_document_counters'))
    )
    op.create_table('issued_documents',
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('organisation_name', sa.String(length=100), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('file_id', sa.Uuid(), nullable=True),
    sa.Column('signer_serial', sa.String(length=40), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.Uuid(), nullable=False),
    sa.Column('supersedes_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_issued_documents_file_id_stored_files')),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_issued_documents_issued_by_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_issued_documents_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_issued_documents_patient_id_patients')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['issued_documents.id'], name=op.f('fk_issued_documents_supersedes_id_issued_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_documents')),
    sa.UniqueConstraint('organisation_id', 'number', name='uq_issued_documents_org_number'),
    sa.UniqueConstraint('sha256', name=op.f('uq_issued_documents_sha256')),
    sa.UniqueConstraint('supersedes_id', name=op.f('uq_issued_documents_supersedes_id'))
    )
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.create_index('ix_issued_documents_entity', ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_documents_patient_id'), ['patient_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_documents_patient_id'))
        batch_op.drop_index('ix_issued_documents_entity')

    op.drop_table('issued_documents')
    op.drop_table('document_counters')
