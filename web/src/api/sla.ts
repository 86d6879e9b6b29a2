// An organisation's time limits for the cases it serves (/api/v1/organisations/{id}/sla): SlaOut /
// SlaIn of src/yilian/cases/schemas.py, as the OpenAPI document gives them (see types.ts for Sent).
import { http } from './http'
import type { Schemas, Sent } from './types'

/**
 * The case kinds that have time limits today. Hand-written: the server takes any registered kind
 * as a plain string (the kinds register themselves; the document lists none).
 */
export const SLA_CASE_TYPES = ['consultation', 'referral'] as const
export type SlaCaseType = (typeof SLA_CASE_TYPES)[number]

/** `default`: the platform's default, not set by the organisation. */
export type SlaRule = Sent<Schemas['SlaRule']>
export type SlaRuleIn = Schemas['SlaRuleIn']
export type Sla = Sent<Schemas['SlaOut']>

export const slaApi = {
  get: (orgId: string) => http.get<Sla>(`/organisations/${encodeURIComponent(orgId)}/sla`),
  save: (orgId: string, rules: SlaRuleIn[]) =>
    http.put<Sla>(`/organisations/${encodeURIComponent(orgId)}/sla`, { rules } satisfies Schemas['SlaIn']),
}
