// The online visit (/api/v1/clinic/visits): one visit with its steps, a session's queue for its
// doctor, and the doctor's re-authentication (实名) that calling and starting ask for; the
// server's shapes (src/yilian/clinic/visits/schemas.py) as the OpenAPI document gives them.
import type { RealtimeEvent } from '@/realtime/socket'
import { getPage, http } from './http'
import type { paths } from './schema'
import { type ListQuery, type PostBody, type PostsUnder, type Schemas, type Sent } from './types'

export type VisitState = Schemas['yilian__clinic__visits__models__State']
export type Visit = Sent<Schemas['VisitOut']>
export type VisitSummary = Sent<Schemas['VisitSummary']>
export type VisitQuery = ListQuery<'/api/v1/clinic/visits'>
export type OutpatientRecordInput = Schemas['OutpatientRecordIn']
export type CallInput = Schemas['CallIn']
export type VisitCall = Sent<Schemas['CallOut']>
export type ClinicQueue = Sent<Schemas['QueueOut']>
export type QueueItem = Sent<Schemas['QueueItem']>

const base = (id: string) => `/clinic/visits/${encodeURIComponent(id)}`
type StepBase = `/api/v1/clinic/visits/{visit_id}/`
// Every step answers with the visit as it now is; its body is the one the document gives it.
const step = <S extends PostsUnder<StepBase>>(id: string, path: S, body: PostBody<`${StepBase}${S}` & keyof paths>) =>
  http.post<Visit>(`${base(id)}/${path}`, body)
const session = (id: string) => `/clinic/sessions/${encodeURIComponent(id)}`

/**
 * The visit with the new place a queue event carries, or null when the event says more than a
 * place (a change of state, a first place): then the page loads the visit. A call in a long queue
 * reaches every waiting page at once, so the place is not fetched by each of them.
 */
export function queueMoved(v: Visit, ev: RealtimeEvent): Visit | null {
  const { state, position, ahead, estimated_wait_minutes: wait } = ev.data
  if (ev.kind !== 'online_visit.queue' || state !== v.state || !v.queue) return null
  if (typeof position !== 'number' || typeof ahead !== 'number' || typeof wait !== 'number') return null
  return { ...v, queue: { position, ahead, estimated_wait_minutes: wait } }
}

export const visitsApi = {
  list: (query: VisitQuery, cursor: string | null = null) => getPage<VisitSummary>('/clinic/visits', { ...query }, cursor),
  get: (id: string) => http.get<Visit>(base(id)),
  checkIn: (id: string) => step(id, 'check-in', {}),
  cancel: (id: string, reason: string) => step(id, 'cancel', { reason }),
  attach: (id: string, file_id: string) => step(id, 'attachments', { file_id }),
  miss: (id: string) => step(id, 'miss', {}),
  start: (id: string) => step(id, 'start', {}),
  notEligible: (id: string, reason: string) => step(id, 'not-eligible', { reason }),
  referOffline: (id: string, reason: string) => step(id, 'refer-offline', { reason }),
  finish: (id: string, body: OutpatientRecordInput) => step(id, 'finish', body),
  logCall: (id: string, body: CallInput) => step(id, 'calls', body),
  queue: (sessionId: string) => http.get<ClinicQueue>(`${session(sessionId)}/queue`),
  callNext: (sessionId: string) => http.post<Visit>(`${session(sessionId)}/call-next`),
  /** 实名 again: the password, and the authenticator's code when two-factor sign-in is on. */
  stepUp: (password: string, code: string | null) => http.post<{ stepped_up_at: string }>('/auth/step-up', { password, code }),
}
