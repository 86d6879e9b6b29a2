// The online clinic (/api/v1/clinic): finding a doctor, the doctors' sessions and free times, fee
// tiers and cards, as the OpenAPI document gives them (see types.ts for Sent); booking a visit.
import { getPage, http } from './http'
import { everyValue, type ListQuery, type Schemas, type Sent } from './types'

export type ClinicMode = Schemas['ClinicMode']
export const CLINIC_MODES = everyValue<ClinicMode>()(['text', 'phone', 'video'])
export type SessionStatus = Schemas['SessionStatus']
export type ProfessionalTitle = Schemas['ProfessionalTitle']

export type DoctorCard = Sent<Schemas['DoctorCard']>
export type DoctorQuery = ListQuery<'/api/v1/clinic/doctors'>
/** A session a patient may book: its slots and whether each is free. */
export type OpenSession = Sent<Schemas['OpenSessionOut']>
export type ClinicSlot = Sent<Schemas['ClinicSlotOut']>
/** With a symptom: the departments it suggests (never a diagnosis); without: those holding clinics. */
export type ClinicDepartments = Sent<Schemas['DepartmentsOut']>
export type ClinicSession = Sent<Schemas['SessionOut']>
export type SessionQuery = ListQuery<'/api/v1/clinic/sessions'>
export type SessionInput = Schemas['SessionIn']
export type ClinicProfile = Sent<Schemas['ProfileOut']>
export type Fees = Sent<Schemas['FeesOut']>
export type FeeTier = Sent<Schemas['FeeTierOut']>
export type FeeTierInput = Schemas['FeeTierIn']
export type VisitInput = Schemas['VisitIn']
export type Visit = Sent<Schemas['VisitOut']>

export const clinicApi = {
  doctors: (query: DoctorQuery, cursor: string | null) => getPage<DoctorCard>('/clinic/doctors', { ...query }, cursor),
  doctorSessions: (userId: string) => http.get<OpenSession[]>(`/clinic/doctors/${userId}/sessions`),
  departments: (symptom?: string) => http.get<ClinicDepartments>('/clinic/departments', { symptom }),
  sessions: (query: SessionQuery, cursor: string | null) =>
    getPage<ClinicSession>('/clinic/sessions', { ...query }, cursor),
  createSession: (body: SessionInput) => http.post<ClinicSession>('/clinic/sessions', body),
  stop: (id: string, reason: string) => http.post<ClinicSession>(`/clinic/sessions/${id}/stop`, { reason }),
  substitute: (id: string, doctorId: string, reason: string) =>
    http.post<ClinicSession>(`/clinic/sessions/${id}/substitute`, { doctor_id: doctorId, reason }),
  profile: (userId: string) => http.get<ClinicProfile>(`/clinic/profiles/${userId}`),
  fees: (organisationId: string) => http.get<Fees>(`/clinic/fees/${organisationId}`),
  putFees: (organisationId: string, tiers: FeeTierInput[]) => http.put<Fees>(`/clinic/fees/${organisationId}`, { tiers }),
  book: (body: VisitInput) => http.post<Visit>('/clinic/visits', body),
}

/** An amount in fen as yuan, e.g. 5000 → "¥50.00". */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`
}

/** An amount typed in yuan as the fen the API counts in, e.g. 12.5 → 1250. */
export function fenOf(yuanAmount: number): number {
  return Math.round(yuanAmount * 100)
}
