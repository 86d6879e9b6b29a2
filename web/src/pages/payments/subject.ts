// What an order pays for, as a page to go back to, with the words of the way back: an online
// visit (its case type, as clinic/visits registers its orders) is where the patient checks in and
// waits; a prescription's medicines (pharmacy/prescriptions) are followed on the prescription's
// page, to the code the patient gives. Other subjects have no page of their own.
import type { RouteLocationRaw } from 'vue-router'
import type { PaymentOrder } from '@/api/payments'

type Subject = Pick<PaymentOrder, 'subject_type' | 'subject_id'>

const PAGES: Record<string, { route: string; back: string; paid: string }> = {
  online_visit: { route: 'clinic-visit', back: 'payments.order.backToVisit', paid: 'payments.order.paidBackToVisit' },
  prescription: { route: 'prescription', back: 'prescription.order.back', paid: 'prescription.order.paid' },
}

export function subjectPage(order: Subject): RouteLocationRaw | null {
  const page = PAGES[order.subject_type]
  return page ? { name: page.route, params: { id: order.subject_id } } : null
}

/** The message keys of the way back (`back`) and of what to do there once paid (`paid`). */
export function subjectWords(order: Subject): { back: string; paid: string } {
  return PAGES[order.subject_type] ?? PAGES.online_visit!
}
