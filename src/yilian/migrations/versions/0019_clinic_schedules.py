"""clinic: online clinic profiles, fee tiers by title, sessions (排班) and slots (号源); a
practitioner's independent practice since (独立执业), which an online clinic needs 3 years of

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

TITLE = sa.Enum(
    'chief_physician', 'associate_chief_physician', 'attending_physician', 'resident_physician',
    'assistant_physician', 'village_doctor', 'chief_pharmacist', 'associate_chief_pharmacist',
    'supervisor_pharmacist', 'pharmacist', 'chief_nurse', 'associate_chief_nurse',
    'supervisor_nurse', 'senior_nurse', 'nurse', 'chief_technician', 'supervisor_technician',
    'technician', 'none', name='professional_title', native_enum=False, length=40)
MODE = sa.Enum('text', 'phone', 'video', name='clinic_mode', native_enum=False, length=40)


def upgrade() -> None:
    with op.batch_alter_table('practitioners') as batch:
        batch.add_column(sa.Column('independent_practice_since', sa.Date(), nullable=True))
    op.create_table('clinic_profiles',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('specialties', sa.JSON(), nullable=False),
    sa.Column('introduction', sa.String(length=1000), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_clinic_profiles_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_clinic_profiles'))
    )
    op.create_table('clinic_fee_tiers',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('title', TITLE, nullable=False),
    sa.Column('mode', MODE, nullable=True),
    sa.Column('fee_fen', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_clinic_fee_tiers_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_fee_tiers')),
    sa.UniqueConstraint('organisation_id', 'title', 'mode', name=op.f('uq_clinic_fee_tiers_organisation_id'))
    )
    with op.batch_alter_table('clinic_fee_tiers') as batch:
        batch.create_index(batch.f('ix_clinic_fee_tiers_organisation_id'), ['organisation_id'], unique=False)
    op.create_table('clinic_sessions',
    sa.Column('doctor_id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('department_id', sa.Uuid(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mode', MODE, nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('fee_fen', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'stopped', name='clinic_session_status', native_enum=False, length=40), nullable=False),
    sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stop_reason', sa.String(length=200), nullable=True),
    sa.Column('substituted_from', sa.Uuid(), nullable=True),
    sa.Column('substitute_reason', sa.String(length=200), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_clinic_sessions_created_by_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_clinic_sessions_department_id_departments')),
    sa.ForeignKeyConstraint(['doctor_id'], ['users.id'], name=op.f('fk_clinic_sessions_doctor_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_clinic_sessions_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['substituted_from'], ['users.id'], name=op.f('fk_clinic_sessions_substituted_from_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_sessions'))
    )
    with op.batch_alter_table('clinic_sessions') as batch:
        batch.create_index(batch.f('ix_clinic_sessions_department_id'), ['department_id'], unique=False)
        batch.create_index('ix_clinic_sessions_doctor_starts', ['doctor_id', 'starts_at'], unique=False)
        batch.create_index('ix_clinic_sessions_org_starts', ['organisation_id', 'starts_at'], unique=False)
    op.create_table('clinic_slots',
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('held_by_visit_id', sa.Uuid(), nullable=True),
    sa.Column('held_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('booked_visit_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['clinic_sessions.id'], name=op.f('fk_clinic_slots_session_id_clinic_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_slots')),
    sa.UniqueConstraint('session_id', 'seq', name=op.f('uq_clinic_slots_session_id'))
    )


def downgrade() -> None:
    op.drop_table('clinic_slots')
    with op.batch_alter_table('clinic_sessions') as batch:
        batch.drop_index('ix_clinic_sessions_org_starts')
        batch.drop_index('ix_clinic_sessions_doctor_starts')
        batch.drop_index(batch.f('ix_clinic_sessions_department_id'))
    op.drop_table('clinic_sessions')
    with op.batch_alter_table('clinic_fee_tiers') as batch:
        batch.drop_index(batch.f('ix_clinic_fee_tiers_organisation_id'))
    op.drop_table('clinic_fee_tiers')
    op.drop_table('clinic_profiles')
    with op.batch_alter_table('practitioners') as batch:
        batch.drop_column('independent_practice_since')
