"""video: SFU rooms, join tokens (grants), recordings and their notices; the patient joining a
consultation's session; stored files kept until a date (recordings are process records)

Existing calls keep working: a conversation without a room row gets its mode at its next join.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 22:48:06.062507
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('video_rooms',
    sa.Column('conversation_id', sa.Uuid(), nullable=False),
    sa.Column('mode', sa.Enum('mesh', 'sfu', name='video_room_mode', native_enum=False, length=40), nullable=False),
    sa.Column('janus_room', sa.BigInteger(), nullable=True),
    sa.Column('janus_secret', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('destroyed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('spotlight_user_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('conversation_id', name=op.f('pk_video_rooms'))
    )
    op.create_table('video_sfu_grants',
    sa.Column('conversation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('janus_room', sa.BigInteger(), nullable=False),
    sa.Column('token', sa.Text(), nullable=False),
    sa.Column('publisher_id', sa.BigInteger(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.Enum('left', 'removed', 'closed', 'expired', 'abandoned', name='video_grant_end', native_enum=False, length=40), nullable=True),
    sa.Column('muted', sa.Boolean(), nullable=False),
    sa.Column('hand_raised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sharing_screen', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_sfu_grants'))
    )
    with op.batch_alter_table('video_sfu_grants', schema=None) as batch_op:
        batch_op.create_index('ix_video_sfu_grants_live', ['revoked_at', 'expires_at'], unique=False)
        batch_op.create_index('uq_video_sfu_grants_live', ['conversation_id', 'user_id'], unique=True, postgresql_where=sa.text('revoked_at IS NULL'), sqlite_where=sa.text('revoked_at IS NULL'))

    op.create_table('video_recordings',
    sa.Column('conversation_id', sa.Uuid(), nullable=False),
    sa.Column('case_type', sa.String(length=40), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('janus_room', sa.BigInteger(), nullable=False),
    sa.Column('started_by', sa.Uuid(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consent_note', sa.Text(), nullable=True),
    sa.Column('stopped_by', sa.Uuid(), nullable=True),
    sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('state', sa.Enum('recording', 'processing', 'stored', 'failed', name='video_recording_state', native_enum=False, length=40), nullable=False),
    sa.Column('failure', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['started_by'], ['users.id'], name=op.f('fk_video_recordings_started_by_users')),
    sa.ForeignKeyConstraint(['stopped_by'], ['users.id'], name=op.f('fk_video_recordings_stopped_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_recordings'))
    )
    with op.batch_alter_table('video_recordings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_video_recordings_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index('uq_video_recordings_running', ['conversation_id'], unique=True, postgresql_where=sa.text('stopped_at IS NULL'), sqlite_where=sa.text('stopped_at IS NULL'))

    op.create_table('video_recording_notices',
    sa.Column('recording_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recording_id'], ['video_recordings.id'], name=op.f('fk_video_recording_notices_recording_id_video_recordings')),
    sa.PrimaryKeyConstraint('recording_id', 'user_id', name=op.f('pk_video_recording_notices'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        # Consultations already applied for go on without the patient.
        batch_op.add_column(sa.Column('patient_joins', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retain_until', sa.DateTime(timezone=True), nullable=True))

def downgrade() -> None:
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_column('retain_until')

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('patient_joins')

    op.drop_table('video_recording_notices')
    with op.batch_alter_table('video_recordings', schema=None) as batch_op:
        batch_op.drop_index('uq_video_recordings_running', postgresql_where=sa.text('stopped_at IS NULL'), sqlite_where=sa.text('stopped_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_video_recordings_conversation_id'))

    op.drop_table('video_recordings')
    with op.batch_alter_table('video_sfu_grants', schema=None) as batch_op:
        batch_op.drop_index('uq_video_sfu_grants_live', postgresql_where=sa.text('revoked_at IS NULL'), sqlite_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index('ix_video_sfu_grants_live')

    op.drop_table('video_sfu_grants')
    op.drop_table('video_rooms')
