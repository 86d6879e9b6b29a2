// The online clinic's boards: the coordinator's 今日门诊 (GET /clinic/today: the day's sessions
// with their visits counted, no patient named) and a village clinic's queue screen
// (GET /clinic/queue-board: its own patients waiting, names masked).
import { http } from './http'
import type { Schemas, Sent } from './types'

export type TodayBoard = Sent<Schemas['TodayOut']>
export type TodaySession = Sent<Schemas['TodaySession']>
export type VisitCounts = Sent<Schemas['VisitCounts']>
export type QueueBoard = Sent<Schemas['BoardOut']>

export const clinicBoardApi = {
  today: (organisationId: string | null) => http.get<TodayBoard>('/clinic/today', { organisation_id: organisationId ?? undefined }),
  screen: (organisationId: string) => http.get<QueueBoard>('/clinic/queue-board', { organisation_id: organisationId }),
}
