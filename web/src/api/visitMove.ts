// Moving an online visit after 停诊 (/api/v1/clinic/visits/{id}/move): the sessions of the same
// doctor or department with free slots it may go to, and the move itself (the payment is kept; a
// session at another fee is refused with fee-differs).
import { http } from './http'
import type { Schemas, Sent } from './types'

export type MoveOption = Sent<Schemas['MoveOption']>
export type MoveInput = Schemas['MoveIn']
export type MovedVisit = Sent<Schemas['VisitOut']>

const base = (id: string) => `/clinic/visits/${encodeURIComponent(id)}`

export const visitMoveApi = {
  options: (visitId: string) => http.get<MoveOption[]>(`${base(visitId)}/move-options`),
  move: (visitId: string, body: MoveInput) => http.post<MovedVisit>(`${base(visitId)}/move`, body),
}
