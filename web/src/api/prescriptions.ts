// The e-prescription (/api/v1/pharmacy/prescriptions): the rules' check of a draft and signing
// (the visit's doctor), the lists (a pharmacy's queues, a clinic's pick-ups, the patient's own),
// one prescription with its steps; the server's shapes (src/yilian/pharmacy/prescriptions/
// schemas.py) as the OpenAPI document gives them.
import { getPage, http } from './http'
import type { paths } from './schema'
import { everyValue, type ListQuery, type PostBody, type PostsUnder, type Schemas, type Sent } from './types'

export type PrescriptionState = Schemas['yilian__pharmacy__prescriptions__models__State']
export const PRESCRIPTION_STATES = everyValue<PrescriptionState>()([
  'in_review', 'returned', 'approved', 'paid', 'dispensed', 'collected', 'in_transit', 'at_clinic', 'received',
  'voided', 'cancelled', 'lapsed',
])
export type Fulfilment = Schemas['Fulfilment']
export type ReviewCode = Schemas['ReviewCode']
export const REVIEW_CODES = everyValue<ReviewCode>()([
  'nonstandard-writing', 'indication', 'drug-choice', 'dose', 'route', 'duplicate-therapy', 'interaction',
  'contraindication', 'excessive', 'other',
])
export type PrescriptionInput = Schemas['PrescriptionIn']
export type PrescriptionLineInput = Schemas['LineIn']
export type WarningDecision = Schemas['DecisionIn']
export type RuleCheck = Sent<Schemas['CheckOut']>
export type RuleRefusal = Sent<Schemas['RefusalOut']>
export type RuleWarning = Sent<Schemas['WarningOut']>
export type Prescription = Sent<Schemas['PrescriptionOut']>
export type PrescriptionSummary = Sent<Schemas['PrescriptionSummary']>
export type PrescriptionLine = Sent<Schemas['LineOut']>
export type PrescriptionQuery = ListQuery<'/api/v1/pharmacy/prescriptions'>
export type PrescriptionSide = NonNullable<PrescriptionQuery['side']>
export type CheckoutInput = Schemas['CheckoutIn']

const BASE = '/pharmacy/prescriptions'
const one = (id: string) => `${BASE}/${encodeURIComponent(id)}`
type StepBase = `/api/v1/pharmacy/prescriptions/{prescription_id}/`
// Every step answers with the prescription as it now is; its body is the one the document gives it.
const step = <S extends PostsUnder<StepBase>>(id: string, path: S, body: PostBody<`${StepBase}${S}` & keyof paths>) =>
  http.post<Prescription>(`${one(id)}/${path}`, body)

export const prescriptionsApi = {
  /** What the rules say of a draft: quantities, price, stock, refusals, warnings (nothing saved). */
  check: (body: PrescriptionInput) => http.post<RuleCheck>(`${BASE}/check`, body),
  /** The doctor signs (re-authenticated within 15 minutes). */
  sign: (body: PrescriptionInput) => http.post<Prescription>(BASE, body),
  list: (query: PrescriptionQuery, cursor: string | null = null) => getPage<PrescriptionSummary>(BASE, { ...query }, cursor),
  get: (id: string) => http.get<Prescription>(one(id)),
  pass: (id: string, note: string | null, countersign_note: string | null) => step(id, 'pass', { note, countersign_note }),
  returnToDoctor: (id: string, codes: ReviewCode[], note: string) => step(id, 'return', { codes, note }),
  void: (id: string, reason: string) => step(id, 'void', { reason }),
  checkout: (id: string, body: CheckoutInput) => step(id, 'checkout', body),
  cancel: (id: string, reason: string) => step(id, 'cancel', { reason }),
  refund: (id: string, reason: string) => step(id, 'refund', { reason }),
  dispense: (id: string) => step(id, 'dispense', {}),
  collect: (id: string, carrier: string, tracking_no: string) => step(id, 'collect', { carrier, tracking_no }),
  transit: (id: string) => step(id, 'transit', {}),
  deliver: (id: string, code: string) => step(id, 'deliver', { code }),
  confirmReceipt: (id: string) => step(id, 'confirm-receipt', {}),
  arrive: (id: string) => step(id, 'arrive', {}),
  handOver: (id: string, code: string, usage_explained: boolean) => step(id, 'hand-over', { code, usage_explained }),
}
