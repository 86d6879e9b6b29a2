"""patients: the record as the hub; encounters filed by cases (linked, one per source),
versioned problems and medications, and the reconciliations a clinician confirms

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

VERSIONED = ('record_medications', 'record_problems')


def upgrade() -> None:
    op.create_table('record_reconciliations',
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('encounter_id', sa.Uuid(), nullable=True),
    sa.Column('source_type', sa.String(length=32), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=False),
    sa.Column('medications', sa.JSON(), nullable=False),
    sa.Column('medications_complete', sa.Boolean(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'confirmed', 'discarded', name='reconciliation_state',
                               native_enum=False, length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.Uuid(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('lines', sa.JSON(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_record_reconciliations_created_by_users')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_record_reconciliations_decided_by_users')),
    sa.ForeignKeyConstraint(['encounter_id'], ['record_encounters.id'], name=op.f('fk_record_reconciliations_encounter_id_record_encounters')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_record_reconciliations_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_record_reconciliations_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_reconciliations')),
    sa.UniqueConstraint('source_type', 'source_id', name='uq_record_reconciliations_source')
    )
    op.create_index('ix_record_reconciliations_patient', 'record_reconciliations',
                    ['patient_id', 'state'])
    # Existing encounters were entered by hand: they have no source, so they stay as they are.
    with op.batch_alter_table('record_encounters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('source_type', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('source_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('case_type', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('case_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('case_number', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('document_id', sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint('uq_record_encounters_source',
                                          ['source_type', 'source_id'])
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('supersedes_id', sa.Uuid(), nullable=True))
            batch_op.add_column(sa.Column('superseded_at', sa.DateTime(timezone=True),
                                          nullable=True))
            batch_op.add_column(sa.Column('reconciliation_id', sa.Uuid(), nullable=True))
            batch_op.create_foreign_key(op.f(f'fk_{table}_supersedes_id_{table}'), table,
                                        ['supersedes_id'], ['id'])
            batch_op.create_foreign_key(
                op.f(f'fk_{table}_reconciliation_id_record_reconciliations'),
                'record_reconciliations', ['reconciliation_id'], ['id'])


def downgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                op.f(f'fk_{table}_reconciliation_id_record_reconciliations'), type_='foreignkey')
            batch_op.drop_constraint(op.f(f'fk_{table}_supersedes_id_{table}'),
                                     type_='foreignkey')
            batch_op.drop_column('reconciliation_id')
            batch_op.drop_column('superseded_at')
            batch_op.drop_column('supersedes_id')
    with op.batch_alter_table('record_encounters', schema=None) as batch_op:
        batch_op.drop_constraint('uq_record_encounters_source', type_='unique')
        for column in ('document_id', 'case_number', 'case_id', 'case_type', 'source_id',
                       'source_type', 'ended_at'):
            batch_op.drop_column(column)
    op.drop_index('ix_record_reconciliations_patient', table_name='record_reconciliations')
    op.drop_table('record_reconciliations')
