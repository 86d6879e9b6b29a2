"""Who may call the consultation endpoints at all; each step's own rule (who, in which state,
at which organisation) is in the flow's transition table (workflow.py)."""

from __future__ import annotations

from yilian.consultation.workflow import EXPERT_ROLES, INVITING_ROLES
from yilian.core.authz import Role, roles, signed_in

APPLY = roles("apply for a consultation", INVITING_ROLES, clinical=True)
READ = signed_in("read consultations")
# Everyone who can take some step: the inviting doctors, the office, department heads and
# experts (clinicians of the invited organisation).
STEP = roles("take a consultation step", INVITING_ROLES | EXPERT_ROLES | {Role.coordinator},
             clinical=True)
STATS = roles("count consultations", {Role.alliance_admin, Role.org_admin, Role.coordinator})
