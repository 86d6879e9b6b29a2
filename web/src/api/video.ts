// Video calls of a case's conversation (/api/v1/video), as the OpenAPI document gives them (see
// types.ts for Sent). Signalling of mesh calls goes over the shared WebSocket (realtime/socket.ts):
// message types video.signal, video.presence, video.removed; SFU rooms (Janus) add video.control,
// video.recording and video.stats.
import { http } from './http'
import type { Schemas, Sent } from './types'

export type IceServer = Sent<Schemas['IceServer']>
export type IceServers = Sent<Schemas['IceServersOut']>
export type VideoPeer = Sent<Schemas['PeerOut']>
export type VideoEndReason = Schemas['EndReason']
export type VideoAttendance = Sent<Schemas['AttendanceOut']>

export type VideoMode = Schemas['RoomMode']
/** What a participant needs to reach the room's Janus VideoRoom: the token is theirs alone; the
 * camera publishes with `publisher_id` and `display` (the user id), a shared screen with
 * `publisher_id + 1`. */
export type SfuGrant = Sent<Schemas['SfuJoin']>
/** `peers`: the others in the call now (mesh); `sfu`: the Janus grant of an SFU room. */
export type JoinResult = Sent<Schemas['JoinOut']>
/** Someone in the call, with what the room controls show of them. */
export type PresentPeer = Sent<Schemas['PresentOut']>
/** The room's running recording or its last one (`state`); `acknowledged`: the caller saw the notice. */
export type VideoRecording = Sent<Schemas['RecordingOut']>
/** `chair`: the caller may use the room controls. */
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

/** Server → client: the room's state changed (a mute, the spotlight, a hand, a shared screen). */
export interface ControlMessage {
  type: 'video.control'
  conversation_id: string
  action: 'mute' | 'spotlight' | 'hand' | 'screen'
  user_id: string | null
  value: boolean | null
  by: string
}

/** Server → client: recording started or stopped. */
export interface RecordingMessage {
  type: 'video.recording'
  conversation_id: string
  state: 'recording' | 'stopped'
  recording_id: string
  started_by: string
  started_at: string
}

/** How one participant's link is doing, as their client measured it (the layer they receive). */
export interface LinkStats {
  up_kbps: number
  down_kbps: number
  rtt_ms: number
  loss_pct: number
  /** The simulcast layer received (0 lowest … 2 highest); null when none or audio only. */
  layer: 0 | 1 | 2 | null
  audio_only: boolean
}

/** Server → chairs: a participant's link stats. */
export interface StatsMessage extends LinkStats {
  type: 'video.stats'
  conversation_id: string
  user_id: string
  at: string
}

const room = (conversationId: string) => `/video/rooms/${encodeURIComponent(conversationId)}`

export const videoApi = {
  iceServers: () => http.get<IceServers>('/video/ice-servers'),
  room: (conversationId: string) => http.get<VideoRoom>(room(conversationId)),
  join: (conversationId: string) => http.post<JoinResult>(`${room(conversationId)}/join`),
  leave: (conversationId: string) => http.post<VideoRoom>(`${room(conversationId)}/leave`),
  mute: (conversationId: string, userId: string, muted: boolean) =>
    http.post<VideoRoom>(`${room(conversationId)}/participants/${encodeURIComponent(userId)}/mute`, { muted }),
  spotlight: (conversationId: string, userId: string | null) =>
    http.post<VideoRoom>(`${room(conversationId)}/spotlight`, { user_id: userId }),
  /** One's own hand without `userId`; the chair may lower another's. */
  hand: (conversationId: string, raised: boolean, userId?: string) =>
    http.post<VideoRoom>(`${room(conversationId)}/hand`, userId ? { raised, user_id: userId } : { raised }),
  screen: (conversationId: string, sharing: boolean) =>
    http.post<VideoRoom>(`${room(conversationId)}/screen`, { sharing }),
  startRecording: (conversationId: string, consentNote: string) =>
    http.post<VideoRoom>(`${room(conversationId)}/recording`, {
      consent_confirmed: true,
      ...(consentNote ? { consent_note: consentNote } : {}),
    }),
  stopRecording: (conversationId: string) => http.post<VideoRoom>(`${room(conversationId)}/recording/stop`),
  acknowledgeRecording: (conversationId: string) => http.post<VideoRoom>(`${room(conversationId)}/recording/ack`),
}

/** The signal message a client sends (socket.send). */
export function signalMessage(conversationId: string, to: string, data: SignalData): Record<string, unknown> {
  return { type: 'video.signal', conversation_id: conversationId, to, data }
}

/** The link stats a client in an SFU call sends every few seconds (socket.send), for the chairs. */
export function statsMessage(conversationId: string, stats: LinkStats): Record<string, unknown> {
  return { type: 'video.stats', conversation_id: conversationId, ...stats }
}
