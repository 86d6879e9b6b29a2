// Two-way referral (/api/v1/referrals): mirrors src/yilian/referral/schemas.py. The parts every
// case shares (consent, timeline steps, attachments, urgency) are those of consultations.ts.
import type { AttachmentOut, ConsentIn, StepOut, Urgency } from './consultations'
import { getPage, http } from './http'
import type { OrgLevel } from './types'

export const DIRECTIONS = ['up', 'down'] as const
export type Direction = (typeof DIRECTIONS)[number]
export const STATES = [
  'requested',
  'accepted',
  'arrived',
  'treated',
  'returned',
  'no_show',
  'rejected',
  'reraised',
  'cancelled',
] as const
export type State = (typeof STATES)[number]
export const RESERVATIONS = ['appointment', 'bed'] as const
export type Reservation = (typeof RESERVATIONS)[number]
export type Side = 'incoming' | 'outgoing'
export type Sort = 'priority' | 'newest'

/** The workflow's action names (src/yilian/referral/workflow.py), plus adding material. */
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

export interface MedicationItem {
  name: string
  dose: string | null
  frequency: string | null
}

export interface FollowUpItem {
  title: string
  /** Due this many days after the clinic accepts. */
  days: number
  detail: string | null
}

export interface ReferralIn {
  direction: Direction
  urgency: Urgency
  patient_id: string
  target_org_id: string
  target_department_id: string | null
  green_channel: boolean
  skip_reason: string | null
  reason: string
  diagnosis_icd10: string
  diagnosis_text: string
  summary: string
  treatment: string
  consent: ConsentIn
  file_ids: string[]
  include_record: boolean
  medications: MedicationItem[]
  follow_up_plan: string | null
  follow_ups: FollowUpItem[]
  up_referral_id: string | null
}

export interface AcceptIn {
  reservation: Reservation | null
  reserved_at: string | null
  reserved_place: string | null
  note: string | null
}

export interface RedirectIn {
  target_org_id: string | null
  target_department_id: string | null
  reason: string
}

export interface ReraiseIn {
  target_org_id: string | null
  target_department_id: string | null
  green_channel: boolean | null
  skip_reason: string | null
  note: string | null
}

export interface ActionOut {
  action: ActionName
  zh: string
  en: string
}

export interface ReferralSummary {
  id: string
  number: string
  direction: Direction
  urgency: Urgency
  green_channel: boolean
  state: State
  patient_id: string
  patient_name: string
  source_org_id: string
  source_org_name: string
  target_org_id: string
  target_org_name: string
  target_department_id: string | null
  target_department_name: string | null
  requested_by_name: string
  diagnosis_icd10: string
  requested_at: string
  reservation: Reservation | null
  reserved_at: string | null
  first_due: string
  complete_due: string
  overdue: boolean
}

export interface Referral extends ReferralSummary {
  reason: string
  diagnosis_text: string
  summary: string
  treatment: string
  skip_reason: string | null
  record_snapshot: Record<string, unknown> | null
  consent_by: ConsentIn['by']
  consent_name: string
  consent_relation: string | null
  consent_at: string
  medications: Partial<MedicationItem>[]
  follow_up_plan: string | null
  follow_ups: Partial<FollowUpItem>[]
  up_referral_id: string | null
  up_referral_number: string | null
  /** The down-referral that returned this patient, when there is one. */
  down_referral_id: string | null
  previous_id: string | null
  previous_number: string | null
  /** The re-raised copy of this (rejected) referral. */
  next_id: string | null
  answered_by_name: string | null
  answered_at: string | null
  reserved_place: string | null
  reservation_note: string | null
  arrived_at: string | null
  treated_at: string | null
  outcome: string | null
  returned_at: string | null
  closed_at: string | null
  close_reason: string | null
  document_id: string | null
  document_number: string | null
  attachments: AttachmentOut[]
  /** One timeline for the whole loop; steps of the linked referrals carry "[number]" in the note. */
  timeline: StepOut[]
  conversation_id: string | null
  actions: ActionOut[]
}

export interface ReferralTarget {
  organisation_id: string
  name: string
  level: OrgLevel
  /** The next level up (or any level down); false means the referral skips a level. */
  next_level: boolean
}

export interface TargetDepartment {
  id: string
  name: string
  name_en: string | null
}

export interface OpenCount {
  organisation_id: string
  organisation_name: string
  incoming_requested: number
  incoming_accepted: number
  incoming_arrived: number
  outgoing_open: number
  overdue: number
}

export interface PairRow {
  source_org_id: string
  source_org_name: string
  target_org_id: string
  target_org_name: string
  direction: Direction
  requested: number
  accepted: number
  rejected: number
  no_shows: number
  returned: number
  acceptance_rate: number | null
  hours_to_acceptance_median: number | null
}

export interface ReferralStats {
  start: string
  end: string
  up: number
  down: number
  acceptance_rate: number | null
  hours_to_acceptance_median: number | null
  no_shows: number
  /** Of the up-referrals treated in the period, the share returned to the community. */
  returned_to_community_rate: number | null
  pairs: PairRow[]
}

export interface ReferralQuery {
  direction?: Direction | ''
  state?: State | ''
  side?: Side | ''
  overdue?: boolean
  urgency?: Urgency | ''
  patient_id?: string
  sort?: Sort
}

const base = (id: string) => `/referrals/${encodeURIComponent(id)}`
// Every step answers with the referral as it now is (reraise: with the new copy).
const step = (id: string, path: string, body: object) => http.post<Referral>(`${base(id)}/${path}`, body)

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

