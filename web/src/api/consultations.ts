// Remote consultation (/api/v1/consultations): the server's shapes (src/yilian/consultation/
// schemas.py) as the OpenAPI document gives them (see types.ts for Sent); what is hand-written says why.
import { getPage, http } from './http'
import type { paths } from './schema'
import { everyValue, type ListQuery, type PostBody, type PostsUnder, type Schemas, type Sent } from './types'

export type Kind = Schemas['Kind']
export const KINDS = everyValue<Kind>()(['single', 'mdt'])
export type Urgency = Schemas['Urgency']
export const URGENCIES = everyValue<Urgency>()(['routine', 'urgent'])
export type State = Schemas['yilian__consultation__models__State']
export const STATES = everyValue<State>()([
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
])
export type ConsentBy = Schemas['ConsentBy']
export type DepartmentAnswer = Schemas['DepartmentAnswer']
export type ExpertRole = Schemas['ExpertRole']
export type ReportKind = Schemas['ReportKind']

/**
 * The workflow's action names (src/yilian/consultation/workflow.py). Hand-written: the case
 * engine's ActionOut.action is a plain string shared by every kind.
 */
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

export type TimeRange = Schemas['TimeRange']
export type ConsentIn = Schemas['yilian__cases__schemas__ConsentIn']
/**
 * Narrowed for ConsultationApplyPage.vue, which builds its form from this type: its title select
 * holds a string (the server takes a ProfessionalTitle code), and the uploads' v-model needs the
 * list of files (optional to the server). Admitted here until the page types its form.
 */
export type ApplicationIn = Omit<Schemas['ApplicationIn'], 'wanted_title' | 'file_ids'> & {
  wanted_title?: string | null
  file_ids: string[]
}
export type DiagnosisItem = Schemas['DiagnosisItem']
export type ReportIn = Schemas['ReportIn']
export type AddendumIn = Schemas['AddendumIn']

export type ActionOut = Sent<Schemas['ActionOut']>
export type DepartmentOut = Sent<Schemas['yilian__consultation__schemas__DepartmentOut']>
export type ExpertOut = Sent<Schemas['ExpertOut']>
/**
 * The server declares `diagnoses` as untyped dicts (list[dict]) though it stores DiagnosisItems;
 * ReportEditor.vue reads their fields. Narrowed here until the server declares list[DiagnosisItem].
 */
export type ReportOut = Omit<Sent<Schemas['ReportOut']>, 'diagnoses'> & { diagnoses: DiagnosisItem[] }
export type AttachmentOut = Sent<Schemas['AttachmentOut']>
export type StepOut = Sent<Schemas['StepOut']>
export type ConsultationSummary = Sent<Schemas['ConsultationSummary']>
/**
 * `may_write_report`: the caller writes the report now; publishing is offered in `actions` once
 * possible. The server declares `preferred_times` as untyped dicts (list[dict]) though it stores
 * TimeRanges; MaterialsPanel.vue reads their fields. Narrowed here until the server declares
 * list[TimeRange]; the reports are the narrowed ReportOut.
 */
export type Consultation = Omit<Sent<Schemas['ConsultationOut']>, 'preferred_times' | 'reports' | 'draft'> & {
  preferred_times: TimeRange[]
  reports: ReportOut[]
  draft: ReportOut | null
}
export type CandidateOut = Sent<Schemas['CandidateOut']>

/** Hand-written: the server answers GET …/departments with untyped rows (response_model=list[dict]). */
export interface InvitedDepartment {
  id: string
  name: string
  name_en: string
}

export type ConsultationQuery = ListQuery<'/api/v1/consultations'>
export type Side = NonNullable<ConsultationQuery['side']>

const base = (id: string) => `/consultations/${encodeURIComponent(id)}`
type StepBase = `/api/v1/consultations/{consultation_id}/`
// Every step answers with the consultation as it now is; its body is the one the document gives it.
const step = <S extends PostsUnder<StepBase>>(id: string, path: S, body: PostBody<`${StepBase}${S}` & keyof paths>) =>
  http.post<Consultation>(`${base(id)}/${path}`, body)

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
  dispatch: (id: string, body: Schemas['DispatchIn']) => step(id, 'dispatch', body),
  answer: (id: string, body: Schemas['AnswerIn']) => step(id, 'answer', body),
  confirmPanel: (id: string) => step(id, 'confirm-panel', {}),
  book: (id: string, slot_id: string) => step(id, 'book', { slot_id }),
  reschedule: (id: string, slot_id: string, reason: string) => step(id, 'reschedule', { slot_id, reason }),
  requestInfo: (id: string, request: string) => step(id, 'request-info', { request }),
  supplyInfo: (id: string, note: string, file_ids: string[]) => step(id, 'supply-info', { note, file_ids }),
  start: (id: string, confirmOffTime = false) => step(id, 'start', { confirm_off_time: confirmOffTime }),
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
