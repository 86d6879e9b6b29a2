"""Who may call the prescription endpoints at all; each step's own rule (who, in which state,
at which organisation) is in the transition table (workflow.py), and the service checks the
rest (the visit's own doctor while it is open, the re-authentication, the codes)."""

from __future__ import annotations

from yilian.clinic.policy import DOCTOR_ROLES
from yilian.clinic.visits.workflow import PROXY_ROLES
from yilian.core.authz import Role, roles, signed_in

# Only a doctor in a visit writes one; the platform never drafts one for them.
WRITE = roles("write and sign a prescription", DOCTOR_ROLES, clinical=True)
READ = signed_in("read prescriptions")
STEP = roles("take a prescription step",
             {Role.patient, Role.pharmacist, *DOCTOR_ROLES, *PROXY_ROLES})
