// Payments (/api/v1/payments): orders and their refunds, paying by a channel, the day's
// reconciliation and the organisations' channel accounts, as the OpenAPI document gives them.
import { getPage, http } from './http'
import { everyValue, type ListQuery, type Schemas, type Sent } from './types'

export type OrderState = Schemas['OrderState']
export const ORDER_STATES = everyValue<OrderState>()(['pending', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'lapsed'])
export type ChannelName = Schemas['ChannelName']
export const CHANNELS = everyValue<ChannelName>()(['demo', 'clinic', 'wechat', 'alipay'])
export type PayableChannel = Schemas['PayIn']['channel']
export type RefundState = Schemas['RefundState']

export type PaymentOrder = Sent<Schemas['PaymentOrderOut']>
export type PaymentRefund = Sent<Schemas['PaymentRefundOut']>
export type OrderQuery = ListQuery<'/api/v1/payments/orders'>
/**
 * What the browser needs to pay: `code_url` (WeChat, shown as a QR code), `pay_url` (Alipay),
 * `instructions_zh`/`instructions_en` (at the clinic), `demo` (the demo page).
 */
export type PayStart = Sent<Schemas['PayOut']>
export type Reconciliation = Sent<Schemas['PaymentReconciliationOut']>
export type Movement = Sent<Schemas['PaymentMovementOut']>
export type ChannelTotal = Sent<Schemas['PaymentChannelTotal']>
export type Channels = Sent<Schemas['PaymentChannelsOut']>
export type ChannelConfig = Sent<Schemas['PaymentChannelOut']>
export type ChannelInput = Schemas['PaymentChannelIn']
export type CollectInput = Schemas['PaymentCollectIn']
export type RefundInput = Schemas['PaymentRefundIn']

export const paymentsApi = {
  orders: (query: OrderQuery, cursor: string | null) => getPage<PaymentOrder>('/payments/orders', { ...query }, cursor),
  order: (id: string) => http.get<PaymentOrder>(`/payments/orders/${id}`),
  pay: (id: string, channel: PayableChannel) => http.post<PayStart>(`/payments/orders/${id}/pay`, { channel }),
  demoConfirm: (id: string) => http.post<PaymentOrder>(`/payments/orders/${id}/demo-confirm`),
  cancel: (id: string) => http.post<PaymentOrder>(`/payments/orders/${id}/cancel`),
  collect: (id: string, body: CollectInput) => http.post<PaymentOrder>(`/payments/orders/${id}/collect`, body),
  refund: (id: string, body: RefundInput) => http.post<PaymentOrder>(`/payments/orders/${id}/refunds`, body),
  reconciliation: (organisationId: string, day: string, channel?: ChannelName) =>
    http.get<Reconciliation>('/payments/reconciliation', { organisation_id: organisationId, day, channel }),
  channels: (organisationId: string) => http.get<Channels>(`/payments/channels/${organisationId}`),
  putChannel: (organisationId: string, body: ChannelInput) =>
    http.put<Channels>(`/payments/channels/${organisationId}`, body),
}

/**
 * Each gateway's merchant settings and secrets (src/yilian/payments/channels). Hand-written: the
 * document gives the fields only as free keys; the server names the missing ones.
 */
export const CHANNEL_FIELDS: Record<ChannelName, { settings: string[]; secrets: string[] }> = {
  wechat: { settings: ['mchid', 'appid', 'cert_serial_no', 'platform_certificates'], secrets: ['private_key', 'apiv3_key'] },
  alipay: { settings: ['app_id', 'alipay_public_key'], secrets: ['app_private_key'] },
  clinic: { settings: [], secrets: [] },
  demo: { settings: [], secrets: [] },
}
