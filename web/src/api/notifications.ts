// The inbox and the outward channels (/api/v1/notifications), as the OpenAPI document gives them
// (see types.ts for Sent).
import { http } from './http'
import { everyValue, type Page, type QueryOf, type Schemas, type Sent } from './types'

/** One inbox entry, rendered by the server in the request's language; `link`: a path to open. */
export type NotificationItem = Sent<Schemas['NotificationOut']>
export type UnreadCount = Sent<Schemas['UnreadCount']>

export type OutwardChannel = Schemas['OutwardChannel']
export const OUTWARD_CHANNELS = everyValue<OutwardChannel>()(['sms', 'wechat', 'email'])

/** `address`: mobile number, WeChat openid or e-mail address. */
export type ChannelPreference = Sent<Schemas['ChannelPreferenceOut']>
/** `inbox`: the in-app inbox is always on. */
export type NotificationPreferences = Sent<Schemas['PreferencesOut']>

// Hand-written: the WebSocket's events are not in the OpenAPI document.

/** What a "notification.created" event carries (ids only; the text comes from the API). */
export interface NotificationCreatedData {
  notification_id: string
  template: string
  entity_type: string | null
  entity_id: string | null
  unread_count: number
}

/** What a "notification.read" event carries; notification_id is null after "mark all read". */
export interface NotificationReadData {
  notification_id: string | null
  unread_count: number
}

export const notificationsApi = {
  list: (opts: Omit<QueryOf<'/api/v1/notifications'>, 'cursor'> = {}, cursor: string | null = null) =>
    http.get<Page<NotificationItem>>('/notifications', {
      unread: opts.unread ? true : undefined,
      limit: opts.limit,
      cursor,
    }),
  unreadCount: () => http.get<UnreadCount>('/notifications/unread-count'),
  markRead: (id: string) => http.post<UnreadCount>(`/notifications/${id}/read`),
  markAllRead: () => http.post<UnreadCount>('/notifications/read-all'),
  preferences: () => http.get<NotificationPreferences>('/notifications/preferences'),
  /** Channels not listed stay as they are. */
  savePreferences: (channels: Schemas['ChannelPreferenceIn'][]) =>
    http.patch<NotificationPreferences>('/notifications/preferences', { channels } satisfies Schemas['PreferencesIn']),
}
