// Follow-up tasks (/api/v1/followup-tasks): mirrors src/yilian/followup/schemas.py.
import type { Page } from './types'
import { getPage, http } from './http'
import { rolesOf } from './policy'

export const TASK_STATES = ['open', 'done'] as const
export type TaskState = (typeof TASK_STATES)[number]

/** Who may complete a task (the clinical roles): its assignee, or one granted at the task's own
 * organisation. */
export const FOLLOWUP_DOER_ROLES = rolesOf('POST /api/v1/followup-tasks/{task_id}/complete')

export interface FollowUpTask {
  id: string
  patient_id: string
  patient_name: string
  organisation_id: string
  organisation_name: string
  assignee_id: string | null
  assignee_name: string | null
  title: string
  detail: string | null
  /** YYYY-MM-DD, a day in Asia/Shanghai. */
  due_on: string
  /** Still open after its due date. */
  overdue: boolean
  /** What asked for the task, e.g. "referral" with the referral's id. */
  source_type: string
  source_id: string
  created_at: string
  done_at: string | null
  done_by_name: string | null
  done_note: string | null
}

export interface FollowUpQuery {
  state?: TaskState
  /** Only those I am to do: assigned to me, or to nobody at my organisation. */
  mine?: boolean
  patient_id?: string
}

/** Where the web app shows what asked for a task, if it has a page. */
export function sourceLink(task: Pick<FollowUpTask, 'source_type' | 'source_id'>): string | null {
  return task.source_type === 'referral' ? `/referrals/${task.source_id}` : null
}

export const followUpApi = {
  list: (query: FollowUpQuery, cursor: string | null): Promise<Page<FollowUpTask>> =>
    getPage<FollowUpTask>('/followup-tasks', { ...query }, cursor),
  complete: (id: string, note: string): Promise<FollowUpTask> =>
    http.post<FollowUpTask>(`/followup-tasks/${id}/complete`, { note }),
}
