// Case conversations (/api/v1/conversations): the shapes and calls of the conversation UI.
import { getPage, http } from './http'

export const CASE_TYPES = ['consultation', 'referral', 'online_visit', 'diagnostic_study'] as const
export type CaseType = (typeof CASE_TYPES)[number]
export type ConversationState = 'open' | 'closed'
export type MessageKind = 'text' | 'file' | 'image' | 'system' | 'retraction'

export interface ConversationSummary {
  id: string
  case_type: CaseType
  case_id: string
  case_number: string | null
  title: string
  state: ConversationState
  role_label: string
  last_seq: number
  last_message_at: string | null
  last_activity_at: string
  unread: number
}

export interface Participant {
  user_id: string
  display_name: string
  role_label: string
  added_at: string
  last_read_seq: number
}

export interface Conversation {
  id: string
  case_type: CaseType
  case_id: string
  case_number: string | null
  title: string
  state: ConversationState
  created_at: string
  closed_at: string | null
  last_seq: number
  participants: Participant[]
}

export interface MessageFile {
  id: string
  filename: string
  content_type: string
  size: number
  is_image: boolean
}

export interface Message {
  id: string
  seq: number
  sender_id: string | null
  sender_name: string | null
  kind: MessageKind
  text: string | null
  file: MessageFile | null
  retracted: boolean
  retracts_id: string | null
  created_at: string
}

export interface MessagePage {
  items: Message[]
  /** Older messages exist (paging back), or newer ones (catching up with `after`). */
  more: boolean
  last_seq: number
}

export interface ConversationFilter {
  case_type?: CaseType | ''
  state?: ConversationState | ''
}

/** What a conversation.* event carries (ids only; the text is fetched through the API). */
export interface ConversationEventData {
  conversation_id: string
  message_id?: string
  seq?: number
  sender_id?: string | null
  kind?: MessageKind
  retracts_id?: string
  user_id?: string
}

export const conversationsApi = {
  mine: (filter: ConversationFilter, cursor: string | null = null) =>
    getPage<ConversationSummary>('/conversations', { ...filter }, cursor),
  get: (id: string) => http.get<Conversation>(`/conversations/${id}`),
  messages: (id: string, query: { before?: number; after?: number; limit?: number } = {}) =>
    http.get<MessagePage>(`/conversations/${id}/messages`, query),
  sendText: (id: string, text: string) => http.post<Message>(`/conversations/${id}/messages`, { text }),
  sendFile: (id: string, fileId: string) =>
    http.post<Message>(`/conversations/${id}/messages`, { file_id: fileId }),
  retract: (id: string, messageId: string, reason: string) =>
    http.post<Message>(`/conversations/${id}/messages/${messageId}/retract`, { reason }),
  markRead: (id: string, seq: number) =>
    http.post<{ last_read_seq: number }>(`/conversations/${id}/read`, { seq }),
}
