"""Who may call the online visit endpoints at all; each step's own rule (who, in which state)
is in the transition table (workflow.py), and the service checks the rest (the patient's own
record, the session's doctor, the step-up, the clinic's own screen)."""

from __future__ import annotations

from yilian.cases.stats import READERS
from yilian.clinic.policy import DOCTOR_ROLES
from yilian.clinic.visits.today import READERS as TODAY_READERS
from yilian.clinic.visits.workflow import PROXY_ROLES
from yilian.core.authz import Role, roles, signed_in

BOOK = roles("book an online visit", {Role.patient, *PROXY_ROLES})
READ = signed_in("read online visits")
# Steps are the patient side's (check in, cancel) or the doctor's.
STEP = roles("take an online visit step", {Role.patient, *PROXY_ROLES, *DOCTOR_ROLES})
MOVE = roles("move an online visit after 停诊", {Role.patient, *PROXY_ROLES})
DOCTOR = roles("run an online clinic session's queue", DOCTOR_ROLES, clinical=True)
BOARD = roles("show a clinic's queue screen",
              {*PROXY_ROLES, Role.nurse, Role.coordinator, Role.org_admin})
# The day's sessions: coordinators and administrators of the organisation, department heads
# (doctors; the service checks that they head a department there).
TODAY = roles("read the day's online clinic board", TODAY_READERS)
STATS = roles("count online visits", READERS)
