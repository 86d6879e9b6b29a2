"""cases, messaging: what the platform says (a timeline step's note, a system message, a
conversation's title and its members' roles) is stored as a code and parameters that each
client words in its reader's language

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# The Chinese words written before codes, and their codes. Notes already written stay as free
# text (they are readable and nothing is lost); titles and roles, a closed set, become codes.
TITLES = {'单学科会诊': 'consultation_single', '多学科会诊': 'consultation_mdt',
          '上转转诊': 'referral_up', '下转转诊': 'referral_down'}
ROLES = {'邀请方医生': 'inviting_doctor', '会诊专家': 'expert', '首席专家': 'chief',
         '次席专家': 'secondary', '协调员': 'coordinator', '转出医生': 'referring_doctor',
         '接收方': 'receiver'}


def upgrade() -> None:
    op.add_column('case_steps', sa.Column('note_code', sa.String(length=40), nullable=True))
    op.add_column('case_steps', sa.Column('note_params', sa.Text(), nullable=True))
    op.add_column('conversation_messages', sa.Column('code', sa.String(length=40),
                                                     nullable=True))
    op.add_column('conversation_messages', sa.Column('params', sa.Text(), nullable=True))
    conversations = sa.table('conversations', sa.column('title', sa.String))
    for words, code in TITLES.items():
        # "单学科会诊 HZ20261124-0001": the number is the conversation's case_number.
        op.execute(conversations.update().where(conversations.c.title.like(f'{words} %'))
                   .values(title=code))
    participants = sa.table('conversation_participants', sa.column('role_label', sa.String))
    for words, code in ROLES.items():
        op.execute(participants.update().where(participants.c.role_label == words)
                   .values(role_label=code))


def downgrade() -> None:
    participants = sa.table('conversation_participants', sa.column('role_label', sa.String))
    for words, code in ROLES.items():
        op.execute(participants.update().where(participants.c.role_label == code)
                   .values(role_label=words))
    conversations = sa.table('conversations', sa.column('title', sa.String),
                             sa.column('case_number', sa.String))
    for words, code in TITLES.items():
        op.execute(conversations.update().where(conversations.c.title == code)
                   .values(title=sa.func.coalesce(words + ' ' + conversations.c.case_number,
                                                  words)))
    with op.batch_alter_table('conversation_messages') as batch:
        batch.drop_column('params')
        batch.drop_column('code')
    with op.batch_alter_table('case_steps') as batch:
        batch.drop_column('note_params')
        batch.drop_column('note_code')
