"""pharmacy catalogue: drugs per dispensing organisation (searched by code and pinyin
initials), stock batches (taken by expiry), catalogue imports (one running per organisation)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pharmacy_drugs',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('generic_name', sa.String(length=100), nullable=False),
    sa.Column('trade_name', sa.String(length=100), nullable=True),
    sa.Column('pinyin', sa.String(length=201), nullable=False),
    sa.Column('specification', sa.String(length=100), nullable=False),
    sa.Column('dosage_form', sa.String(length=40), nullable=False),
    sa.Column('atc', sa.String(length=7), nullable=False),
    sa.Column('strength', sa.Numeric(precision=12, scale=4), nullable=False),
    sa.Column('strength_unit', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('package_size', sa.Integer(), nullable=False),
    sa.Column('package_unit', sa.String(length=16), nullable=False),
    sa.Column('price_fen', sa.Integer(), nullable=False),
    sa.Column('rx', sa.Boolean(), nullable=False),
    sa.Column('insurance', sa.Enum('A', 'B', 'C', name='drug_insurance', native_enum=False, length=40), nullable=True),
    sa.Column('control', sa.Enum('narcotic', 'psychotropic_1', 'psychotropic_2', 'toxic', 'radioactive', 'precursor', name='drug_control', native_enum=False, length=40), nullable=True),
    sa.Column('antimicrobial', sa.Enum('unrestricted', 'restricted', 'special', name='drug_antimicrobial', native_enum=False, length=40), nullable=True),
    sa.Column('cold_chain', sa.Boolean(), nullable=False),
    sa.Column('max_single_dose', sa.Numeric(precision=12, scale=4), nullable=True),
    sa.Column('max_daily_dose', sa.Numeric(precision=12, scale=4), nullable=True),
    sa.Column('route', sa.Enum('oral', 'iv_injection', 'iv_drip', 'im', 'sc', 'topical', 'inhalation', 'sublingual', 'eye', 'rectal', name='drug_route', native_enum=False, length=40), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('price_fen >= 0 AND package_size >= 1 AND strength > 0', name=op.f('ck_pharmacy_drugs_amounts')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_pharmacy_drugs_created_by_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_pharmacy_drugs_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_pharmacy_drugs_updated_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pharmacy_drugs')),
    sa.UniqueConstraint('organisation_id', 'code', name=op.f('uq_pharmacy_drugs_organisation_id'))
    )
    with op.batch_alter_table('pharmacy_drugs', schema=None) as batch_op:
        batch_op.create_index('ix_pharmacy_drugs_org_pinyin', ['organisation_id', 'pinyin'], unique=False, postgresql_ops={'pinyin': 'varchar_pattern_ops'})
    op.create_table('pharmacy_catalogue_imports',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('file_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.Enum('running', 'rejected', 'done', 'failed', name='catalogue_import_state', native_enum=False, length=40), nullable=False),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('problem_count', sa.Integer(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_pharmacy_catalogue_imports_created_by_users')),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_pharmacy_catalogue_imports_file_id_stored_files')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_pharmacy_catalogue_imports_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pharmacy_catalogue_imports'))
    )
    with op.batch_alter_table('pharmacy_catalogue_imports', schema=None) as batch_op:
        batch_op.create_index('ix_pharmacy_catalogue_imports_org_created', ['organisation_id', 'created_at'], unique=False)
        batch_op.create_index('ix_pharmacy_catalogue_imports_state_updated', ['state', 'updated_at'], unique=False)
        batch_op.create_index('uq_pharmacy_catalogue_imports_running', ['organisation_id'], unique=True, postgresql_where=sa.text("state = 'running'"), sqlite_where=sa.text("state = 'running'"))
    op.create_table('pharmacy_stock_batches',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('drug_id', sa.Uuid(), nullable=False),
    sa.Column('batch_no', sa.String(length=40), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('quantity >= 0', name=op.f('ck_pharmacy_stock_batches_quantity')),
    sa.ForeignKeyConstraint(['drug_id'], ['pharmacy_drugs.id'], name=op.f('fk_pharmacy_stock_batches_drug_id_pharmacy_drugs')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_pharmacy_stock_batches_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['received_by'], ['users.id'], name=op.f('fk_pharmacy_stock_batches_received_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pharmacy_stock_batches')),
    sa.UniqueConstraint('drug_id', 'batch_no', 'expires_on', name=op.f('uq_pharmacy_stock_batches_drug_id'))
    )
    with op.batch_alter_table('pharmacy_stock_batches', schema=None) as batch_op:
        batch_op.create_index('ix_pharmacy_stock_batches_drug_expires', ['drug_id', 'expires_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pharmacy_stock_batches', schema=None) as batch_op:
        batch_op.drop_index('ix_pharmacy_stock_batches_drug_expires')
    op.drop_table('pharmacy_stock_batches')
    with op.batch_alter_table('pharmacy_catalogue_imports', schema=None) as batch_op:
        batch_op.drop_index('uq_pharmacy_catalogue_imports_running', postgresql_where=sa.text("state = 'running'"), sqlite_where=sa.text("state = 'running'"))
        batch_op.drop_index('ix_pharmacy_catalogue_imports_state_updated')
        batch_op.drop_index('ix_pharmacy_catalogue_imports_org_created')
    op.drop_table('pharmacy_catalogue_imports')
    with op.batch_alter_table('pharmacy_drugs', schema=None) as batch_op:
        batch_op.drop_index('ix_pharmacy_drugs_org_pinyin', postgresql_ops={'pinyin': 'varchar_pattern_ops'})
    op.drop_table('pharmacy_drugs')
