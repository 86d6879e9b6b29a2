import type { RouteLocationRaw } from 'vue-router'
import { ROLES, type Role } from '@/api/types'

// Who may open which page. The server enforces the same rules; this only shapes navigation.
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'patient')
// Auditors are kept away from patient data (separation of duties, 等保三级).
export const PATIENT_DATA_ROLES: readonly Role[] = STAFF_ROLES.filter((r) => r !== 'auditor')
export const ADMIN_ROLES: readonly Role[] = ['org_admin', 'alliance_admin']
export const AUDITOR_ROLES: readonly Role[] = ['auditor']
export const PATIENT_ROLES: readonly Role[] = ['patient']

export function mayEnter(roles: readonly Role[] | undefined, role: Role | null): boolean {
  return !roles || (role !== null && roles.includes(role))
}

/** Where a user lands after sign-in or a role switch. */
export function landingFor(role: Role | null): RouteLocationRaw {
  return role === 'patient' ? { name: 'my-record' } : { name: 'home' }
}
