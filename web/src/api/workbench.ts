// The workbench (/api/v1/workbench): src/yilian/workbench/schemas.py, as the OpenAPI document gives
// it (see types.ts for Sent).
import { http } from './http'
import type { Schemas, Sent } from './types'

/**
 * `todo`: the cases of every kind that wait for a step of mine (or my department's or office's),
 * late first, then by the nearest limit; `sessions`: staff, the sessions booked today (Asia/Shanghai),
 * a patient, the coming ones; `counts`: per case kind (its `type`) what waits, `followups`, `messages`.
 */
export type Workbench = Sent<Schemas['Workbench']>
export type TodoItem = Sent<Schemas['TodoItem']>
export type AgendaItem = Sent<Schemas['AgendaItem']>

export const workbenchApi = {
  get: (): Promise<Workbench> => http.get<Workbench>('/workbench'),
}
