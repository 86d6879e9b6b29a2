// What an order pays for, as a page to go back to: an online visit (its case type, as
// clinic/visits registers its orders) is where the patient checks in and waits; other subjects
// have no page of their own.
import type { RouteLocationRaw } from 'vue-router'
import type { PaymentOrder } from '@/api/payments'

export function subjectPage(order: Pick<PaymentOrder, 'subject_type' | 'subject_id'>): RouteLocationRaw | null {
  return order.subject_type === 'online_visit' ? { name: 'clinic-visit', params: { id: order.subject_id } } : null
}
