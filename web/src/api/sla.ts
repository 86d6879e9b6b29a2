// An organisation's time limits for the cases it serves (/api/v1/organisations/{id}/sla):
// mirrors SlaOut / SlaIn of src/yilian/cases/schemas.py.
import type { Urgency } from './consultations'
import { http } from './http'

export const SLA_CASE_TYPES = ['consultation', 'referral'] as const
export type SlaCaseType = (typeof SLA_CASE_TYPES)[number]

export interface SlaRule {
  case_type: SlaCaseType
  urgency: Urgency
  first_hours: number
  complete_hours: number | null
  complete_working_days: number | null
  /** The platform's default, not set by the organisation. */
  default: boolean
}

export type SlaRuleIn = Omit<SlaRule, 'default'>

export interface Sla {
  organisation_id: string
  rules: SlaRule[]
  updated_at: string | null
}

export const slaApi = {
  get: (orgId: string) => http.get<Sla>(`/organisations/${encodeURIComponent(orgId)}/sla`),
  save: (orgId: string, rules: SlaRuleIn[]) =>
    http.put<Sla>(`/organisations/${encodeURIComponent(orgId)}/sla`, { rules }),
}
