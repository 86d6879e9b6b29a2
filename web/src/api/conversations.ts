// Case conversations (/api/v1/conversations): the shapes and calls of the conversation UI, as the
// OpenAPI document gives them (see types.ts for Sent).
import { getPage, http } from './http'
import { everyValue, type ListQuery, type QueryOf, type Schemas, type Sent } from './types'

export type CaseType = Schemas['CaseType']
export const CASE_TYPES = everyValue<CaseType>()(['consultation', 'referral', 'online_visit', 'diagnostic_study', 'prescription'])
export type ConversationState = Schemas['ConversationState']
export type MessageKind = Schemas['MessageKind']

export type ConversationSummary = Sent<Schemas['ConversationSummary']>
export type Participant = Sent<Schemas['ParticipantOut']>
export type Conversation = Sent<Schemas['ConversationOut']>
export type MessageFile = Sent<Schemas['yilian__messaging__conversations__schemas__FileOut']>
export type Message = Sent<Schemas['MessageOut']>
/** `more`: older messages exist (paging back), or newer ones (catching up with `after`). */
export type MessagePage = Sent<Schemas['MessagePage']>

type ConversationQuery = ListQuery<'/api/v1/conversations'>
/**
 * Narrowed for ConversationsPage.vue, whose selects hold '' for "any" (the request leaves an empty
 * value out). Admitted here until the page maps it to undefined.
 */
export type ConversationFilter = { [K in keyof ConversationQuery]?: ConversationQuery[K] | '' }

/**
 * What a conversation.* event carries (ids only; the text is fetched through the API). Hand-written:
 * the WebSocket's events are not in the OpenAPI document.
 */
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
  messages: (id: string, query: QueryOf<'/api/v1/conversations/{conversation_id}/messages'> = {}) =>
    http.get<MessagePage>(`/conversations/${id}/messages`, query),
  sendText: (id: string, text: string) =>
    http.post<Message>(`/conversations/${id}/messages`, { text } satisfies Schemas['MessageIn']),
  sendFile: (id: string, fileId: string) =>
    http.post<Message>(`/conversations/${id}/messages`, { file_id: fileId } satisfies Schemas['MessageIn']),
  retract: (id: string, messageId: string, reason: string) =>
    http.post<Message>(`/conversations/${id}/messages/${messageId}/retract`, { reason } satisfies Schemas['RetractIn']),
  markRead: (id: string, seq: number) =>
    http.post<Sent<Schemas['ReadOut']>>(`/conversations/${id}/read`, { seq } satisfies Schemas['ReadIn']),
}
