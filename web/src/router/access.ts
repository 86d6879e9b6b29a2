import type { RouteLocationRaw } from 'vue-router'
import { ROLES, type Role } from '@/api/types'

// Who may open which page. The server enforces the same rules; this only shapes navigation.
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'patient')
// Auditors are kept away from patient data (separation of duties, 等保三级).
export const PATIENT_DATA_ROLES: readonly Role[] = STAFF_ROLES.filter((r) => r !== 'auditor')
export const ADMIN_ROLES: readonly Role[] = ['org_admin', 'alliance_admin']
export const AUDITOR_ROLES: readonly Role[] = ['auditor']
export const PATIENT_ROLES: readonly Role[] = ['patient']
// Remote consultation: the doctors who apply (as the server's INVITING_ROLES) and everyone who
// takes part on either side; each sees on a consultation only the steps the server offers them.
export const APPLICANT_ROLES: readonly Role[] = ['grassroots_doctor', 'specialist', 'family_doctor', 'mdt_expert']
export const CONSULTATION_ROLES: readonly Role[] = [...APPLICANT_ROLES, 'coordinator', 'org_admin']
// Experts' free times (排班): the experts themselves and those who plan for them.
export const SCHEDULE_ROLES: readonly Role[] = [
  'specialist', 'mdt_expert', 'grassroots_doctor', 'family_doctor', 'coordinator', 'org_admin',
]

// Two-way referral: the doctors who refer (the server's REFERRING_ROLES), and everyone who takes
// part at either end (the ward confirms arrival) or oversees it (the offices); each sees on a
// referral only the steps the server offers them. The counts are for the offices and administrators.
export const REFERRER_ROLES: readonly Role[] = ['grassroots_doctor', 'family_doctor', 'specialist', 'mdt_expert']
export const REFERRAL_ROLES: readonly Role[] = [...REFERRER_ROLES, 'nurse', 'coordinator', 'org_admin']
export const REFERRAL_DASHBOARD_ROLES: readonly Role[] = ['coordinator', 'org_admin', 'alliance_admin']
// Follow-up tasks: the clinicians who do them, the offices, and patients (their own, read-only).
// As the API's reader policy (followup/policy.py): clinicians, organisation admins, patients.
export const FOLLOWUP_ROLES: readonly Role[] = [
  'grassroots_doctor', 'family_doctor', 'specialist', 'mdt_expert', 'nurse', 'coordinator',
  'pharmacist', 'diagnosis_reader', 'org_admin', 'patient',
]

export function mayEnter(roles: readonly Role[] | undefined, role: Role | null): boolean {
  return !roles || (role !== null && roles.includes(role))
}

/** Where a user lands after sign-in or a role switch. */
export function landingFor(role: Role | null): RouteLocationRaw {
  return role === 'patient' ? { name: 'my-record' } : { name: 'home' }
}
