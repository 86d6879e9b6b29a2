"""files: stored files and resumable uploads

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 15:54:06.853932
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stored_files',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('filename', sa.Text(), nullable=False),
    sa.Column('owner_user_id', sa.Uuid(), nullable=False),
    sa.Column('owner_org_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=True),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('attached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['owner_org_id'], ['organisations.id'], name=op.f('fk_stored_files_owner_org_id_organisations')),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_stored_files_owner_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files'))
    )
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.create_index('ix_stored_files_entity', ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_files_owner_user_id'), ['owner_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_files_sha256'), ['sha256'], unique=False)

    op.create_table('uploads',
    sa.Column('owner_user_id', sa.Uuid(), nullable=False),
    sa.Column('owner_org_id', sa.Uuid(), nullable=True),
    sa.Column('filename', sa.Text(), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('length', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.Enum('receiving', 'complete', 'discarded', name='upload_state', native_enum=False, length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('file_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_uploads_file_id_stored_files')),
    sa.ForeignKeyConstraint(['owner_org_id'], ['organisations.id'], name=op.f('fk_uploads_owner_org_id_organisations')),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_uploads_owner_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uploads'))
    )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploads_owner_user_id'), ['owner_user_id'], unique=False)
        batch_op.create_index('ix_uploads_state_expires', ['state', 'expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index('ix_uploads_state_expires')
        batch_op.drop_index(batch_op.f('ix_uploads_owner_user_id'))

    op.drop_table('uploads')
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_files_sha256'))
        batch_op.drop_index(batch_op.f('ix_stored_files_owner_user_id'))
        batch_op.drop_index('ix_stored_files_entity')

    op.drop_table('stored_files')
