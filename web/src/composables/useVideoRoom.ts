import { computed, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import {
  signalMessage,
  statsMessage,
  videoApi,
  type IceServer,
  type LinkStats,
  type PresenceMessage,
  type RemovedMessage,
  type SignalData,
  type SignalMessage,
  type StatsMessage,
  type VideoAttendance,
  type VideoMode,
  type VideoRoom,
} from '@/api/video'
import { onMessageType, send, socketState, type ServerMessage } from '@/realtime/socket'
import { useSessionStore } from '@/stores/session'
import { isProblem, notifyError } from './problems'
import { useSfuRoom } from './useSfuRoom'
import { useVideoMedia } from './useVideoMedia'

// The video call of a case's conversation, in the mode the server gives the room
// (docs/decisions/0009): a mesh of peer connections for 2–4 people, whose signals travel over the
// shared WebSocket and whose media goes peer to peer; or an SFU room (Janus, useSfuRoom) for an
// MDT panel, with the chair's room controls and recording. On a weak network the call drops to
// audio only, then back to the conversation, and says so.

export type VideoPhase = 'idle' | 'joining' | 'live'
export type VideoQuality = 'unknown' | 'good' | 'fair' | 'poor'
export interface VideoNotice {
  type: 'info' | 'warning' | 'error'
  text: string
  toConversation: boolean
}

/** One remote person: their connection and what perfect negotiation needs to know. */
interface Peer {
  id: string
  pc: RTCPeerConnection
  stream: MediaStream
  /** The polite side gives way when both offer at once; the lower user id is impolite (offers). */
  polite: boolean
  makingOffer: boolean
  ignoreOffer: boolean
  tracksAdded: boolean
  /** Left with "disconnected" (their socket dropped) while media still flows: kept for now. */
  away: boolean
  iceRestarted: boolean
  /** Signals are applied one after another (a candidate needs the description before it). */
  queue: Promise<void>
  lost: number
  received: number
}

export interface PeerView {
  id: string
  name: string
  state: RTCPeerConnectionState
  away: boolean
}

const STATS_EVERY_MS = 2000
// Poor for this many samples in a row: first video goes, then the call.
const POOR_TO_AUDIO = 3
const POOR_TO_LEAVE = 5

/**
 * The call in one conversation for the component that shows it: joining and leaving, the peer
 * connections and their signalling, presence, network quality and the fall-backs it causes.
 * Called in a component's setup: it listens to the socket while the component is mounted and
 * hangs up when it goes.
 */
export function useVideoRoom(options: {
  conversationId: () => string
  participants: () => { user_id: string; display_name: string }[]
  /** The element that shows one's own camera. */
  localVideo: Readonly<Ref<HTMLVideoElement | null>>
  /** The call ended for a reason the conversation explains (the user may go back to it). */
  backToConversation: () => void
}) {
  const { t } = useI18n()
  const session = useSessionStore()

  const phase = ref<VideoPhase>('idle')
  const notice = ref<VideoNotice | null>(null)
  const peerViews = ref<PeerView[]>([])
  const inCall = ref(0)
  const history = ref<VideoAttendance[]>([])
  const quality = ref<VideoQuality>('unknown')
  const qualityDetail = ref({ rtt: 0, loss: 0 })
  const mode = ref<VideoMode | null>(null)
  /** The room's state (SFU rooms: who is present with their role, hands, mutes, recording). */
  const room = ref<VideoRoom | null>(null)
  /** The chair's view of each participant's link (video.stats), by user id. */
  const linkStats = ref<Record<string, StatsMessage>>({})

  // Native objects stay out of Vue's proxies (their methods refuse a proxied `this`).
  const peers = new Map<string, Peer>()
  // The conversation whose call this is (the component's may change while in it).
  let activeConversation = ''
  let iceServers: RTCIceServer[] = []
  let statsTimer: number | undefined
  let poorStreak = 0
  const unsubscribe: (() => void)[] = []

  const media = useVideoMedia({
    connections: () => (mode.value === 'sfu' ? sfu.publisherConnection() : [...peers.values()].map((p) => p.pc)),
    localVideo: options.localVideo,
    cameraUnavailable: () => say('warning', t('video.notice.cameraUnavailable')),
  })

  const sfu = useSfuRoom({
    media,
    myId: () => myId.value,
    say: (type, text) => say(type, text),
    texts: {
      audioOnly: t('video.notice.audioOnlyAuto'),
      videoBack: t('video.notice.videoBack'),
      reconnected: t('video.notice.reconnected'),
      lost: t('video.notice.sfuLost'),
      closed: t('video.notice.closed'),
    },
    renewGrant: async () => {
      try {
        return (await videoApi.join(activeConversation)).sfu
      } catch {
        return null
      }
    },
    sendStats: (stats) => {
      showLink(stats)
      send(statsMessage(activeConversation, stats))
    },
    giveUp: (text) => void fallBack(text),
    screenEnded: () => void tellScreen(false),
  })

  const myId = computed(() => session.me?.id ?? '')
  const names = computed(() => new Map(options.participants().map((p) => [p.user_id, p.display_name])))

  function nameOf(userId: string): string {
    return names.value.get(userId) ?? userId.slice(0, 8)
  }

  function refreshView(): void {
    peerViews.value = [...peers.values()].map((p) => ({
      id: p.id,
      name: nameOf(p.id),
      state: p.pc.connectionState,
      away: p.away,
    }))
  }

  function say(type: VideoNotice['type'], text: string, toConversation = false): void {
    notice.value = { type, text, toConversation }
  }

  async function setAudioOnly(on: boolean): Promise<void> {
    poorStreak = 0
    await media.setAudioOnly(on)
  }

  // --- peer connections --------------------------------------------------------------------

  function signal(to: string, data: SignalData): void {
    send(signalMessage(activeConversation, to, data))
  }

  function addTracks(peer: Peer): void {
    if (peer.tracksAdded) return
    peer.tracksAdded = media.addTracks(peer.pc)
  }

  /** The connection to a peer; the offering side (lower user id) adds its tracks at once, which
   * starts negotiation, the other side when the offer arrives. */
  function ensurePeer(id: string, offer: boolean): Peer {
    const existing = peers.get(id)
    if (existing) return existing
    const pc = new RTCPeerConnection({ iceServers })
    const peer: Peer = {
      id,
      pc,
      stream: new MediaStream(),
      polite: myId.value > id,
      makingOffer: false,
      ignoreOffer: false,
      tracksAdded: false,
      away: false,
      iceRestarted: false,
      queue: Promise.resolve(),
      lost: 0,
      received: 0,
    }
    peers.set(id, peer)
    pc.ontrack = (ev) => {
      peer.stream.addTrack(ev.track)
      refreshView()
    }
    pc.onicecandidate = (ev) => signal(id, { candidate: ev.candidate ? ev.candidate.toJSON() : null })
    pc.onnegotiationneeded = async () => {
      try {
        peer.makingOffer = true
        await pc.setLocalDescription()
        if (pc.localDescription) signal(id, { description: pc.localDescription.toJSON() })
      } catch (err) {
        console.warn('video: negotiation failed', err)
      } finally {
        peer.makingOffer = false
      }
    }
    pc.onconnectionstatechange = () => {
      refreshView()
      const state = pc.connectionState
      if (peer.away && (state === 'disconnected' || state === 'failed')) closePeer(id)
      else if (state === 'failed') onIceFailed(peer)
    }
    if (offer) addTracks(peer)
    refreshView()
    return peer
  }

  function closePeer(id: string): void {
    const peer = peers.get(id)
    if (!peer) return
    peers.delete(id)
    peer.pc.close()
    peer.stream.getTracks().forEach((tr) => tr.stop())
    refreshView()
  }

  function onIceFailed(peer: Peer): void {
    // One ICE restart (a changed network path may work); a second failure drops that peer, and
    // the call when nobody is left to talk to.
    if (!peer.iceRestarted) {
      peer.iceRestarted = true
      peer.pc.restartIce()
      return
    }
    closePeer(peer.id)
    if (![...peers.values()].some((p) => p.pc.connectionState === 'connected')) {
      void fallBack(t('video.notice.iceFailed'))
    }
  }

  async function applySignal(peer: Peer, data: SignalData): Promise<void> {
    const pc = peer.pc
    if (data.description) {
      const description = data.description
      const collision = description.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable')
      peer.ignoreOffer = !peer.polite && collision
      if (peer.ignoreOffer) return
      await pc.setRemoteDescription(description)
      if (description.type === 'offer') {
        addTracks(peer)
        await pc.setLocalDescription()
        if (pc.localDescription) signal(peer.id, { description: pc.localDescription.toJSON() })
      }
    } else if ('candidate' in data) {
      try {
        await pc.addIceCandidate(data.candidate ?? undefined)
      } catch (err) {
        if (!peer.ignoreOffer) console.warn('video: candidate refused', err)
      }
    }
  }

  function onSignal(message: ServerMessage): void {
    const msg = message as unknown as SignalMessage
    if (phase.value !== 'live' || msg.conversation_id !== activeConversation) return
    const peer = ensurePeer(msg.from, false)
    peer.queue = peer.queue
      .then(() => applySignal(peer, msg.data))
      .catch((err) => console.warn('video: signal failed', err))
  }

  function onPresence(message: ServerMessage): void {
    const msg = message as unknown as PresenceMessage
    if (msg.conversation_id === options.conversationId()) {
      inCall.value = msg.peers.length
      if (mode.value === 'sfu') refreshRoom()
    }
    if (phase.value !== 'live' || msg.conversation_id !== activeConversation) return
    if (msg.user_id === myId.value) {
      // Our attendance ended because a socket of ours dropped, yet we are still here: join again.
      if (!msg.joined && msg.reason === 'disconnected') void rejoin()
      return
    }
    // In an SFU room Janus tells who publishes; presence only updates the room's list.
    if (mode.value === 'sfu') return
    const peer = peers.get(msg.user_id)
    if (msg.joined) {
      if (peer?.away && peer.pc.connectionState === 'connected') peer.away = false
      else if (peer && peer.pc.connectionState !== 'connected') closePeer(msg.user_id)
      if (myId.value < msg.user_id) ensurePeer(msg.user_id, true)
    } else if (peer) {
      // A dropped socket does not stop media flowing peer to peer: keep it while it flows.
      if (msg.reason === 'disconnected' && peer.pc.connectionState === 'connected') peer.away = true
      else closePeer(msg.user_id)
    }
    for (const id of [...peers.keys()]) {
      if (!msg.peers.includes(id) && !peers.get(id)?.away) closePeer(id)
    }
    refreshView()
  }

  function onRemoved(message: ServerMessage): void {
    const msg = message as unknown as RemovedMessage
    if (phase.value !== 'live' || msg.conversation_id !== activeConversation) return
    endLocally()
    say('warning', msg.reason === 'closed' ? t('video.notice.closed') : t('video.notice.removed'), true)
  }

  // --- network quality ---------------------------------------------------------------------

  async function sample(peer: Peer): Promise<{ rtt: number; loss: number } | null> {
    if (peer.pc.connectionState !== 'connected') return null
    const stats = await peer.pc.getStats()
    let rtt = 0
    let lost = 0
    let received = 0
    stats.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        rtt = Math.max(rtt, s.currentRoundTripTime ?? 0)
      } else if (s.type === 'inbound-rtp') {
        lost += s.packetsLost ?? 0
        received += s.packetsReceived ?? 0
      }
    })
    const dLost = Math.max(0, lost - peer.lost)
    const dReceived = Math.max(0, received - peer.received)
    peer.lost = lost
    peer.received = received
    return { rtt, loss: dLost + dReceived > 0 ? dLost / (dLost + dReceived) : 0 }
  }

  function level(rtt: number, loss: number): VideoQuality {
    if (rtt > 0.6 || loss > 0.1) return 'poor'
    if (rtt > 0.3 || loss > 0.03) return 'fair'
    return 'good'
  }

  /** Our own link in an SFU call, from the stats we send the chairs. */
  function showLink(stats: LinkStats): void {
    qualityDetail.value = { rtt: stats.rtt_ms, loss: stats.loss_pct }
    quality.value = level(stats.rtt_ms / 1000, stats.loss_pct / 100)
  }

  async function measure(): Promise<void> {
    const samples = (await Promise.all([...peers.values()].map(sample))).filter((s) => s !== null)
    if (!samples.length) {
      quality.value = 'unknown'
      return
    }
    const rtt = Math.max(...samples.map((s) => s.rtt))
    const loss = Math.max(...samples.map((s) => s.loss))
    qualityDetail.value = { rtt: Math.round(rtt * 1000), loss: Math.round(loss * 1000) / 10 }
    quality.value = level(rtt, loss)
    poorStreak = quality.value === 'poor' ? poorStreak + 1 : 0
    const { audioOnly, hasCamera } = media
    if (!audioOnly.value && hasCamera.value && poorStreak >= POOR_TO_AUDIO) {
      await setAudioOnly(true)
      say('warning', t('video.notice.audioOnly'))
    } else if ((audioOnly.value || !hasCamera.value) && poorStreak >= POOR_TO_LEAVE) {
      await fallBack(t('video.notice.fellBack'))
    }
  }

  async function resumeVideo(): Promise<void> {
    await setAudioOnly(false)
    notice.value = null
  }

  // --- joining and leaving -----------------------------------------------------------------

  function toRtc(servers: IceServer[]): RTCIceServer[] {
    return servers.map((s) => ({
      urls: s.urls,
      ...(s.username ? { username: s.username } : {}),
      ...(s.credential ? { credential: s.credential } : {}),
    }))
  }

  async function start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia || typeof RTCPeerConnection === 'undefined') {
      say('error', t('video.notice.unsupported'))
      return
    }
    phase.value = 'joining'
    notice.value = null
    try {
      await media.open()
    } catch {
      phase.value = 'idle'
      say('error', t('video.notice.noDevices'))
      return
    }
    try {
      const joined = await videoApi.join(options.conversationId())
      activeConversation = joined.conversation_id
      iceServers = toRtc(joined.ice_servers)
      media.audioOnly.value = false
      poorStreak = 0
      inCall.value = joined.peers.length + 1
      mode.value = joined.mode
      if (joined.mode === 'sfu' && joined.sfu) {
        await sfu.start(joined.sfu, iceServers)
        phase.value = 'live'
        await loadRoom()
        return
      }
      phase.value = 'live'
      for (const p of joined.peers) if (myId.value < p.user_id) ensurePeer(p.user_id, true)
      statsTimer = window.setInterval(() => void measure(), STATS_EVERY_MS)
    } catch (err) {
      const conversation = activeConversation
      media.stop()
      phase.value = 'idle'
      activeConversation = ''
      // Joined on the server but Janus could not be reached: leave, so nobody waits for us.
      if (conversation) void videoApi.leave(conversation).catch(() => undefined)
      if (isProblem(err, 'room-full')) {
        const max = Number((err.problem as unknown as Record<string, unknown>).max_participants) || 4
        say('warning', t('video.notice.full', { n: max }))
      } else if (err instanceof Error && !('problem' in err)) {
        say('error', t('video.notice.sfuUnreachable'), true)
      } else notifyError(err)
    }
  }

  /** After our socket came back (or our attendance was ended meanwhile): be in the room again. */
  async function rejoin(): Promise<void> {
    if (phase.value !== 'live') return
    try {
      const joined = await videoApi.join(activeConversation)
      if (mode.value === 'sfu') {
        if (joined.sfu) await sfu.adoptGrant(joined.sfu)
        return
      }
      for (const p of joined.peers) {
        const peer = peers.get(p.user_id)
        if (peer && peer.pc.connectionState !== 'connected') closePeer(p.user_id)
        if (myId.value < p.user_id) ensurePeer(p.user_id, true)
      }
    } catch (err) {
      endLocally()
      notifyError(err)
    }
  }

  function endLocally(): void {
    window.clearInterval(statsTimer)
    statsTimer = undefined
    for (const id of [...peers.keys()]) closePeer(id)
    sfu.stop()
    media.stop()
    if (options.localVideo.value) options.localVideo.value.srcObject = null
    phase.value = 'idle'
    quality.value = 'unknown'
    media.audioOnly.value = false
    activeConversation = ''
  }

  async function hangUp(): Promise<void> {
    const conversation = activeConversation
    endLocally()
    if (!conversation) return
    try {
      const left = await videoApi.leave(conversation)
      if (left.conversation_id === options.conversationId()) showRoom(left)
    } catch (err) {
      notifyError(err)
    }
  }

  async function fallBack(text: string): Promise<void> {
    if (phase.value !== 'live') return
    await hangUp()
    say('warning', text, true)
    options.backToConversation()
  }

  function showRoom(next: VideoRoom): void {
    room.value = next
    inCall.value = next.present.length
    history.value = next.history
    if (next.mode) mode.value = next.mode
    const me = next.present.find((p) => p.user_id === myId.value)
    const held = phase.value === 'live' && !!me?.muted
    if (held !== media.heldMuted.value) {
      media.holdMuted(held)
      if (held) say('warning', t('video.notice.mutedByChair'))
      else say('info', t('video.notice.unmutedByChair'))
    }
  }

  async function loadRoom(): Promise<void> {
    try {
      const conversation = options.conversationId()
      const next = await videoApi.room(conversation)
      if (conversation === options.conversationId()) showRoom(next)
    } catch (err) {
      notifyError(err)
    }
  }

  // Control messages come in bursts (a screen shared also moves the spotlight): one reload each.
  let refreshTimer: number | undefined
  function refreshRoom(): void {
    window.clearTimeout(refreshTimer)
    refreshTimer = window.setTimeout(() => void loadRoom(), 150)
  }

  function onRoomMessage(message: ServerMessage): void {
    if (message.conversation_id === options.conversationId()) refreshRoom()
  }

  function onStats(message: ServerMessage): void {
    const msg = message as unknown as StatsMessage
    if (msg.conversation_id === options.conversationId()) linkStats.value = { ...linkStats.value, [msg.user_id]: msg }
  }

  // --- room controls (SFU rooms) -----------------------------------------------------------

  async function control(action: (conversationId: string) => Promise<VideoRoom>): Promise<void> {
    try {
      showRoom(await action(activeConversation || options.conversationId()))
    } catch (err) {
      notifyError(err)
    }
  }

  const muteParticipant = (userId: string, muted: boolean) => control((c) => videoApi.mute(c, userId, muted))
  const setSpotlight = (userId: string | null) => control((c) => videoApi.spotlight(c, userId))
  /** One's own hand, or (the chair) another's. */
  const setHand = (raised: boolean, userId?: string) => control((c) => videoApi.hand(c, raised, userId))
  const startRecording = (note: string) => control((c) => videoApi.startRecording(c, note))
  const stopRecording = () => control((c) => videoApi.stopRecording(c))
  const acknowledgeRecording = () => control((c) => videoApi.acknowledgeRecording(c))

  function tellScreen(sharing: boolean): Promise<void> {
    return control((c) => videoApi.screen(c, sharing))
  }

  async function toggleScreen(): Promise<void> {
    if (sfu.sharingScreen.value) {
      sfu.stopScreen()
      await tellScreen(false)
      return
    }
    try {
      await sfu.shareScreen()
    } catch (err) {
      // The user chose no screen (or the browser refused): nothing to say.
      if (!(err instanceof DOMException)) say('warning', t('video.notice.screenFailed'))
      return
    }
    await tellScreen(true)
  }

  // Video elements get their streams when they appear (a peer's element is created by v-for).
  function bindRemote(el: unknown, id: string): void {
    const video = el as HTMLVideoElement | null
    const stream = peers.get(id)?.stream
    if (video && stream && video.srcObject !== stream) video.srcObject = stream
  }

  watch(socketState, (state, previous) => {
    if (state === 'open' && previous !== 'open') void rejoin()
  })

  watch(options.conversationId, () => {
    if (phase.value !== 'idle') void hangUp()
    notice.value = null
    room.value = null
    mode.value = null
    linkStats.value = {}
    void loadRoom()
  })

  onMounted(() => {
    unsubscribe.push(
      onMessageType('video.signal', onSignal),
      onMessageType('video.presence', onPresence),
      onMessageType('video.removed', onRemoved),
      onMessageType('video.control', onRoomMessage),
      onMessageType('video.recording', onRoomMessage),
      onMessageType('video.stats', onStats),
    )
    void loadRoom()
  })

  onBeforeUnmount(() => {
    window.clearTimeout(refreshTimer)
    unsubscribe.forEach((off) => off())
    if (phase.value !== 'idle') void hangUp()
  })

  return {
    phase,
    notice,
    peerViews,
    inCall,
    history,
    quality,
    qualityDetail,
    mode,
    room,
    linkStats,
    myId,
    feeds: sfu.feedViews,
    ice: sfu.ice,
    reconnecting: sfu.reconnecting,
    localFrames: sfu.localFrames,
    sharingScreen: sfu.sharingScreen,
    screenStream: sfu.screenStream,
    bindFeed: sfu.bindFeed,
    bindLocal: media.bindLocal,
    muteParticipant,
    setSpotlight,
    setHand,
    toggleScreen,
    startRecording,
    stopRecording,
    acknowledgeRecording,
    heldMuted: media.heldMuted,
    micOn: media.micOn,
    cameraOn: media.cameraOn,
    hasCamera: media.hasCamera,
    audioOnly: media.audioOnly,
    cameras: media.cameras,
    microphones: media.microphones,
    cameraId: media.cameraId,
    microphoneId: media.microphoneId,
    start,
    hangUp,
    resumeVideo,
    toggleMic: media.toggleMic,
    toggleCamera: media.toggleCamera,
    switchDevice: media.switchDevice,
    bindRemote,
  }
}
