// Presentation shared by the case kinds. Their messages have the same shape under each kind's
// name (consultation.states.…, referral.states.…), so a shared piece reads them by the kind.
import { useI18n } from 'vue-i18n'
import { orDash } from '@/utils/format'
import type { ActionOut, State as ConsultationState } from '@/api/consultations'
import type { VisitState } from '@/api/clinicVisits'
import type { PrescriptionState } from '@/api/prescriptions'
import type { State as ReferralState } from '@/api/referrals'

export type CaseKind = 'consultation' | 'referral' | 'online_visit' | 'prescription'
export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** A step the server offers the caller now, named in both languages (any kind's). */
export type CaseAction = Omit<ActionOut, 'action'> & { action: string }

// Waiting on someone is a warning, under way is blue, done well is green, over is grey.
const STATE_TAGS: {
  consultation: Record<ConsultationState, TagType>
  referral: Record<ReferralState, TagType>
  online_visit: Record<VisitState, TagType>
  prescription: Record<PrescriptionState, TagType>
} = {
  consultation: {
    requested: 'warning',
    routed: 'warning',
    dispatched: 'warning',
    assigned: 'primary',
    panel_confirmed: 'primary',
    scheduled: 'primary',
    info_requested: 'danger',
    in_session: 'success',
    reported: 'success',
    completed: 'info',
    declined: 'info',
    cancelled: 'info',
  },
  referral: {
    requested: 'warning',
    accepted: 'primary',
    arrived: 'success',
    treated: 'success',
    returned: 'info',
    no_show: 'danger',
    rejected: 'info',
    reraised: 'info',
    cancelled: 'info',
  },
  online_visit: {
    held: 'warning',
    booked: 'primary',
    waiting: 'warning',
    called: 'danger',
    in_visit: 'success',
    finished: 'info',
    lapsed: 'info',
    cancelled: 'info',
    not_eligible: 'info',
    referred_offline: 'info',
    no_show: 'info',
    closed: 'info',
    unanswered: 'info',
    stopped: 'warning',
  },
  prescription: {
    in_review: 'warning',
    returned: 'danger',
    approved: 'warning',
    paid: 'warning',
    dispensed: 'primary',
    collected: 'primary',
    in_transit: 'primary',
    at_clinic: 'success',
    received: 'info',
    voided: 'info',
    cancelled: 'info',
    lapsed: 'info',
  },
}

/** A table cell's value, or a dash for none (an el-table-column formatter). */
export function dashCell(_row: unknown, _column: unknown, value: string | null | undefined): string {
  return orDash(value)
}

export function stateTag(kind: CaseKind, state: string): TagType {
  return (STATE_TAGS[kind] as Record<string, TagType>)[state] ?? 'info'
}

/** Labels that come from the server (actions) or may be extended by it (steps, states). */
export function useCaseLabels(kind: CaseKind) {
  const { t, te, locale } = useI18n()

  function actionLabel(a: CaseAction): string {
    return locale.value === 'en' ? a.en : a.zh
  }

  function stepLabel(action: string): string {
    const key = `${kind}.steps.${action}`
    return te(key) ? t(key) : action
  }

  function stateLabel(state: string | null): string {
    if (!state) return '—'
    const key = `${kind}.states.${state}`
    return te(key) ? t(key) : state
  }

  return { actionLabel, stepLabel, stateLabel }
}
