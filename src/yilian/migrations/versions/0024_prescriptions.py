"""prescriptions: one case row per version (written in a visit, reviewed, paid, dispensed,
delivered or picked up) and its lines with the batches dispensed

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('prescriptions',
    sa.Column('prescribing_org_id', sa.Uuid(), nullable=False),
    sa.Column('dispensing_org_id', sa.Uuid(), nullable=False),
    sa.Column('department_id', sa.Uuid(), nullable=False),
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('visit_number', sa.String(length=20), nullable=False),
    sa.Column('doctor_id', sa.Uuid(), nullable=False),
    sa.Column('proxy_doctor_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('replaces_id', sa.Uuid(), nullable=True),
    sa.Column('category', sa.Enum('western', 'herbal', name='prescription_category', native_enum=False, length=40), nullable=False),
    sa.Column('chronic', sa.Boolean(), nullable=False),
    sa.Column('long_term', sa.Boolean(), nullable=False),
    sa.Column('stable_assessment', sa.Text(), nullable=True),
    sa.Column('patient_confirmed', sa.Boolean(), nullable=False),
    sa.Column('guardian_name', sa.Text(), nullable=True),
    sa.Column('accompanying_physician', sa.Text(), nullable=True),
    sa.Column('validity_days', sa.Integer(), nullable=False),
    sa.Column('validity_note', sa.String(length=200), nullable=True),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('overrides', sa.JSON(), nullable=False),
    sa.Column('countersign_required', sa.Boolean(), nullable=False),
    sa.Column('drugs_fen', sa.Integer(), nullable=False),
    sa.Column('cold_chain', sa.Boolean(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=True),
    sa.Column('review_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('review_escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by', sa.Uuid(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_codes', sa.JSON(), nullable=False),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('countersign_note', sa.Text(), nullable=True),
    sa.Column('fulfilment', sa.Enum('delivery', 'pickup', name='prescription_fulfilment', native_enum=False, length=40), nullable=True),
    sa.Column('delivery_fee_fen', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Uuid(), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refunded_fen', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=True),
    sa.Column('recipient_phone', sa.Text(), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('pickup_org_id', sa.Uuid(), nullable=True),
    sa.Column('handover_code', sa.Text(), nullable=True),
    sa.Column('dispensed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dispensed_by', sa.Uuid(), nullable=True),
    sa.Column('carrier', sa.String(length=40), nullable=True),
    sa.Column('tracking_no', sa.String(length=40), nullable=True),
    sa.Column('collected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('in_transit_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_by', sa.Uuid(), nullable=True),
    sa.Column('usage_explained', sa.Boolean(), nullable=False),
    sa.Column('retention_years', sa.Integer(), nullable=False),
    sa.Column('keep_until', sa.Date(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('urgency', sa.Enum('routine', 'urgent', name='urgency', native_enum=False, length=40), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('requested_by', sa.Uuid(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('diagnosis_icd10', sa.String(length=10), nullable=False),
    sa.Column('consent_by', sa.Enum('patient', 'guardian', name='consent_by', native_enum=False, length=40), nullable=False),
    sa.Column('consent_relation', sa.String(length=20), nullable=True),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('complete_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('complete_escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('state', sa.Enum('in_review', 'returned', 'approved', 'paid', 'dispensed', 'collected', 'in_transit', 'at_clinic', 'received', 'voided', 'cancelled', 'lapsed', name='prescription_state', native_enum=False, length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('diagnosis_text', sa.Text(), nullable=False),
    sa.Column('record_snapshot', sa.Text(), nullable=True),
    sa.Column('consent_name', sa.Text(), nullable=False),
    sa.Column('close_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_prescriptions_department_id_departments')),
    sa.ForeignKeyConstraint(['dispensed_by'], ['users.id'], name=op.f('fk_prescriptions_dispensed_by_users')),
    sa.ForeignKeyConstraint(['dispensing_org_id'], ['organisations.id'], name=op.f('fk_prescriptions_dispensing_org_id_organisations')),
    sa.ForeignKeyConstraint(['doctor_id'], ['users.id'], name=op.f('fk_prescriptions_doctor_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'], name=op.f('fk_prescriptions_document_id_issued_documents')),
    sa.ForeignKeyConstraint(['order_id'], ['payment_orders.id'], name=op.f('fk_prescriptions_order_id_payment_orders')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_prescriptions_patient_id_patients')),
    sa.ForeignKeyConstraint(['pickup_org_id'], ['organisations.id'], name=op.f('fk_prescriptions_pickup_org_id_organisations')),
    sa.ForeignKeyConstraint(['proxy_doctor_id'], ['users.id'], name=op.f('fk_prescriptions_proxy_doctor_id_users')),
    sa.ForeignKeyConstraint(['prescribing_org_id'], ['organisations.id'], name=op.f('fk_prescriptions_prescribing_org_id_organisations')),
    sa.ForeignKeyConstraint(['received_by'], ['users.id'], name=op.f('fk_prescriptions_received_by_users')),
    sa.ForeignKeyConstraint(['replaces_id'], ['prescriptions.id'], name=op.f('fk_prescriptions_replaces_id_prescriptions')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_prescriptions_requested_by_users')),
    sa.ForeignKeyConstraint(['reviewed_by'], ['users.id'], name=op.f('fk_prescriptions_reviewed_by_users')),
    sa.ForeignKeyConstraint(['visit_id'], ['clinic_visits.id'], name=op.f('fk_prescriptions_visit_id_clinic_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prescriptions')),
    sa.UniqueConstraint('number', name=op.f('uq_prescriptions_number'))
    )
    with op.batch_alter_table('prescriptions', schema=None) as batch_op:
        batch_op.create_index('ix_prescriptions_dispensing', ['dispensing_org_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_prescriptions_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index('ix_prescriptions_pickup', ['pickup_org_id', 'state'], unique=False)
        batch_op.create_index('ix_prescriptions_prescribing', ['prescribing_org_id', 'state'], unique=False)
        batch_op.create_index('ix_prescriptions_queue', ['dispensing_org_id', 'state', 'signed_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prescriptions_requested_by'), ['requested_by'], unique=False)
        batch_op.create_index('ix_prescriptions_visit', ['visit_id'], unique=False)

    op.create_table('prescription_lines',
    sa.Column('prescription_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('drug_id', sa.Uuid(), nullable=False),
    sa.Column('drug_code', sa.String(length=32), nullable=False),
    sa.Column('generic_name', sa.String(length=100), nullable=False),
    sa.Column('specification', sa.String(length=100), nullable=False),
    sa.Column('package_unit', sa.String(length=16), nullable=False),
    sa.Column('dose', sa.Numeric(precision=12, scale=4), nullable=False),
    sa.Column('dose_unit', sa.String(length=16), nullable=False),
    sa.Column('route', sa.Enum('oral', 'iv_injection', 'iv_drip', 'im', 'sc', 'topical', 'inhalation', 'sublingual', 'eye', 'rectal', name='drug_route', native_enum=False, length=40), nullable=False),
    sa.Column('frequency', sa.String(length=8), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('prn_max_per_day', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_fen', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('batches', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['drug_id'], ['pharmacy_drugs.id'], name=op.f('fk_prescription_lines_drug_id_pharmacy_drugs')),
    sa.ForeignKeyConstraint(['prescription_id'], ['prescriptions.id'], name=op.f('fk_prescription_lines_prescription_id_prescriptions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prescription_lines'))
    )
    with op.batch_alter_table('prescription_lines', schema=None) as batch_op:
        batch_op.create_index('ix_prescription_lines_prescription', ['prescription_id', 'position'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('prescription_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_prescription_lines_prescription')

    op.drop_table('prescription_lines')
    with op.batch_alter_table('prescriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_prescriptions_visit')
        batch_op.drop_index(batch_op.f('ix_prescriptions_requested_by'))
        batch_op.drop_index('ix_prescriptions_queue')
        batch_op.drop_index('ix_prescriptions_prescribing')
        batch_op.drop_index('ix_prescriptions_pickup')
        batch_op.drop_index(batch_op.f('ix_prescriptions_patient_id'))
        batch_op.drop_index('ix_prescriptions_dispensing')

    op.drop_table('prescriptions')
