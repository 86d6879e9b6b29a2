// Follow-up tasks (/api/v1/followup-tasks): src/yilian/followup/schemas.py, as the OpenAPI document
// gives them (see types.ts for Sent).
import { getPage, http } from './http'
import { rolesOf } from './policy'
import { everyValue, type ListQuery, type Page, type Schemas, type Sent } from './types'

/**
 * `state`: open or done; `mine`: only those I am to do (assigned to me, or to nobody at my
 * organisation).
 */
export type FollowUpQuery = ListQuery<'/api/v1/followup-tasks'>
export type TaskState = NonNullable<FollowUpQuery['state']>
export const TASK_STATES = everyValue<TaskState>()(['open', 'done'])

/** Who may complete a task (the clinical roles): its assignee, or one granted at the task's own
 * organisation. */
export const FOLLOWUP_DOER_ROLES = rolesOf('POST /api/v1/followup-tasks/{task_id}/complete')

/**
 * `due_on`: YYYY-MM-DD, a day in Asia/Shanghai; `overdue`: still open after its due date;
 * `source_type` and `source_id`: what asked for the task, e.g. "referral" with the referral's id.
 */
export type FollowUpTask = Sent<Schemas['TaskOut']>

/** Where the web app shows what asked for a task, if it has a page. */
export function sourceLink(task: Pick<FollowUpTask, 'source_type' | 'source_id'>): string | null {
  return task.source_type === 'referral' ? `/referrals/${task.source_id}` : null
}

export const followUpApi = {
  list: (query: FollowUpQuery, cursor: string | null): Promise<Page<FollowUpTask>> =>
    getPage<FollowUpTask>('/followup-tasks', { ...query }, cursor),
  complete: (id: string, note: string): Promise<FollowUpTask> =>
    http.post<FollowUpTask>(`/followup-tasks/${id}/complete`, { note } satisfies Schemas['CompleteIn']),
}
