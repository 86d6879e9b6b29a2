import { getPage, http } from './http'
import type {
  AuditRow,
  Consent,
  ConsentInput,
  HealthRecord,
  Patient,
  PatientInput,
  PatientQuery,
  PatientSummary,
} from './types'

export const patientsApi = {
  search: (query: PatientQuery, cursor: string | null = null) =>
    getPage<PatientSummary>('/patients', { ...query }, cursor),
  create: (body: PatientInput) => http.post<Patient>('/patients', body),
  get: (id: string) => http.get<Patient>(`/patients/${id}`),
  record: (id: string) => http.get<HealthRecord>(`/patients/${id}/record`),
  breakGlass: (id: string, reason: string) => http.post<unknown>(`/patients/${id}/break-glass`, { reason }),
  consents: (id: string) => http.get<Consent[]>(`/patients/${id}/consents`),
  grantConsent: (id: string, body: ConsentInput) => http.post<Consent>(`/patients/${id}/consents`, body),
  revokeConsent: (consentId: string) => http.post<Consent>(`/consents/${consentId}/revoke`),
  accessLog: (id: string, cursor: string | null = null) =>
    getPage<AuditRow>(`/patients/${id}/access-log`, {}, cursor),
}
