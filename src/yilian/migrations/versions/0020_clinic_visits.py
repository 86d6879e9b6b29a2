"""clinic visits: the online follow-up visit as a case (slot, order, queue, outpatient record)
and its phone calls; a session's re-authentication time (identity's step-up)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('clinic_visits',
    sa.Column('requesting_org_id', sa.Uuid(), nullable=False),
    sa.Column('answering_org_id', sa.Uuid(), nullable=False),
    sa.Column('department_id', sa.Uuid(), nullable=False),
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('slot_id', sa.Uuid(), nullable=False),
    sa.Column('slot_starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('doctor_id', sa.Uuid(), nullable=False),
    sa.Column('mode', sa.Enum('text', 'phone', 'video', name='clinic_mode', native_enum=False, length=40), nullable=False),
    sa.Column('fee_fen', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Uuid(), nullable=False),
    sa.Column('hold_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('booked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('proxy_doctor_id', sa.Uuid(), nullable=True),
    sa.Column('proof_kind', sa.Enum('record_diagnosis', 'document', name='visit_proof_kind', native_enum=False, length=40), nullable=False),
    sa.Column('proof_problem_id', sa.Uuid(), nullable=True),
    sa.Column('proof_file_ids', sa.JSON(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_in_by', sa.Uuid(), nullable=True),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('missed_count', sa.Integer(), nullable=False),
    sa.Column('queue_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_by', sa.Uuid(), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('first_reply_due', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_reply_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refunded_fen', sa.Integer(), nullable=False),
    sa.Column('chief_complaint', sa.Text(), nullable=True),
    sa.Column('history', sa.Text(), nullable=True),
    sa.Column('examination', sa.Text(), nullable=True),
    sa.Column('record_icd10', sa.String(length=10), nullable=True),
    sa.Column('record_diagnosis', sa.Text(), nullable=True),
    sa.Column('advice', sa.Text(), nullable=True),
    sa.Column('document_id', sa.Uuid(), nullable=True),
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
    sa.Column('state', sa.Enum('held', 'booked', 'waiting', 'called', 'in_visit', 'finished', 'lapsed', 'cancelled', 'not_eligible', 'referred_offline', 'no_show', 'closed', 'unanswered', name='online_visit_state', native_enum=False, length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('diagnosis_text', sa.Text(), nullable=False),
    sa.Column('record_snapshot', sa.Text(), nullable=True),
    sa.Column('consent_name', sa.Text(), nullable=False),
    sa.Column('close_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answering_org_id'], ['organisations.id'], name=op.f('fk_clinic_visits_answering_org_id_organisations')),
    sa.ForeignKeyConstraint(['checked_in_by'], ['users.id'], name=op.f('fk_clinic_visits_checked_in_by_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_clinic_visits_department_id_departments')),
    sa.ForeignKeyConstraint(['doctor_id'], ['users.id'], name=op.f('fk_clinic_visits_doctor_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'], name=op.f('fk_clinic_visits_document_id_issued_documents')),
    sa.ForeignKeyConstraint(['order_id'], ['payment_orders.id'], name=op.f('fk_clinic_visits_order_id_payment_orders')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_clinic_visits_patient_id_patients')),
    sa.ForeignKeyConstraint(['proxy_doctor_id'], ['users.id'], name=op.f('fk_clinic_visits_proxy_doctor_id_users')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_clinic_visits_requested_by_users')),
    sa.ForeignKeyConstraint(['requesting_org_id'], ['organisations.id'], name=op.f('fk_clinic_visits_requesting_org_id_organisations')),
    sa.ForeignKeyConstraint(['session_id'], ['clinic_sessions.id'], name=op.f('fk_clinic_visits_session_id_clinic_sessions')),
    sa.ForeignKeyConstraint(['slot_id'], ['clinic_slots.id'], name=op.f('fk_clinic_visits_slot_id_clinic_slots')),
    sa.ForeignKeyConstraint(['started_by'], ['users.id'], name=op.f('fk_clinic_visits_started_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_visits')),
    sa.UniqueConstraint('number', name=op.f('uq_clinic_visits_number'))
    )
    with op.batch_alter_table('clinic_visits') as batch:
        batch.create_index('ix_clinic_visits_answering', ['answering_org_id', 'state'], unique=False)
        batch.create_index(batch.f('ix_clinic_visits_patient_id'), ['patient_id'], unique=False)
        batch.create_index(batch.f('ix_clinic_visits_requested_by'), ['requested_by'], unique=False)
        batch.create_index('ix_clinic_visits_requesting', ['requesting_org_id', 'state'], unique=False)
    op.create_table('clinic_visit_calls',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_clinic_visit_calls_recorded_by_users')),
    sa.ForeignKeyConstraint(['visit_id'], ['clinic_visits.id'], name=op.f('fk_clinic_visit_calls_visit_id_clinic_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_visit_calls'))
    )
    with op.batch_alter_table('clinic_visit_calls') as batch:
        batch.create_index('ix_clinic_visit_calls_visit', ['visit_id', 'started_at'], unique=False)
    with op.batch_alter_table('sessions') as batch:
        batch.add_column(sa.Column('stepped_up_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sessions') as batch:
        batch.drop_column('stepped_up_at')
    with op.batch_alter_table('clinic_visit_calls') as batch:
        batch.drop_index('ix_clinic_visit_calls_visit')
    op.drop_table('clinic_visit_calls')
    with op.batch_alter_table('clinic_visits') as batch:
        batch.drop_index('ix_clinic_visits_requesting')
        batch.drop_index(batch.f('ix_clinic_visits_requested_by'))
        batch.drop_index(batch.f('ix_clinic_visits_patient_id'))
        batch.drop_index('ix_clinic_visits_answering')
    op.drop_table('clinic_visits')
