import { http } from './http'
import type { Page } from './types'

/** One inbox entry, rendered by the server in the request's language. */
export interface NotificationItem {
  id: string
  template: string
  title: string
  body: string
  /** A path inside the application to open, or null. */
  link: string | null
  entity_type: string | null
  entity_id: string | null
  created_at: string
  read_at: string | null
}

export interface UnreadCount {
  unread_count: number
}

export const OUTWARD_CHANNELS = ['sms', 'wechat', 'email'] as const
export type OutwardChannel = (typeof OUTWARD_CHANNELS)[number]

export interface ChannelPreference {
  channel: OutwardChannel
  enabled: boolean
  /** Mobile number, WeChat openid or e-mail address. */
  address: string | null
}

export interface NotificationPreferences {
  /** The in-app inbox is always on. */
  inbox: boolean
  channels: ChannelPreference[]
}

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
  list: (opts: { unread?: boolean; limit?: number } = {}, cursor: string | null = null) =>
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
  savePreferences: (channels: ChannelPreference[]) =>
    http.patch<NotificationPreferences>('/notifications/preferences', { channels }),
}
