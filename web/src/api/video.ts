// Video calls of a case's conversation (/api/v1/video). Signalling goes over the shared
// WebSocket (realtime/socket.ts): message types video.signal, video.presence, video.removed.
import { http } from './http'

export interface IceServer {
  urls: string[]
  username: string | null
  credential: string | null
}

export interface IceServers {
  ice_servers: IceServer[]
  ttl_seconds: number
}

export interface VideoPeer {
  user_id: string
  display_name: string
  joined_at: string
}

export type VideoEndReason = 'left' | 'disconnected' | 'removed' | 'closed' | 'expired'

export interface VideoAttendance {
  id: string
  user_id: string
  display_name: string
  joined_at: string
  left_at: string | null
  end_reason: VideoEndReason | null
}

export interface JoinResult {
  conversation_id: string
  attendance_id: string
  /** The others in the call now. */
  peers: VideoPeer[]
  ice_servers: IceServer[]
  ttl_seconds: number
  max_participants: number
}

export interface VideoRoom {
  conversation_id: string
  case_type: string
  case_id: string
  open: boolean
  present: VideoPeer[]
  history: VideoAttendance[]
  max_participants: number
}

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
