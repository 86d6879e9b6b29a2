import type { RouteLocationRaw } from 'vue-router'
import { rolesOf } from '@/api/policy'
import { ROLES, type Role } from '@/api/types'

// Who may open which page: the roles of the API call the page needs first, as the server's policy
// names them (api/policy.ts, generated from each operation's x-policy). The server enforces them;
// this only shapes navigation. Patients have pages of their own (PATIENT_ROLES): the staff pages
// leave them out even where an operation lets them read their own data.
const staff = (roles: readonly Role[]): readonly Role[] => roles.filter((r) => r !== 'patient')

// Whom an account may be granted by an administrator, and who sees the alliance's structure.
export const STAFF_ROLES: readonly Role[] = staff(ROLES)
// Auditors are kept away from patient data (separation of duties, 等保三级): the policy leaves them out.
export const PATIENT_DATA_ROLES = staff(rolesOf('GET /api/v1/patients'))
export const ADMIN_ROLES = rolesOf('GET /api/v1/users')
export const BREAK_GLASS_LOG_ROLES = rolesOf('GET /api/v1/patients/break-glass-log')
export const AUDITOR_ROLES = rolesOf('GET /api/v1/audit')
export const PATIENT_ROLES: readonly Role[] = ['patient']
// Remote consultation: the doctors who apply, and everyone who takes a step on either side; each
// sees on a consultation only the steps the server offers them. Reading is open to any signed-in
// user, who sees the consultations in their scope: organisation admins oversee their organisations'
// ones without taking steps (the server's OVERSEERS), which no operation's roles say.
export const APPLICANT_ROLES = rolesOf('POST /api/v1/consultations')
export const CONSULTATION_ROLES: readonly Role[] = [
  ...rolesOf('POST /api/v1/consultations/{consultation_id}/cancel'),
  'org_admin',
]
// Experts' free times (排班): the experts themselves and those who plan for them.
export const SCHEDULE_ROLES = rolesOf('POST /api/v1/availability')

// Two-way referral: the doctors who refer, and everyone who takes a step at either end (the ward
// confirms arrival); each sees on a referral only the steps the server offers them. Organisation
// admins oversee, as for consultations. The counts are for the offices and administrators.
export const REFERRER_ROLES = rolesOf('POST /api/v1/referrals')
export const REFERRAL_ROLES: readonly Role[] = [...rolesOf('POST /api/v1/referrals/{referral_id}/cancel'), 'org_admin']
export const REFERRAL_DASHBOARD_ROLES = rolesOf('GET /api/v1/referrals/dashboard')
// Follow-up tasks: the clinicians who do them, the offices, and patients (their own, read-only).
export const FOLLOWUP_ROLES = rolesOf('GET /api/v1/followup-tasks')

export function mayEnter(roles: readonly Role[] | undefined, role: Role | null): boolean {
  return !roles || (role !== null && roles.includes(role))
}

/** Where a user lands after sign-in or a role switch: the workbench (a patient's shows what is booked for them). */
export function landingFor(_role: Role | null): RouteLocationRaw {
  return { name: 'home' }
}
