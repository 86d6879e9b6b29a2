/**
 * The one WebSocket of this browser tab (/api/v1/ws), shared by every panel that needs pushes.
 *
 * It reconnects with backoff and sends the cursor of the last event it saw, so the server
 * replays what was missed; events are delivered to listeners once each, in cursor order.
 * Video signalling and presence are not events: they have no cursor and are not replayed.
 */
import { ref } from 'vue'

export interface RealtimeEvent {
  cursor: number
  kind: string
  at: string
  entity_type: string | null
  entity_id: string | null
  data: Record<string, unknown>
}

/** Any message from the server; `type` says which (event, video.signal, video.presence, ...). */
export interface ServerMessage {
  type: string
  [key: string]: unknown
}

type EventListener = (event: RealtimeEvent) => void
type MessageListener = (message: ServerMessage) => void

export type SocketState = 'idle' | 'connecting' | 'open' | 'closed'

const CURSOR_KEY = 'yilian.ws.cursor'
const MAX_BACKOFF_MS = 30_000

export const socketState = ref<SocketState>('idle')
/** Bumped when the server says too much was missed to replay: views reload what they show. */
export const resetCount = ref(0)
/** Why the server last closed the socket, when it said (e.g. the session ended). */
export const socketCloseReason = ref<string>('')

let socket: WebSocket | null = null
let wanted = false
let attempt = 0
let retryTimer: number | undefined
// Null until the server's hello: a fresh tab starts from now, it does not replay history.
let lastCursor: number | null = Number(sessionStorage.getItem(CURSOR_KEY)) || null
const seen = new Set<number>()
const eventListeners = new Map<string, Set<EventListener>>()
const messageListeners = new Map<string, Set<MessageListener>>()

function url(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const resume = lastCursor === null ? '' : `?cursor=${lastCursor}`
  return `${scheme}://${location.host}/api/v1/ws${resume}`
}

function adoptCursor(cursor: number): void {
  lastCursor = cursor
  sessionStorage.setItem(CURSOR_KEY, String(cursor))
}

function dispatchEvent(ev: RealtimeEvent): void {
  if (seen.has(ev.cursor)) return
  seen.add(ev.cursor)
  if (seen.size > 2000) seen.delete(seen.values().next().value as number)
  if (lastCursor === null || ev.cursor > lastCursor) adoptCursor(ev.cursor)
  for (const key of [ev.kind, `${ev.kind.split('.')[0]}.*`, '*']) {
    eventListeners.get(key)?.forEach((fn) => fn(ev))
  }
}

function onMessage(raw: MessageEvent): void {
  let msg: ServerMessage
  try {
    msg = JSON.parse(String(raw.data)) as ServerMessage
  } catch {
    return
  }
  if (msg.type === 'ping') {
    send({ type: 'pong' })
    return
  }
  if (msg.type === 'hello' && lastCursor === null && typeof msg.cursor === 'number') {
    adoptCursor(msg.cursor)
  } else if (msg.type === 'reset' && typeof msg.cursor === 'number') {
    adoptCursor(msg.cursor)
    resetCount.value += 1
  } else if (msg.type === 'event') {
    dispatchEvent(msg as unknown as RealtimeEvent)
  }
  messageListeners.get(msg.type)?.forEach((fn) => fn(msg))
}

function open(): void {
  if (!wanted || socket) return
  socketState.value = 'connecting'
  const ws = new WebSocket(url())
  socket = ws
  ws.onopen = () => {
    attempt = 0
    socketState.value = 'open'
    socketCloseReason.value = ''
  }
  ws.onmessage = onMessage
  ws.onclose = (ev) => {
    socket = null
    socketState.value = 'closed'
    socketCloseReason.value = ev.reason
    // 4401: the session is not valid; reconnecting would only be refused again.
    if (!wanted || ev.code === 4401) return
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.5 + Math.random() / 2)
    attempt += 1
    retryTimer = window.setTimeout(open, delay)
  }
}

/** Start (or keep) the connection; call once signed in. */
export function connect(): void {
  wanted = true
  open()
}

/** Close for good (signing out); the next user starts from their own cursor. */
export function disconnect(): void {
  wanted = false
  window.clearTimeout(retryTimer)
  socket?.close(1000, 'signed out')
  socket = null
  socketState.value = 'idle'
  lastCursor = null
  seen.clear()
  sessionStorage.removeItem(CURSOR_KEY)
}

/** Send a message to the server; false when the socket is not open. */
export function send(message: Record<string, unknown>): boolean {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false
  socket.send(JSON.stringify(message))
  return true
}

/** Listen to events of a kind ("conversation.message"), a family ("conversation.*") or all ("*"). */
export function onEvent(kind: string, fn: EventListener): () => void {
  const set = eventListeners.get(kind) ?? new Set<EventListener>()
  set.add(fn)
  eventListeners.set(kind, set)
  return () => set.delete(fn)
}

/** Listen to server messages of one type that are not events (e.g. "video.signal"). */
export function onMessageType(type: string, fn: MessageListener): () => void {
  const set = messageListeners.get(type) ?? new Set<MessageListener>()
  set.add(fn)
  messageListeners.set(type, set)
  return () => set.delete(fn)
}
