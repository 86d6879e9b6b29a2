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
} from './types'

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
  /** Emergency accesses to the patients of the admin's organisations, newest first. */
  breakGlassLog: (cursor: string | null = null) => getPage<AccessLogEntry>('/patients/break-glass-log', {}, cursor),
}
