// Two-way referral (/api/v1/referrals): the server's shapes (src/yilian/referral/schemas.py) as the
// OpenAPI document gives them (see types.ts for Sent); what is hand-written says why.
import { getPage, http } from './http'
import type { paths } from './schema'
import {
  everyValue,
  type ListQuery,
  type OrgLevel,
  type PostBody,
  type PostsUnder,
  type Schemas,
  type Sent,
} from './types'

export type Direction = Schemas['Direction']
export const DIRECTIONS = everyValue<Direction>()(['up', 'down'])
export type State = Schemas['yilian__referral__models__State']
export const STATES = everyValue<State>()([
  'requested',
  'accepted',
  'arrived',
  'treated',
  'returned',
  'no_show',
  'rejected',
  'reraised',
  'cancelled',
])
export type Reservation = Schemas['Reservation']
export const RESERVATIONS = everyValue<Reservation>()(['appointment', 'bed'])

/**
 * The workflow's action names (src/yilian/referral/workflow.py), plus adding material.
 * Hand-written: the case engine's ActionOut.action is a plain string shared by every kind.
 */
export type ActionName =
  | 'accept'
  | 'reject'
  | 'redirect'
  | 'reraise'
  | 'cancel'
  | 'arrive'
  | 'no_show'
  | 'treat'
  // not a workflow step: offered to the referring side until the patient arrives
  | 'attach'

export type MedicationItem = Schemas['MedicationItem']
export type FollowUpItem = Schemas['FollowUpItem']
/**
 * Narrowed for ReferralCreatePage.vue, which builds its form from this type: the uploads' v-model
 * needs the list of files (optional to the server). Admitted here until the page types its form.
 */
export type ReferralIn = Schemas['ReferralIn'] & { file_ids: string[] }
export type AcceptIn = Schemas['AcceptIn']
export type RedirectIn = Schemas['RedirectIn']
export type ReraiseIn = Schemas['ReraiseIn']

export type ActionOut = Sent<Schemas['ActionOut']>
export type ReferralSummary = Sent<Schemas['ReferralSummary']>
/**
 * `down_referral_id`: the down-referral that returned this patient, when there is one; `next_id`:
 * the re-raised copy of this (rejected) referral; `timeline`: one for the whole loop, the steps of
 * the linked referrals carrying "[number]" in the note.
 */
export type Referral = Sent<Schemas['ReferralOut']>

/**
 * Hand-written: the server answers GET /referrals/targets with untyped rows (response_model=
 * list[dict]). `next_level`: the next level up (or any level down); false means the referral
 * skips a level.
 */
export interface ReferralTarget {
  organisation_id: string
  name: string
  level: OrgLevel
  next_level: boolean
}

/** Hand-written: the server answers GET …/departments with untyped rows (response_model=list[dict]). */
export interface TargetDepartment {
  id: string
  name: string
  name_en: string | null
}

export type OpenCount = Sent<Schemas['OpenCount']>
export type PairRow = Sent<Schemas['PairRow']>
/** `returned_to_community_rate`: of the up-referrals treated in the period, the share returned. */
export type ReferralStats = Sent<Schemas['ReferralStatsOut']>

export type ReferralQuery = ListQuery<'/api/v1/referrals'>
export type Side = NonNullable<ReferralQuery['side']>
export type Sort = NonNullable<ReferralQuery['sort']>

const base = (id: string) => `/referrals/${encodeURIComponent(id)}`
type StepBase = `/api/v1/referrals/{referral_id}/`
// Every step answers with the referral as it now is (reraise: with the new copy); its body is the
// one the document gives it.
const step = <S extends PostsUnder<StepBase>>(id: string, path: S, body: PostBody<`${StepBase}${S}` & keyof paths>) =>
  http.post<Referral>(`${base(id)}/${path}`, body)

export const referralsApi = {
  list: (query: ReferralQuery, cursor: string | null = null) =>
    getPage<ReferralSummary>('/referrals', {
      ...query,
      // Only a true filter is sent: false means "no filter", not "only the on-time ones".
      overdue: query.overdue || undefined,
    }, cursor),
  create: (body: ReferralIn) => http.post<Referral>('/referrals', body),
  get: (id: string) => http.get<Referral>(base(id)),
  targets: (direction: Direction) => http.get<ReferralTarget[]>('/referrals/targets', { direction }),
  departments: (id: string) => http.get<TargetDepartment[]>(`${base(id)}/departments`),
  dashboard: () => http.get<OpenCount[]>('/referrals/dashboard'),
  stats: (start: string, end: string) => http.get<ReferralStats>('/referrals/stats', { start, end }),

  accept: (id: string, body: AcceptIn) => step(id, 'accept', body),
  reject: (id: string, reason: string) => step(id, 'reject', { reason }),
  redirect: (id: string, body: RedirectIn) => step(id, 'redirect', body),
  reraise: (id: string, body: ReraiseIn) => step(id, 'reraise', body),
  cancel: (id: string, reason: string) => step(id, 'cancel', { reason }),
  arrive: (id: string) => step(id, 'arrive', {}),
  noShow: (id: string) => step(id, 'no-show', {}),
  treat: (id: string, outcome: string) => step(id, 'treat', { outcome }),
  attach: (id: string, file_id: string) => step(id, 'attachments', { file_id }),
}

