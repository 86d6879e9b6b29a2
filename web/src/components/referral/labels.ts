// Presentation helpers shared by the referral pages.
import { useI18n } from 'vue-i18n'
import type { ActionOut, ReferralSummary } from '@/api/referrals'

/** The time limit that counts now: the answer while requested, then (up) the arrival; none after. */
export function dueOf(
  r: Pick<ReferralSummary, 'state' | 'direction' | 'first_due' | 'complete_due'>,
): { first: boolean; at: string } | null {
  if (r.state === 'requested') return { first: true, at: r.first_due }
  if (r.direction === 'up' && (r.state === 'accepted' || r.state === 'no_show')) return { first: false, at: r.complete_due }
  return null
}

/** The server marks a step of a linked referral by its number: "[ZZ…] note". */
export function splitNote(note: string | null): { number: string | null; text: string } {
  const m = /^\[([^\]]+)\]\s*([\s\S]*)$/.exec(note ?? '')
  return m ? { number: m[1]!, text: m[2]! } : { number: null, text: note ?? '' }
}

/** Labels that come from the server (actions) or may be extended by it (timeline steps). */
export function useReferralLabels() {
  const { t, te, locale } = useI18n()

  function actionLabel(a: ActionOut): string {
    return locale.value === 'en' ? a.en : a.zh
  }

  function stepLabel(action: string): string {
    const key = `referral.steps.${action}`
    return te(key) ? t(key) : action
  }

  function stateLabel(state: string | null): string {
    if (!state) return '—'
    const key = `referral.states.${state}`
    return te(key) ? t(key) : state
  }

  function levelLabel(level: string): string {
    const key = `levels.${level}`
    return te(key) ? t(key) : level
  }

  return { actionLabel, stepLabel, stateLabel, levelLabel }
}
