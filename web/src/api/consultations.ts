// Remote consultation (/api/v1/consultations): mirrors src/yilian/consultation/schemas.py.
import { getPage, http } from './http'

export const KINDS = ['single', 'mdt'] as const
export type Kind = (typeof KINDS)[number]
export const URGENCIES = ['routine', 'urgent'] as const
export type Urgency = (typeof URGENCIES)[number]
export const STATES = [
  'requested',
  'routed',
  'assigned',
  'dispatched',
  'panel_confirmed',
  'scheduled',
  'info_requested',
  'in_session',
  'reported',
  'completed',
  'declined',
  'cancelled',
] as const
export type State = (typeof STATES)[number]
export type ConsentBy = 'patient' | 'guardian'
export type DepartmentAnswer = 'pending' | 'accepted' | 'rejected'
export type ExpertRole = 'expert' | 'chief' | 'secondary'
export type ReportKind = 'report' | 'addendum'
export type Side = 'inviting' | 'invited'

/** The workflow's action names (src/yilian/consultation/workflow.py). */
export type ActionName =
  | 'route'
  | 'decline'
  | 'return'
  | 'assign'
  | 'withdraw'
  | 'dispatch'
  | 'answer'
  | 'confirm_panel'
  | 'book'
  | 'reschedule'
  | 'request_info'
  | 'supply_info'
  | 'start'
  | 'coordinator'
  | 'opinion'
  | 'publish'
  | 'acknowledge'
  | 'cancel'
  | 'addendum'
  // not a workflow step: adding material, offered to the inviting side until the report
  | 'attach'

export interface TimeRange {
  start: string
  end: string
}

export interface ConsentIn {
  by: ConsentBy
  name: string
  relation: string | null
  at: string
  file_id: string | null
}

export interface ApplicationIn {
  kind: Kind
  urgency: Urgency
  patient_id: string
  invited_org_id: string
  reason: string
  purpose: string
  summary: string
  diagnosis_icd10: string
  diagnosis_text: string
  wanted_specialty: string
  wanted_title: string | null
  preferred_times: TimeRange[]
  consent: ConsentIn
  file_ids: string[]
  include_record: boolean
}

export interface DiagnosisItem {
  code: string
  name: string
}

export interface ReportIn {
  findings: string
  opinion: string
  diagnoses: DiagnosisItem[]
  recommendations: string
  referral_advised: boolean
}

export interface AddendumIn {
  opinion: string
  findings: string | null
  recommendations: string | null
}

export interface ActionOut {
  action: ActionName
  zh: string
  en: string
}

export interface DepartmentOut {
  department_id: string
  name: string
  name_en: string
  lead: boolean
  answer: DepartmentAnswer
  reason: string | null
  answered_by_name: string | null
  answered_at: string | null
}

export interface ExpertOut {
  user_id: string
  name: string
  title: string | null
  role: ExpertRole
  department_id: string | null
  department_name: string | null
  opinion: string | null
  opinion_at: string | null
}

export interface ReportOut {
  id: string
  version: number
  kind: ReportKind
  findings: string
  opinion: string
  diagnoses: DiagnosisItem[]
  recommendations: string
  referral_advised: boolean
  written_by_name: string
  updated_at: string
  published_at: string | null
  document_id: string | null
  document_number: string | null
  acknowledged_at: string | null
}

export interface AttachmentOut {
  file_id: string
  filename: string
  content_type: string
  size: number
  is_image: boolean
}

export interface StepOut {
  action: string
  from_state: string | null
  to_state: string
  actor_id: string | null
  actor_name: string | null
  organisation_name: string | null
  at: string
  note: string | null
}

export interface ConsultationSummary {
  id: string
  number: string
  kind: Kind
  urgency: Urgency
  state: State
  patient_id: string
  patient_name: string
  inviting_org_id: string
  inviting_org_name: string
  invited_org_id: string
  invited_org_name: string
  requested_by_name: string
  wanted_specialty: string
  department_name: string | null
  expert_name: string | null
  requested_at: string
  starts_at: string | null
  schedule_due: string
  complete_due: string
  overdue: boolean
}

