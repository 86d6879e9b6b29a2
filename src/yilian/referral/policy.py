"""Who may call the referral endpoints at all; each step's own rule (who, in which state, at
which organisation) is in the transition tables (workflow.py)."""

from __future__ import annotations

from yilian.core.authz import Role, roles, signed_in
from yilian.referral.workflow import ARRIVAL_ROLES, REFERRING_ROLES

REFER = roles("refer a patient", REFERRING_ROLES, clinical=True)
READ = signed_in("read referrals")
STEP = roles("take a referral step", ARRIVAL_ROLES, clinical=True)
COUNT = roles("count referrals", {Role.alliance_admin, Role.org_admin, Role.coordinator})
