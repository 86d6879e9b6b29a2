// Presentation helpers shared by the consultation pages.
import { useI18n } from 'vue-i18n'
import type { State } from '@/api/consultations'

// Until a time is booked, the first time limit (to schedule) is the one that counts.
const BEFORE_BOOKING: ReadonlySet<State> = new Set(['requested', 'routed', 'assigned', 'dispatched', 'panel_confirmed'])

export function awaitsBooking(state: State): boolean {
  return BEFORE_BOOKING.has(state)
}

/** Labels for codes the server may extend (professional titles). */
export function useConsultationLabels() {
  const { t, te } = useI18n()

  function titleName(title: string | null | undefined): string {
    if (!title) return ''
    const key = `titles.${title}`
    return te(key) ? t(key) : title
  }

  return { titleName }
}