export interface Consultation extends ConsultationSummary {
  reason: string
  purpose: string
  summary: string
  diagnosis_icd10: string
  diagnosis_text: string
  wanted_title: string | null
  preferred_times: TimeRange[]
  record_snapshot: Record<string, unknown> | null
  consent_by: ConsentBy
  consent_name: string
  consent_relation: string | null
  consent_at: string
  department_id: string | null
  expert_id: string | null
  ends_at: string | null
  slot_id: string | null
  coordinator_joins: boolean
  info_request: string | null
  close_reason: string | null
  reported_at: string | null
  closed_at: string | null
  departments: DepartmentOut[]
  experts: ExpertOut[]
  reports: ReportOut[]
  draft: ReportOut | null
  /** The caller writes the report now; publishing is offered in `actions` once possible. */
  may_write_report: boolean
  attachments: AttachmentOut[]
  timeline: StepOut[]
  conversation_id: string | null
  actions: ActionOut[]
}

export interface CandidateOut {
  user_id: string
  name: string
  title: string | null
  role: string
}

export interface InvitedDepartment {
  id: string
  name: string
  name_en: string
}

export interface ConsultationQuery {
  state?: State | ''
  kind?: Kind | ''
  urgency?: Urgency | ''
  overdue?: boolean
  mine?: boolean
  side?: Side | ''
  patient_id?: string
}

const base = (id: string) => `/consultations/${encodeURIComponent(id)}`
// Every step answers with the consultation as it now is.
const step = (id: string, path: string, body: object) => http.post<Consultation>(`${base(id)}/${path}`, body)

export const consultationsApi = {
  list: (query: ConsultationQuery, cursor: string | null = null) =>
    getPage<ConsultationSummary>('/consultations', {
      ...query,
      // Only a true filter is sent: false means "no filter", not "only the on-time ones".
      overdue: query.overdue || undefined,
      mine: query.mine || undefined,
    }, cursor),
  apply: (body: ApplicationIn) => http.post<Consultation>('/consultations', body),
  get: (id: string) => http.get<Consultation>(base(id)),
  candidates: (id: string) => http.get<CandidateOut[]>(`${base(id)}/candidates`),
  departments: (id: string) => http.get<InvitedDepartment[]>(`${base(id)}/departments`),

  route: (id: string, department_id: string) => step(id, 'route', { department_id }),
  decline: (id: string, reason: string) => step(id, 'decline', { reason }),
  return: (id: string, reason: string) => step(id, 'return', { reason }),
  assign: (id: string, expert_id: string) => step(id, 'assign', { expert_id }),
  withdraw: (id: string, reason: string) => step(id, 'withdraw', { reason }),
  dispatch: (id: string, body: { lead_department_id: string; supporting_department_ids: string[] }) =>
    step(id, 'dispatch', body),
  answer: (
    id: string,
    body: { department_id: string; accept: boolean; reason: string | null; chief_id: string | null; expert_ids: string[] },
  ) => step(id, 'answer', body),
  confirmPanel: (id: string) => step(id, 'confirm-panel', {}),
  book: (id: string, slot_id: string) => step(id, 'book', { slot_id }),
  reschedule: (id: string, slot_id: string, reason: string) => step(id, 'reschedule', { slot_id, reason }),
  requestInfo: (id: string, request: string) => step(id, 'request-info', { request }),
  supplyInfo: (id: string, note: string, file_ids: string[]) => step(id, 'supply-info', { note, file_ids }),
  start: (id: string) => step(id, 'start', {}),
  coordinator: (id: string, joins: boolean) => step(id, 'coordinator', { joins }),
  opinion: (id: string, opinion: string) => step(id, 'opinion', { opinion }),
  publish: (id: string) => step(id, 'publish', {}),
  acknowledge: (id: string) => step(id, 'acknowledge', {}),
  cancel: (id: string, reason: string) => step(id, 'cancel', { reason }),
  addendum: (id: string, body: AddendumIn) => step(id, 'addenda', body),
  attach: (id: string, file_id: string) => step(id, 'attachments', { file_id }),
  saveDraft: (id: string, body: ReportIn) => http.put<Consultation>(`${base(id)}/draft`, body),
}

/** The signed PDF of a published report (an issued document). */
export function documentPdfUrl(documentId: string): string {
  return `/api/v1/documents/${encodeURIComponent(documentId)}/pdf`
}

/** States after which nothing more is booked or decided (addenda may still follow a report). */
export const CLOSED_STATES: readonly State[] = ['completed', 'declined', 'cancelled']
