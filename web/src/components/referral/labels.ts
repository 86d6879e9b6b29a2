// Presentation helpers shared by the referral pages.
import { useI18n } from 'vue-i18n'
import type { ReferralSummary } from '@/api/referrals'
import type { TagType } from '@/components/case/labels'

/** The time limit that counts now: the answer while requested, then (up) the arrival; none after. */
export function dueOf(
  r: Pick<ReferralSummary, 'state' | 'direction' | 'first_due' | 'complete_due'>,
): { first: boolean; at: string } | null {
  if (r.state === 'requested') return { first: true, at: r.first_due }
  if (r.direction === 'up' && (r.state === 'accepted' || r.state === 'no_show')) return { first: false, at: r.complete_due }
  return null
}

// Steps that end a referral badly, or that are the platform's alarms; and those that end it well.
const DANGER_STEPS: ReadonlySet<string> = new Set(['reject', 'cancel', 'no_show', 'escalate'])
const GOOD_STEPS: ReadonlySet<string> = new Set(['accept', 'arrive', 'treat', 'return'])

/** A step's colour on the loop's timeline. */
export function stepTone(action: string): TagType | null {
  if (DANGER_STEPS.has(action)) return 'danger'
  if (GOOD_STEPS.has(action)) return 'success'
  return null
}

/** Labels for codes the server may extend (organisation levels). */
export function useReferralLabels() {
  const { t, te } = useI18n()

  function levelLabel(level: string): string {
    const key = `levels.${level}`
    return te(key) ? t(key) : level
  }

  return { levelLabel }
}
