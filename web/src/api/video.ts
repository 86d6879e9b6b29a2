// Video calls of a case's conversation (/api/v1/video), as the OpenAPI document gives them (see
// types.ts for Sent). Signalling goes over the shared WebSocket (realtime/socket.ts): message types
// video.signal, video.presence, video.removed.
import { http } from './http'
import type { Schemas, Sent } from './types'

export type IceServer = Sent<Schemas['IceServer']>
export type IceServers = Sent<Schemas['IceServersOut']>
export type VideoPeer = Sent<Schemas['PeerOut']>
export type VideoEndReason = Schemas['EndReason']
export type VideoAttendance = Sent<Schemas['AttendanceOut']>
/** `peers`: the others in the call now. */
export type JoinResult = Sent<Schemas['JoinOut']>
export type VideoRoom = Sent<Schemas['RoomOut']>

// Hand-written: the WebSocket's messages are not in the OpenAPI document.

/** What a peer sends another through the server: a session description or an ICE candidate. */
export interface SignalData {
  description?: RTCSessionDescriptionInit
  /** null: the sender has no more candidates. */
  candidate?: RTCIceCandidateInit | null
}

/** Server → client: a signal from another peer of the call. */
export interface SignalMessage {
  type: 'video.signal'
  conversation_id: string
  from: string
  data: SignalData
}

/** Server → client: who is in the call now, after someone joined or left (and why). */
export interface PresenceMessage {
  type: 'video.presence'
  conversation_id: string
  peers: string[]
  user_id: string
  joined: boolean
  reason: VideoEndReason | null
}

/** Server → client: the user's attendance was ended for them (removed from the case, case closed). */
export interface RemovedMessage {
  type: 'video.removed'
  conversation_id: string
  reason: VideoEndReason
}

const room = (conversationId: string) => `/video/rooms/${encodeURIComponent(conversationId)}`

export const videoApi = {
  iceServers: () => http.get<IceServers>('/video/ice-servers'),
  room: (conversationId: string) => http.get<VideoRoom>(room(conversationId)),
  join: (conversationId: string) => http.post<JoinResult>(`${room(conversationId)}/join`),
  leave: (conversationId: string) => http.post<VideoRoom>(`${room(conversationId)}/leave`),
}

/** The signal message a client sends (socket.send). */
export function signalMessage(conversationId: string, to: string, data: SignalData): Record<string, unknown> {
  return { type: 'video.signal', conversation_id: conversationId, to, data }
}
