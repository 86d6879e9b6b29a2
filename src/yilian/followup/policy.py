"""Who may see and complete follow-up tasks.

A task is done at one organisation. It is seen by the clinicians (CLINICAL_ROLES, which
include the office's coordinators) and organisation admins whose grant covers that
organisation, by its assignee, and read-only by the patient's own account (or a proxy's).
It is completed by its assignee or by a clinician granted at the task's organisation itself:
a follow-up is done where the patient lives, not by those overseeing it from above.
"""

from __future__ import annotations

import uuid

from yilian.core.authz import CLINICAL_ROLES, Actor, Role, roles

VIEWERS = CLINICAL_ROLES | {Role.org_admin}
# Told of a task made without an assignee: the doctors who follow patients up in the community.
COMMUNITY_DOCTORS = frozenset({Role.family_doctor, Role.grassroots_doctor})

READ = roles("read follow-up tasks", VIEWERS | {Role.patient})
COMPLETE = roles("complete follow-up tasks", CLINICAL_ROLES, clinical=True)


def may_complete(actor: Actor, organisation_id: uuid.UUID, assignee_id: uuid.UUID | None) -> bool:
    if assignee_id is not None and actor.user_id == assignee_id:
        return True
    return actor.role in CLINICAL_ROLES and actor.org_id == organisation_id
