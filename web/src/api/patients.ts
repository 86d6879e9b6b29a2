import { getPage, http } from './http'
import type {
  AccessLogEntry,
  Consent,
  ConsentInput,
  HealthRecord,
  Patient,
  PatientIdentifiers,
  PatientInput,
  PatientQuery,
  PatientSummary,
  Schemas,
  Sent,
} from './types'

/** What a case proposes for the record, against the record's current entries, line by line. */
export type Reconciliation = Sent<Schemas['ReconciliationOut']>
export type ReconciliationSummary = Sent<Schemas['ReconciliationSummary']>
export type DiffLine = Sent<Schemas['DiffLine']>

/** The staff page of the case an encounter or a reconciliation came from, for the kinds that have one. */
export function caseLink(from: { case_type: string | null; case_id: string | null }): string | null {
  const pages: Record<string, string> = { referral: '/referrals/', consultation: '/consultations/' }
  const page = from.case_type ? pages[from.case_type] : undefined
  return page && from.case_id ? page + encodeURIComponent(from.case_id) : null
}

export const patientsApi = {
  search: (query: PatientQuery, cursor: string | null = null) =>
    getPage<PatientSummary>('/patients', { ...query }, cursor),
  create: (body: PatientInput) => http.post<Patient>('/patients', body),
  get: (id: string) => http.get<Patient>(`/patients/${id}`),
  /** The full identifiers; the purpose (2–200 characters) lands in the patient's access log. */
  identifiers: (id: string, purpose: string) =>
    http.post<PatientIdentifiers>(`/patients/${id}/identifiers`, { purpose }),
  record: (id: string) => http.get<HealthRecord>(`/patients/${id}/record`),
  breakGlass: (id: string, reason: string) => http.post<unknown>(`/patients/${id}/break-glass`, { reason }),
  consents: (id: string) => http.get<Consent[]>(`/patients/${id}/consents`),
  grantConsent: (id: string, body: ConsentInput) => http.post<Consent>(`/patients/${id}/consents`, body),
  revokeConsent: (consentId: string) => http.post<Consent>(`/consents/${consentId}/revoke`),
  /** Reads of this patient's data by others, newest first (the patient and the home organisation). */
  accessLog: (id: string, cursor: string | null = null) =>
    getPage<AccessLogEntry>(`/patients/${id}/access-log`, {}, cursor),
  /** The reconciliations of a patient's record, pending first (clinicians). */
  reconciliations: (id: string) => http.get<ReconciliationSummary[]>(`/patients/${id}/reconciliations`),
  reconciliation: (recId: string) => http.get<Reconciliation>(`/reconciliations/${recId}`),
  /** Applies every line but those kept (by key), as new versions of the entries; refused (409
   * record-changed) when the record changed since the lines named by `seen` were shown. */
  confirmReconciliation: (recId: string, keep: string[], reason: string | null, seen: string) =>
    http.post<Reconciliation>(`/reconciliations/${recId}/confirm`, { keep, reason, seen }),
  discardReconciliation: (recId: string, reason: string) =>
    http.post<Reconciliation>(`/reconciliations/${recId}/discard`, { reason }),
  /** Emergency accesses to the patients of the admin's organisations, newest first. */
  breakGlassLog: (cursor: string | null = null) => getPage<AccessLogEntry>('/patients/break-glass-log', {}, cursor),
}
