"""conversations of cases and video attendance

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 15:54:06.853932
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conversations',
    sa.Column('case_type', sa.Enum('consultation', 'referral', 'online_visit', 'diagnostic_study', name='case_type', native_enum=False, length=40), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('case_number', sa.String(length=40), nullable=True),
    sa.Column('subject_org_id', sa.Uuid(), nullable=True),
    sa.Column('patient_id', sa.Uuid(), nullable=True),
    sa.Column('state', sa.Enum('open', 'closed', name='conversation_state', native_enum=False, length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    sa.UniqueConstraint('case_type', 'case_id', name='uq_conversations_case')
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index('ix_conversations_activity', ['last_activity_at', 'id'], unique=False)

    op.create_table('video_attendance',
    sa.Column('conversation_id', sa.Uuid(), nullable=False),
    sa.Column('case_type', sa.String(length=40), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.Enum('left', 'disconnected', 'removed', 'closed', 'expired', name='video_end_reason', native_enum=False, length=40), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_attendance'))
    )
    with op.batch_alter_table('video_attendance', schema=None) as batch_op:
        batch_op.create_index('ix_video_attendance_room', ['conversation_id', 'joined_at'], unique=False)
        batch_op.create_index('ix_video_attendance_user_present', ['user_id', 'left_at'], unique=False)
        batch_op.create_index('uq_video_attendance_present', ['conversation_id', 'user_id'], unique=True, postgresql_where=sa.text('left_at IS NULL'), sqlite_where=sa.text('left_at IS NULL'))

    op.create_table('conversation_messages',
    sa.Column('conversation_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.Enum('text', 'file', 'image', 'system', 'retraction', name='message_kind', native_enum=False, length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('file_id', sa.Uuid(), nullable=True),
    sa.Column('retracts_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_conversation_messages_conversation_id_conversations')),
    sa.ForeignKeyConstraint(['retracts_id'], ['conversation_messages.id'], name=op.f('fk_conversation_messages_retracts_id_conversation_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_messages')),
    sa.UniqueConstraint('conversation_id', 'seq', name='uq_conversation_messages_seq'),
    sa.UniqueConstraint('retracts_id', name=op.f('uq_conversation_messages_retracts_id'))
    )
    op.create_table('conversation_participants',
    sa.Column('conversation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('role_label', sa.String(length=40), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_conversation_participants_conversation_id_conversations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_participants'))
    )
    with op.batch_alter_table('conversation_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_participants_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index('ix_conversation_participants_user', ['user_id', 'removed_at'], unique=False)
        batch_op.create_index('uq_conversation_participants_current', ['conversation_id', 'user_id'], unique=True, postgresql_where=sa.text('removed_at IS NULL'), sqlite_where=sa.text('removed_at IS NULL'))

    op.create_table('conversation_reads',
    sa.Column('conversation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('last_read_seq', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_conversation_reads_conversation_id_conversations')),
    sa.PrimaryKeyConstraint('conversation_id', 'user_id', name=op.f('pk_conversation_reads'))
    )


def downgrade() -> None:
    op.drop_table('conversation_reads')
    with op.batch_alter_table('conversation_participants', schema=None) as batch_op:
        batch_op.drop_index('uq_conversation_participants_current', postgresql_where=sa.text('removed_at IS NULL'), sqlite_where=sa.text('removed_at IS NULL'))
        batch_op.drop_index('ix_conversation_participants_user')
        batch_op.drop_index(batch_op.f('ix_conversation_participants_conversation_id'))

    op.drop_table('conversation_participants')
    op.drop_table('conversation_messages')
    with op.batch_alter_table('video_attendance', schema=None) as batch_op:
        batch_op.drop_index('uq_video_attendance_present', postgresql_where=sa.text('left_at IS NULL'), sqlite_where=sa.text('left_at IS NULL'))
        batch_op.drop_index('ix_video_attendance_user_present')
        batch_op.drop_index('ix_video_attendance_room')

    op.drop_table('video_attendance')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index('ix_conversations_activity')

    op.drop_table('conversations')
