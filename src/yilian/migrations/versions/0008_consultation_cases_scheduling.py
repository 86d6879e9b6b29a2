"""consultation: cases (timeline, numbering, time limits), availability slots, consultations
with their departments, experts and reports, and department heads

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 18:45:30.237281
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_counters',
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('day', sa.String(length=8), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'day', name=op.f('pk_case_counters'))
    )
    op.create_table('availability_slots',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('service', sa.String(length=32), nullable=False),
    sa.Column('booked_case_type', sa.String(length=32), nullable=True),
    sa.Column('booked_case_id', sa.Uuid(), nullable=True),
    sa.Column('booked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_availability_slots_created_by_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_availability_slots_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_availability_slots_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_slots'))
    )
    with op.batch_alter_table('availability_slots', schema=None) as batch_op:
        batch_op.create_index('ix_availability_slots_user_starts', ['user_id', 'starts_at'], unique=False)

    op.create_table('case_steps',
    sa.Column('case_type', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('from_state', sa.String(length=32), nullable=True),
    sa.Column('to_state', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('organisation_id', sa.Uuid(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_case_steps_actor_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_case_steps_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_steps')),
    sa.UniqueConstraint('case_type', 'case_id', 'seq', name='uq_case_steps_seq')
    )
    op.create_table('sla_policies',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('case_type', sa.String(length=32), nullable=False),
    sa.Column('urgency', sa.Enum('routine', 'urgent', name='urgency', native_enum=False, length=40), nullable=False),
    sa.Column('first_hours', sa.Integer(), nullable=False),
    sa.Column('complete_hours', sa.Integer(), nullable=True),
    sa.Column('complete_working_days', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_sla_policies_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_sla_policies_updated_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sla_policies')),
    sa.UniqueConstraint('organisation_id', 'case_type', 'urgency', name='uq_sla_policies')
    )
    with op.batch_alter_table('sla_policies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sla_policies_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('consultations',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.Enum('single', 'mdt', name='consultation_kind', native_enum=False, length=40), nullable=False),
    sa.Column('urgency', sa.Enum('routine', 'urgent', name='urgency', native_enum=False, length=40), nullable=False),
    sa.Column('state', sa.Enum('requested', 'routed', 'assigned', 'dispatched', 'panel_confirmed', 'scheduled', 'info_requested', 'in_session', 'reported', 'completed', 'declined', 'cancelled', name='consultation_state', native_enum=False, length=40), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('inviting_org_id', sa.Uuid(), nullable=False),
    sa.Column('requested_by', sa.Uuid(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('invited_org_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('diagnosis_icd10', sa.String(length=10), nullable=False),
    sa.Column('diagnosis_text', sa.Text(), nullable=False),
    sa.Column('wanted_specialty', sa.String(length=60), nullable=False),
    sa.Column('wanted_title', sa.Enum('chief_physician', 'associate_chief_physician', 'attending_physician', 'resident_physician', 'assistant_physician', 'village_doctor', 'chief_pharmacist', 'associate_chief_pharmacist', 'supervisor_pharmacist', 'pharmacist', 'chief_nurse', 'associate_chief_nurse', 'supervisor_nurse', 'senior_nurse', 'nurse', 'chief_technician', 'supervisor_technician', 'technician', 'none', name='professional_title', native_enum=False, length=40), nullable=True),
    sa.Column('preferred_times', sa.JSON(), nullable=False),
    sa.Column('record_snapshot', sa.Text(), nullable=True),
    sa.Column('consent_by', sa.Enum('patient', 'guardian', name='consent_by', native_enum=False, length=40), nullable=False),
    sa.Column('consent_name', sa.Text(), nullable=False),
    sa.Column('consent_relation', sa.String(length=20), nullable=True),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consent_file_id', sa.Uuid(), nullable=True),
    sa.Column('department_id', sa.Uuid(), nullable=True),
    sa.Column('expert_id', sa.Uuid(), nullable=True),
    sa.Column('coordinator_joins', sa.Boolean(), nullable=False),
    sa.Column('slot_id', sa.Uuid(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('schedule_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('complete_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('schedule_escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('complete_escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=True),
    sa.Column('info_request', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consent_file_id'], ['stored_files.id'], name=op.f('fk_consultations_consent_file_id_stored_files')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_consultations_department_id_departments')),
    sa.ForeignKeyConstraint(['expert_id'], ['users.id'], name=op.f('fk_consultations_expert_id_users')),
    sa.ForeignKeyConstraint(['invited_org_id'], ['organisations.id'], name=op.f('fk_consultations_invited_org_id_organisations')),
    sa.ForeignKeyConstraint(['inviting_org_id'], ['organisations.id'], name=op.f('fk_consultations_inviting_org_id_organisations')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_consultations_patient_id_patients')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_consultations_requested_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations')),
    sa.UniqueConstraint('number', name=op.f('uq_consultations_number'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_expert_id'), ['expert_id'], unique=False)
        batch_op.create_index('ix_consultations_invited', ['invited_org_id', 'state'], unique=False)
        batch_op.create_index('ix_consultations_inviting', ['inviting_org_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_requested_by'), ['requested_by'], unique=False)

    op.create_table('consultation_departments',
    sa.Column('consultation_id', sa.Uuid(), nullable=False),
    sa.Column('department_id', sa.Uuid(), nullable=False),
    sa.Column('lead', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Enum('pending', 'accepted', 'rejected', name='department_answer', native_enum=False, length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.Uuid(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by'], ['users.id'], name=op.f('fk_consultation_departments_answered_by_users')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_departments_consultation_id_consultations')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_consultation_departments_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_departments')),
    sa.UniqueConstraint('consultation_id', 'department_id', name='uq_consultation_departments')
    )
    with op.batch_alter_table('consultation_departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_departments_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_experts',
    sa.Column('consultation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('department_id', sa.Uuid(), nullable=True),
    sa.Column('role', sa.Enum('expert', 'chief', 'secondary', name='expert_role', native_enum=False, length=40), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opinion', sa.Text(), nullable=True),
    sa.Column('opinion_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_experts_consultation_id_consultations')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_consultation_experts_department_id_departments')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consultation_experts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_experts')),
    sa.UniqueConstraint('consultation_id', 'user_id', name='uq_consultation_experts')
    )
    with op.batch_alter_table('consultation_experts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_experts_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_experts_user_id'), ['user_id'], unique=False)

    op.create_table('consultation_reports',
    sa.Column('consultation_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('report', 'addendum', name='report_kind', native_enum=False, length=40), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('diagnoses', sa.JSON(), nullable=False),
    sa.Column('recommendations', sa.Text(), nullable=False),
    sa.Column('referral_advised', sa.Boolean(), nullable=False),
    sa.Column('written_by', sa.Uuid(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('document_id', sa.Uuid(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['acknowledged_by'], ['users.id'], name=op.f('fk_consultation_reports_acknowledged_by_users')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_reports_consultation_id_consultations')),
    sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'], name=op.f('fk_consultation_reports_document_id_issued_documents')),
    sa.ForeignKeyConstraint(['written_by'], ['users.id'], name=op.f('fk_consultation_reports_written_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_reports')),
    sa.UniqueConstraint('consultation_id', 'version', name='uq_consultation_reports_version')
    )
    with op.batch_alter_table('consultation_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_reports_consultation_id'), ['consultation_id'], unique=False)

    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_user_id', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_departments_head_user_id_users'), 'users', ['head_user_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_departments_head_user_id_users'), type_='foreignkey')
        batch_op.drop_column('head_user_id')

    with op.batch_alter_table('consultation_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_reports_consultation_id'))

    op.drop_table('consultation_reports')
    with op.batch_alter_table('consultation_experts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_experts_user_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_experts_consultation_id'))

    op.drop_table('consultation_experts')
    with op.batch_alter_table('consultation_departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_departments_consultation_id'))

    op.drop_table('consultation_departments')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultations_requested_by'))
        batch_op.drop_index(batch_op.f('ix_consultations_patient_id'))
        batch_op.drop_index('ix_consultations_inviting')
        batch_op.drop_index('ix_consultations_invited')
        batch_op.drop_index(batch_op.f('ix_consultations_expert_id'))

    op.drop_table('consultations')
    with op.batch_alter_table('sla_policies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sla_policies_organisation_id'))

    op.drop_table('sla_policies')
    op.drop_table('case_steps')
    with op.batch_alter_table('availability_slots', schema=None) as batch_op:
        batch_op.drop_index('ix_availability_slots_user_starts')

    op.drop_table('availability_slots')
    op.drop_table('case_counters')
