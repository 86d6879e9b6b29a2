// How a prescription is said to whom reads it: a line's usage, a review's codes, and where it
// stands for the patient side (who pays and gives the code), the village clinic that hands it
// over, or the staff who signed, review and dispense it. A warning the doctor kept a drug against
// is said as the prescribing panel says it (../prescribe.ts).
import { useI18n } from 'vue-i18n'
import type { Prescription, PrescriptionLine, PrescriptionSummary } from '@/api/prescriptions'
import type { Role } from '@/api/types'
import { useSessionStore } from '@/stores/session'
import { formatDateTime } from '@/utils/format'
import { plain, usePrescribingWords } from '../prescribe'

export type Reader = 'patient' | 'clinic' | 'staff'

/** A message and its parameters, for RxSaid to show with the data among them marked. */
export interface Said {
  key: string
  params: Record<string, string>
}

// The village (grassroots, family) doctors of the clinic where a prescription is picked up.
const CLINIC_ROLES: readonly Role[] = ['grassroots_doctor', 'family_doctor']

/** From payment until the medicines are in the patient's hands the code is what they give. */
export function codeDue(rx: Prescription): boolean {
  return ['paid', 'dispensed', 'collected', 'in_transit', 'at_clinic'].includes(rx.state)
}

/** The last minute it is valid: it is valid to the end of its last day (valid_until is the next midnight). */
export function validUntil(rx: Pick<Prescription, 'valid_until'>): string {
  return formatDateTime(new Date(new Date(rx.valid_until).getTime() - 60_000).toISOString())
}

/** The words of a state that reads differently by fulfilment (dispensed, received). */
function byFulfilment(rx: PrescriptionSummary): string {
  if (rx.state === 'dispensed') return rx.fulfilment === 'pickup' ? 'dispensedPickup' : 'dispensedDelivery'
  if (rx.state === 'received') return rx.fulfilment === 'pickup' ? 'receivedPickup' : 'receivedDelivery'
  return rx.state
}

export function usePrescriptionWords() {
  const { t, te } = useI18n()
  const session = useSessionStore()
  const { warning } = usePrescribingWords()

  /**
   * The patient side: the patient's account or a proxy's, or the village doctor who booked the
   * visit with them (代问诊), to whom alone the server sends the code. A doctor of the clinic
   * where it is picked up reads it as the one handing it over.
   */
  function readerOf(rx: Prescription): Reader {
    if (session.role === 'patient' || (!!rx.proxy_doctor_id && rx.proxy_doctor_id === session.me?.id)) return 'patient'
    const org = session.me?.active_grant?.organisation_id
    if (session.role && CLINIC_ROLES.includes(session.role) && !!rx.pickup_org_id && rx.pickup_org_id === org) return 'clinic'
    return 'staff'
  }

  function frequencyWords(code: string): string {
    const key = `prescribing.frequencies.${code}`
    return te(key) ? t(key) : code
  }

  function usage(line: PrescriptionLine): string {
    const said = t('prescription.usage.line', {
      route: t(`pharmacy.routes.${line.route}`),
      dose: plain(line.dose),
      unit: line.dose_unit,
      frequency: frequencyWords(line.frequency),
      days: line.days,
    })
    return line.prn_max_per_day ? said + t('prescription.usage.prnMax', { n: line.prn_max_per_day }) : said
  }

  function reviewCode(code: string): string {
    const key = `prescribing.reviewCodes.${code}`
    return te(key) ? t(key) : code
  }

  /** Where it stands, said to this reader. */
  function standing(rx: Prescription): Said {
    const reader = readerOf(rx)
    const state = byFulfilment(rx)
    if (reader === 'clinic' && te(`prescription.words.clinic.${state}`)) return { key: `prescription.words.clinic.${state}`, params: {} }
    if (rx.state === 'returned' && rx.doctor_id === session.me?.id) return { key: 'prescription.words.doctor.returned', params: {} }
    const side = reader === 'patient' ? 'patient' : 'staff'
    if (rx.state === 'approved') {
      const time = validUntil(rx)
      if (!rx.order_id) return { key: `prescription.words.${side}.approved`, params: { time } }
      const fulfilment = rx.fulfilment ? t(`prescription.fulfilment.${rx.fulfilment}`) : ''
      return { key: `prescription.words.${side}.approvedOrdered`, params: { time, fulfilment } }
    }
    if (rx.state === 'in_review' && side === 'staff') {
      const key = rx.overdue ? 'prescription.words.staff.in_reviewLate' : 'prescription.words.staff.in_review'
      return { key, params: { time: formatDateTime(rx.review_due) } }
    }
    return { key: `prescription.words.${side}.${state}`, params: { clinic: rx.pickup_org_name ?? '' } }
  }

  /** The patient's next thing to do on a list of their prescriptions, if any. */
  function next(rx: PrescriptionSummary): Said | null {
    const key = `prescription.mine.next.${byFulfilment(rx)}`
    return te(key) ? { key, params: { clinic: rx.pickup_org_name ?? '' } } : null
  }

  return { readerOf, usage, reviewCode, warning, standing, next }
}
