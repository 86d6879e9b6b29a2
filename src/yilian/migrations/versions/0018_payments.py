"""payments: orders with items, refunds, verified gateway notifications, channel accounts and
the daily number counters

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('payment_counters',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('day', sa.String(length=8), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('organisation_id', 'prefix', 'day', name=op.f('pk_payment_counters'))
    )
    op.create_table('payment_channel_configs',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('channel', sa.Enum('wechat', 'alipay', 'clinic', 'demo', name='payment_channel', native_enum=False, length=40), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('secrets', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_payment_channel_configs_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_payment_channel_configs_updated_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_channel_configs')),
    sa.UniqueConstraint('organisation_id', 'channel', name=op.f('uq_payment_channel_configs_organisation_id'))
    )
    op.create_table('payment_orders',
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('payer_user_id', sa.Uuid(), nullable=True),
    sa.Column('subject_type', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('description', sa.String(length=100), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('paid_fen', sa.Integer(), nullable=False),
    sa.Column('refunded_fen', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'paid', 'cancelled', 'lapsed', 'refunded', 'partially_refunded', name='payment_order_state', native_enum=False, length=40), nullable=False),
    sa.Column('channel', sa.Enum('wechat', 'alipay', 'clinic', 'demo', name='payment_channel', native_enum=False, length=40), nullable=True),
    sa.Column('channel_trade_no', sa.String(length=64), nullable=True),
    sa.Column('collected_by', sa.Uuid(), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('close_reason', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('refunded_fen <= paid_fen', name=op.f('ck_payment_orders_refunded_le_paid')),
    sa.CheckConstraint('total_fen >= 0 AND paid_fen >= 0 AND refunded_fen >= 0', name=op.f('ck_payment_orders_amounts')),
    sa.ForeignKeyConstraint(['collected_by'], ['users.id'], name=op.f('fk_payment_orders_collected_by_users')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_payment_orders_created_by_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_payment_orders_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_payment_orders_patient_id_patients')),
    sa.ForeignKeyConstraint(['payer_user_id'], ['users.id'], name=op.f('fk_payment_orders_payer_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_orders')),
    sa.UniqueConstraint('organisation_id', 'number', name=op.f('uq_payment_orders_organisation_id'))
    )
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.create_index('ix_payment_orders_org_created', ['organisation_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_orders_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_orders_payer_user_id'), ['payer_user_id'], unique=False)
        batch_op.create_index('ix_payment_orders_state_expires', ['state', 'expires_at'], unique=False)
        batch_op.create_index('ix_payment_orders_subject', ['subject_type', 'subject_id'], unique=False)
    op.create_table('payment_notifications',
    sa.Column('channel', sa.Enum('wechat', 'alipay', 'clinic', 'demo', name='payment_channel', native_enum=False, length=40), nullable=False),
    sa.Column('notification_id', sa.String(length=64), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('order_id', sa.Uuid(), nullable=True),
    sa.Column('body_digest', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['payment_orders.id'], name=op.f('fk_payment_notifications_order_id_payment_orders')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_payment_notifications_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_notifications')),
    sa.UniqueConstraint('channel', 'notification_id', name=op.f('uq_payment_notifications_channel'))
    )
    with op.batch_alter_table('payment_notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_notifications_order_id'), ['order_id'], unique=False)
    op.create_table('payment_order_items',
    sa.Column('order_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('unit_fen', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('unit_fen >= 0 AND quantity >= 1 AND amount_fen >= 0', name=op.f('ck_payment_order_items_amounts')),
    sa.ForeignKeyConstraint(['order_id'], ['payment_orders.id'], name=op.f('fk_payment_order_items_order_id_payment_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_order_items'))
    )
    with op.batch_alter_table('payment_order_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_order_items_order_id'), ['order_id'], unique=False)
    op.create_table('payment_refunds',
    sa.Column('order_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('state', sa.Enum('requested', 'succeeded', 'failed', name='payment_refund_state', native_enum=False, length=40), nullable=False),
    sa.Column('channel_refund_no', sa.String(length=64), nullable=True),
    sa.Column('failure', sa.String(length=200), nullable=True),
    sa.Column('requested_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_payment_refunds_amount')),
    sa.ForeignKeyConstraint(['order_id'], ['payment_orders.id'], name=op.f('fk_payment_refunds_order_id_payment_orders')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_payment_refunds_requested_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_refunds'))
    )
    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_refunds_order_id'), ['order_id'], unique=False)
        batch_op.create_index('ix_payment_refunds_state_created', ['state', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_refunds_state_created')
        batch_op.drop_index(batch_op.f('ix_payment_refunds_order_id'))
    op.drop_table('payment_refunds')
    with op.batch_alter_table('payment_order_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_order_items_order_id'))
    op.drop_table('payment_order_items')
    with op.batch_alter_table('payment_notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_notifications_order_id'))
    op.drop_table('payment_notifications')
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_orders_subject')
        batch_op.drop_index('ix_payment_orders_state_expires')
        batch_op.drop_index(batch_op.f('ix_payment_orders_payer_user_id'))
        batch_op.drop_index(batch_op.f('ix_payment_orders_patient_id'))
        batch_op.drop_index('ix_payment_orders_org_created')
    op.drop_table('payment_orders')
    op.drop_table('payment_channel_configs')
    op.drop_table('payment_counters')
