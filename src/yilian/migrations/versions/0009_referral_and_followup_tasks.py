"""referral: up and down referrals (one row each, linked into a loop), and follow-up tasks for the
community doctor

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 19:28:31.034451
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('followup_tasks',
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('assignee_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('source_type', sa.String(length=32), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.Uuid(), nullable=True),
    sa.Column('done_note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_followup_tasks_assignee_id_users')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_followup_tasks_created_by_users')),
    sa.ForeignKeyConstraint(['done_by'], ['users.id'], name=op.f('fk_followup_tasks_done_by_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_followup_tasks_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_followup_tasks_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_tasks'))
    )
    with op.batch_alter_table('followup_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_tasks_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index('ix_followup_tasks_org_open', ['organisation_id', 'done_at', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_tasks_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index('ix_followup_tasks_source', ['source_type', 'source_id'], unique=False)

    op.create_table('referrals',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('direction', sa.Enum('up', 'down', name='referral_direction', native_enum=False, length=40), nullable=False),
    sa.Column('urgency', sa.Enum('routine', 'urgent', name='urgency', native_enum=False, length=40), nullable=False),
    sa.Column('state', sa.Enum('requested', 'accepted', 'arrived', 'treated', 'returned', 'no_show', 'rejected', 'reraised', 'cancelled', name='referral_state', native_enum=False, length=40), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('source_org_id', sa.Uuid(), nullable=False),
    sa.Column('requested_by', sa.Uuid(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('target_org_id', sa.Uuid(), nullable=False),
    sa.Column('target_department_id', sa.Uuid(), nullable=True),
    sa.Column('green_channel', sa.Boolean(), nullable=False),
    sa.Column('skip_reason', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('diagnosis_icd10', sa.String(length=10), nullable=False),
    sa.Column('diagnosis_text', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('treatment', sa.Text(), nullable=False),
    sa.Column('record_snapshot', sa.Text(), nullable=True),
    sa.Column('consent_by', sa.Enum('patient', 'guardian', name='consent_by', native_enum=False, length=40), nullable=False),
    sa.Column('consent_name', sa.Text(), nullable=False),
    sa.Column('consent_relation', sa.String(length=20), nullable=True),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('medications', sa.JSON(), nullable=False),
    sa.Column('follow_up_plan', sa.Text(), nullable=True),
    sa.Column('follow_ups', sa.JSON(), nullable=False),
    sa.Column('up_referral_id', sa.Uuid(), nullable=True),
    sa.Column('previous_id', sa.Uuid(), nullable=True),
    sa.Column('answered_by', sa.Uuid(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reservation', sa.Enum('appointment', 'bed', name='referral_reservation', native_enum=False, length=40), nullable=True),
    sa.Column('reserved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reserved_place', sa.String(length=100), nullable=True),
    sa.Column('reservation_note', sa.Text(), nullable=True),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('treated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=True),
    sa.Column('first_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('complete_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('complete_escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('document_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by'], ['users.id'], name=op.f('fk_referrals_answered_by_users')),
    sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'], name=op.f('fk_referrals_document_id_issued_documents')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_referrals_patient_id_patients')),
    sa.ForeignKeyConstraint(['previous_id'], ['referrals.id'], name=op.f('fk_referrals_previous_id_referrals')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_referrals_requested_by_users')),
    sa.ForeignKeyConstraint(['source_org_id'], ['organisations.id'], name=op.f('fk_referrals_source_org_id_organisations')),
    sa.ForeignKeyConstraint(['target_department_id'], ['departments.id'], name=op.f('fk_referrals_target_department_id_departments')),
    sa.ForeignKeyConstraint(['target_org_id'], ['organisations.id'], name=op.f('fk_referrals_target_org_id_organisations')),
    sa.ForeignKeyConstraint(['up_referral_id'], ['referrals.id'], name=op.f('fk_referrals_up_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('number', name=op.f('uq_referrals_number'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_requested_by'), ['requested_by'], unique=False)
        batch_op.create_index('ix_referrals_source', ['source_org_id', 'state'], unique=False)
        batch_op.create_index('ix_referrals_target', ['target_org_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_up_referral_id'), ['up_referral_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_up_referral_id'))
        batch_op.drop_index('ix_referrals_target')
        batch_op.drop_index('ix_referrals_source')
        batch_op.drop_index(batch_op.f('ix_referrals_requested_by'))
        batch_op.drop_index(batch_op.f('ix_referrals_patient_id'))

    op.drop_table('referrals')
    with op.batch_alter_table('followup_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_followup_tasks_source')
        batch_op.drop_index(batch_op.f('ix_followup_tasks_patient_id'))
        batch_op.drop_index('ix_followup_tasks_org_open')
        batch_op.drop_index(batch_op.f('ix_followup_tasks_assignee_id'))

    op.drop_table('followup_tasks')
