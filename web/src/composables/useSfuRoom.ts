import Janus, { type JanusJS } from 'janus-gateway'
import adapter from 'webrtc-adapter'
import { onBeforeUnmount, reactive, ref, shallowRef } from 'vue'
import type { LinkStats, SfuGrant } from '@/api/video'
import type { useVideoMedia } from './useVideoMedia'

// The call of an SFU room (Janus VideoRoom, docs/decisions/0009): one publisher handle sends the
// camera and microphone with simulcast (three VP8 layers), one subscriber handle receives every
// other publisher (multistream), a second publisher handle shares a screen. The weak-link logic of
// issue 14 lives here: each received video is moved down a layer (then to audio only) when its
// link is poor and back up when it has been good a while; our own video stops when the uplink is
// poor; dropped ICE is restarted, a dropped Janus socket reclaims its session, and when neither
// works the room is joined afresh, for up to GIVE_UP_MS before the call falls back to the
// conversation.

export type SfuLayer = 0 | 1 | 2 | 'audio'
type IceName = RTCIceConnectionState | 'new'
type Handle = JanusJS.PluginHandle
type Media = ReturnType<typeof useVideoMedia>

/** One remote publisher as the panel shows it. */
export interface SfuFeedView {
  feedId: number
  userId: string
  /** A shared screen (display `screen:<user id>`), not a camera. */
  screen: boolean
  /** The layer received now (Janus says when it switches); 'audio' while video is not sent to us. */
  layer: SfuLayer
  /** Frames decoded so far (getStats framesDecoded): it grows while the picture moves. */
  frames: number
  /** Their camera sends nothing (they are on audio only, or their camera is off). */
  videoMuted: boolean
}

interface Feed {
  id: number
  userId: string
  screen: boolean
  stream: MediaStream
  videoMid: string | null
  /** The layer asked of Janus; `layer` is what Janus says it sends. */
  target: SfuLayer
  layer: SfuLayer
  poor: number
  good: number
  slow: boolean
  lost: number
  received: number
  decoded: number
  dropped: number
  frames: number
  videoMuted: boolean
}

interface VideoroomMessage {
  videoroom?: string
  error?: string
  error_code?: number
  publishers?: { id: number; display?: string }[]
  unpublished?: number | 'ok'
  leaving?: number | 'ok'
  private_id?: number
  streams?: { mid: string; feed_id?: number; type?: string; active?: boolean }[]
  mid?: string
  substream?: number
  [key: string]: unknown
}

const SAMPLE_MS = 2000
const STATS_EVERY_MS = 5000
// Downlink: poor this many samples → one layer down; good this many → one layer up.
const POOR_TO_STEP_DOWN = 2
const GOOD_TO_STEP_UP = 5
// Uplink: poor ~6 s → stop sending video; good ~10 s (longer after each relapse) → send it again.
const POOR_TO_AUDIO_ONLY = 3
const GOOD_TO_RESUME = 5
// Recovery: a disconnected ICE gets a moment to come back by itself before it is restarted; after
// REBUILD_AFTER_MS of trouble the room is joined afresh; after GIVE_UP_MS the call ends.
const ICE_GRACE_MS = 5000
// A connection still setting up (ICE new or checking) this long is stuck: it is restarted too.
const ICE_SETUP_MS = 15_000
const ICE_RESTART_EVERY_MS = 5000
const RECLAIM_EVERY_MS = 4000
const REBUILD_AFTER_MS = 30_000
const REBUILD_EVERY_MS = 8000
const GIVE_UP_MS = 60_000
const REQUEST_TIMEOUT_MS = 10_000
// What a layer needs (bit/s), against the link's estimate of what it can carry.
const LAYER_NEEDS: Record<SfuLayer, number> = { 2: 350_000, 1: 120_000, 0: 40_000, audio: 0 }
const SIMULCAST_BITRATES = { high: LAYER_NEEDS[2], medium: LAYER_NEEDS[1], low: LAYER_NEEDS[0] }
const VIDEOROOM = 'janus.plugin.videoroom'

let janusReady: Promise<void> | null = null

function initJanus(): Promise<void> {
  janusReady ??= new Promise((resolve) =>
    Janus.init({ debug: false, dependencies: Janus.useDefaultDependencies({ adapter }), callback: resolve }),
  )
  return janusReady
}

/** Janus refused a request, or did not answer it in time. */
class JanusRequestError extends Error {}

function lower(layer: SfuLayer): SfuLayer {
  return layer === 2 ? 1 : layer === 1 ? 0 : 'audio'
}

function higher(layer: SfuLayer): SfuLayer {
  return layer === 'audio' ? 0 : layer === 0 ? 1 : 2
}

function iceBad(state: IceName): boolean {
  return state === 'disconnected' || state === 'failed' || state === 'closed'
}

function iceWaiting(state: IceName): boolean {
  return state === 'new' || state === 'checking'
}

export function useSfuRoom(options: {
  media: Media
  myId: () => string
  say: (type: 'info' | 'warning', text: string) => void
  texts: { audioOnly: string; videoBack: string; reconnected: string; lost: string; closed: string }
  /** Join again through yilian: a fresh grant (or null when refused). */
  renewGrant: () => Promise<SfuGrant | null>
  /** Every STATS_EVERY_MS while in the call: what the chairs see of our link. */
  sendStats: (stats: LinkStats) => void
  /** Recovery failed for GIVE_UP_MS: the call ends, the conversation goes on. */
  giveUp: (text: string) => void
  /** Our screen sharing ended from the browser (its own stop button): the server is told. */
  screenEnded: () => void
}) {
  const { media } = options
  const feedViews = ref<SfuFeedView[]>([])
  const ice = reactive<{ publisher: IceName; subscriber: IceName }>({ publisher: 'new', subscriber: 'new' })
  const reconnecting = ref(false)
  const localFrames = ref(0)
  const sharingScreen = ref(false)
  /** Our own shared screen, to show it to ourselves. */
  const screenStream = shallowRef<MediaStream | null>(null)

  // Native objects stay out of Vue's proxies (their methods refuse a proxied `this`).
  let grant: SfuGrant | null = null
  let iceServers: RTCIceServer[] = []
  let janus: Janus | null = null
  let publisher: Handle | null = null
  let subscriber: Handle | null = null
  let screenHandle: Handle | null = null
  let screenTrack: MediaStreamTrack | null = null
  let privateId: number | undefined
  const feeds = new Map<number, Feed>()
  const midFeed = new Map<string, number>()
  const subscribed = new Set<number>()
  let subscriptions: Promise<void> = Promise.resolve()
  // Bumped on every fresh join of the room: callbacks of an older session are ignored.
  let generation = 0
  let live = false
  const pendingJoins = new Map<Handle, { resolve: (m: VideoroomMessage) => void; reject: (e: Error) => void }>()

  // Recovery state.
  let sessionDown = false
  let publisherGone = false
  let subscriberGone = false
  let rebuildNeeded = false
  let troubleSince = 0
  const iceBadSince = { publisher: 0, subscriber: 0 }
  const iceWaitingSince = { publisher: 0, subscriber: 0 }
  // When the last join of the room went through to the end (0: none has, or one failed midway).
  let builtAt = 0
  const lastIceRestart = { publisher: 0, subscriber: 0 }
  let lastReclaim = 0
  let lastRebuild = 0
  let recovering = false

  // Link state.
  let uplinkSlow = false
  let poorUp = 0
  let goodUp = 0
  let resumeAfter = GOOD_TO_RESUME
  let audioOnlyByNetwork = false
  let lastResume = 0
  let sentBytes = 0
  let receivedBytes = 0
  let lastSampleAt = 0
  const latest: LinkStats = { up_kbps: 0, down_kbps: 0, rtt_ms: 0, loss_pct: 0, layer: null, audio_only: false }
  let sampleTimer: number | undefined
  let statsTimer: number | undefined
  let recoveryTimer: number | undefined

  // --- Janus plumbing ----------------------------------------------------------------------

  function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => reject(new JanusRequestError(`${what}: no answer`)), REQUEST_TIMEOUT_MS)
      promise.then(
        (v) => {
          window.clearTimeout(timer)
          resolve(v)
        },
        (e) => {
          window.clearTimeout(timer)
          reject(e)
        },
      )
    })
  }

  function openSession(gen: number, current: SfuGrant): Promise<Janus> {
    return withTimeout(
      new Promise((resolve, reject) => {
        let opened = false
        const session: Janus = new Janus({
          server: current.url,
          token: current.token,
          iceServers,
          destroyOnUnload: true,
          success: () => {
            opened = true
            resolve(session)
          },
          error: (err: unknown) => {
            if (!opened) reject(new JanusRequestError(String(err)))
            else if (gen === generation) sessionDown = true
          },
        })
      }),
      'session',
    )
  }

  function attach(session: Janus, callbacks: Omit<JanusJS.PluginOptions, 'plugin' | 'success' | 'error'>): Promise<Handle> {
    return withTimeout(
      new Promise((resolve, reject) =>
        session.attach({
          plugin: VIDEOROOM,
          ...callbacks,
          success: resolve,
          error: (err) => reject(new JanusRequestError(String(err))),
        }),
      ),
      'attach',
    )
  }

  function request(handle: Handle, message: Record<string, unknown>, jsep?: JanusJS.JSEP): Promise<VideoroomMessage> {
    return withTimeout(
      new Promise((resolve, reject) =>
        handle.send({
          message: message as JanusJS.PluginMessage['message'],
          jsep,
          success: (data?: VideoroomMessage) => {
            if (data?.error) reject(new JanusRequestError(data.error))
            else resolve(data ?? {})
          },
          error: (err) => reject(new JanusRequestError(String(err))),
        }),
      ),
      String(message.request),
    )
  }

  /** A join is answered by an event ('joined' or 'attached'), not by the request's ack. */
  function join(handle: Handle, message: Record<string, unknown>): Promise<VideoroomMessage> {
    const answered = new Promise<VideoroomMessage>((resolve, reject) => pendingJoins.set(handle, { resolve, reject }))
    void request(handle, message).catch((err) => pendingJoins.get(handle)?.reject(err))
    return withTimeout(answered, 'join').finally(() => pendingJoins.delete(handle))
  }

  /** Settles a pending join; true when the message was its answer. */
  function settleJoin(handle: Handle, msg: VideoroomMessage): boolean {
    const pending = pendingJoins.get(handle)
    if (!pending) return false
    if (msg.error) pending.reject(new JanusRequestError(msg.error))
    else if (msg.videoroom === 'joined' || msg.videoroom === 'attached') pending.resolve(msg)
    else return false
    return true
  }

  function offer(handle: Handle, params: JanusJS.OfferParams): Promise<JanusJS.JSEP> {
    return withTimeout(
      new Promise((resolve, reject) => handle.createOffer({ ...params, success: resolve, error: reject })),
      'offer',
    )
  }

  /** Our camera and microphone as Janus tracks; they stay ours (dontStop) when Janus cleans up. */
  function cameraTracks(): JanusJS.TrackOption[] {
    const tracks: (JanusJS.TrackOption & { dontStop: boolean })[] = []
    const audio = media.localTrack('audio')
    const video = media.localTrack('video')
    if (audio) tracks.push({ type: 'audio', capture: audio, recv: false, dontStop: true })
    if (video) {
      tracks.push({
        type: 'video',
        capture: video,
        recv: false,
        simulcast: true,
        simulcastMaxBitrates: SIMULCAST_BITRATES,
        dontStop: true,
      })
    }
    return tracks
  }

  // --- publishing --------------------------------------------------------------------------

  function publisherCallbacks(gen: number) {
    return {
      onmessage: (message: JanusJS.Message, jsep?: JanusJS.JSEP) => {
        if (gen !== generation || !publisher) return
        const msg = message as VideoroomMessage
        if (settleJoin(publisher, msg)) {
          // The answer to the join; its publishers are taken once we publish.
        } else if (msg.videoroom === 'destroyed') {
          options.giveUp(options.texts.closed)
          return
        } else if (msg.videoroom === 'event') {
          if (msg.publishers) addPublishers(msg.publishers)
          for (const gone of [msg.unpublished, msg.leaving]) if (typeof gone === 'number') removeFeed(gone)
          if (msg.error) console.warn('video: janus', msg.error)
        }
        if (jsep) publisher.handleRemoteJsep({ jsep })
      },
      iceState: (state: IceName) => {
        if (gen === generation) setIce('publisher', state)
      },
      slowLink: () => {
        uplinkSlow = true
      },
      oncleanup: () => {
        if (gen === generation && live) publisherGone = true
      },
    }
  }

  async function publish(handle: Handle): Promise<void> {
    const jsep = await offer(handle, { tracks: cameraTracks() })
    await request(handle, { request: 'configure', audio: true, video: !!media.localTrack('video') }, jsep)
    publisherGone = false
    // A republished connection starts with the camera on: keep the audio only we chose.
    if (media.audioOnly.value) await media.setAudioOnly(true)
  }

  // --- subscribing -------------------------------------------------------------------------

  function addPublishers(list: { id: number; display?: string }[]): void {
    if (!grant) return
    for (const p of list) {
      if (p.id === grant.publisher_id || p.id === grant.publisher_id + 1 || feeds.has(p.id)) continue
      const display = p.display ?? ''
      const screen = display.startsWith('screen:')
      feeds.set(p.id, {
        id: p.id,
        userId: screen ? display.slice('screen:'.length) : display,
        screen,
        stream: new MediaStream(),
        videoMid: null,
        target: 2,
        layer: 2,
        poor: 0,
        good: 0,
        slow: false,
        lost: 0,
        received: 0,
        decoded: 0,
        dropped: 0,
        frames: 0,
        videoMuted: false,
      })
    }
    refreshView()
    syncSubscriptions()
  }

  function removeFeed(id: number): void {
    const feed = feeds.get(id)
    if (!feed) return
    // Janus drops the leaving publisher's streams from our subscription itself (and renegotiates).
    feeds.delete(id)
    subscribed.delete(id)
    for (const [mid, feedId] of midFeed) if (feedId === id) midFeed.delete(mid)
    refreshView()
  }

  /** Subscriptions change one request at a time: each renegotiates the subscriber's connection. */
  function syncSubscriptions(): void {
    const gen = generation
    subscriptions = subscriptions
      .then(async () => {
        if (gen !== generation || !janus || !grant) return
        const wanted = [...feeds.keys()].filter((id) => !subscribed.has(id))
        if (!wanted.length) return
        wanted.forEach((id) => subscribed.add(id))
        const streams = wanted.map((feed) => ({ feed }))
        if (!subscriber) {
          subscriber = await attach(janus, subscriberCallbacks(gen))
          iceWaitingSince.subscriber = Date.now()
          await join(subscriber, {
            request: 'join',
            ptype: 'subscriber',
            room: grant.room,
            private_id: privateId,
            token: grant.token,
            streams,
          })
        } else {
          await request(subscriber, { request: 'subscribe', streams })
        }
      })
      .catch((err) => {
        if (gen !== generation) return
        console.warn('video: subscription failed', err)
        subscribed.clear()
        subscriberGone = true
      })
  }

  function subscriberCallbacks(gen: number) {
    return {
      onmessage: (message: JanusJS.Message, jsep?: JanusJS.JSEP) => {
        if (gen !== generation || !subscriber) return
        const msg = message as VideoroomMessage
        settleJoin(subscriber, msg)
        if (msg.streams) mapStreams(msg.streams)
        if (msg.videoroom === 'event' && typeof msg.substream === 'number' && msg.mid) {
          const feed = feedOfMid(msg.mid)
          if (feed && feed.target !== 'audio') feed.layer = msg.substream as SfuLayer
          refreshView()
        }
        // 428: a publisher that left before our subscription to it arrived; nothing to do.
        if (msg.error && msg.error_code !== 428) console.warn('video: janus', msg.error)
        if (jsep) answer(subscriber, jsep)
      },
      onremotetrack: (track: MediaStreamTrack, mid: string, on: boolean, metadata?: JanusJS.RemoteTrackMetadata) => {
        if (gen !== generation) return
        const feed = feedOfMid(mid)
        if (!feed) return
        const reason = metadata?.reason
        if (reason === 'mute' || reason === 'unmute') {
          if (track.kind === 'video') feed.videoMuted = reason === 'mute'
        } else if (on) {
          feed.stream.getTracks().filter((tr) => tr.kind === track.kind && tr !== track).forEach((tr) => feed.stream.removeTrack(tr))
          if (!feed.stream.getTracks().includes(track)) feed.stream.addTrack(track)
          if (track.kind === 'video') feed.videoMuted = false
        } else {
          feed.stream.removeTrack(track)
        }
        refreshView()
      },
      iceState: (state: IceName) => {
        if (gen === generation) setIce('subscriber', state)
      },
      slowLink: (_uplink: boolean, _lost: number, mid: string) => {
        const slowFeeds = mid ? [feedOfMid(mid)] : [...feeds.values()]
        slowFeeds.forEach((feed) => feed && (feed.slow = true))
      },
      oncleanup: () => {
        if (gen === generation && live) subscriberGone = true
      },
    }
  }

  function answer(handle: Handle, jsep: JanusJS.JSEP): void {
    handle.createAnswer({
      jsep,
      tracks: [],
      success: (ours: JanusJS.JSEP) => void request(handle, { request: 'start' }, ours).catch((err) => console.warn('video: start failed', err)),
      error: (err: string) => console.warn('video: answer failed', err),
    })
  }

  function mapStreams(streams: NonNullable<VideoroomMessage['streams']>): void {
    for (const s of streams) {
      if (s.feed_id === undefined || s.active === false) {
        midFeed.delete(s.mid)
        continue
      }
      midFeed.set(s.mid, s.feed_id)
      const feed = feeds.get(s.feed_id)
      if (feed && s.type === 'video') feed.videoMid = s.mid
    }
  }

  function feedOfMid(mid: string): Feed | undefined {
    const id = midFeed.get(mid)
    return id === undefined ? undefined : feeds.get(id)
  }

  // --- the room, from nothing --------------------------------------------------------------

  /** Ends our Janus session; settles when Janus has confirmed it, or could not be told. */
  function dropSession(): Promise<void> {
    const old = janus
    janus = null
    publisher = null
    subscriber = null
    screenHandle = null
    pendingJoins.clear()
    // Destroying frees our publisher ids in the room at once (joining again with them before
    // Janus has done so is refused); an unreachable Janus drops the session itself when its
    // keep-alives stop, and the next rebuild tries again.
    if (!old?.isConnected()) return Promise.resolve()
    const destroyed = new Promise<void>((resolve) =>
      old.destroy({ cleanupHandles: true, notifyDestroyed: false, success: resolve, error: () => resolve() }),
    )
    return withTimeout(destroyed, 'destroy').catch(() => undefined)
  }

  /** Joins the room with the grant we hold: a session, our camera published, the others subscribed. */
  async function build(): Promise<void> {
    if (!grant) return
    const gen = ++generation
    await dropSession()
    if (gen !== generation) return
    for (const id of [...feeds.keys()]) removeFeed(id)
    midFeed.clear()
    subscriptions = Promise.resolve()
    sessionDown = publisherGone = subscriberGone = rebuildNeeded = false
    builtAt = 0
    resetIce()
    await initJanus()
    const current = grant
    const session = await openSession(gen, current)
    if (gen !== generation) return
    janus = session
    const handle = await attach(session, publisherCallbacks(gen))
    publisher = handle
    const joined = await join(handle, {
      request: 'join',
      ptype: 'publisher',
      room: current.room,
      id: current.publisher_id,
      display: current.display,
      token: current.token,
    })
    privateId = joined.private_id
    await publish(handle)
    if (joined.publishers) addPublishers(joined.publishers)
    if (gen === generation) builtAt = Date.now()
  }

  async function start(first: SfuGrant, servers: RTCIceServer[]): Promise<void> {
    grant = first
    iceServers = servers
    live = true
    troubleSince = 0
    reconnecting.value = false
    audioOnlyByNetwork = false
    resumeAfter = GOOD_TO_RESUME
    try {
      await build()
    } catch (err) {
      stop()
      throw err
    }
    sampleTimer = window.setInterval(() => void sample(), SAMPLE_MS)
    statsTimer = window.setInterval(() => options.sendStats({ ...latest }), STATS_EVERY_MS)
    recoveryTimer = window.setInterval(() => void recover(), 1000)
  }

  /** A fresh grant from yilian (after our socket came back): a different one means joining again. */
  async function adoptGrant(next: SfuGrant): Promise<void> {
    if (!live || !grant) return
    const same = next.token === grant.token && next.publisher_id === grant.publisher_id && next.room === grant.room
    grant = next
    if (!same) rebuildNeeded = true
  }

  function stop(): void {
    live = false
    generation += 1
    window.clearInterval(sampleTimer)
    window.clearInterval(statsTimer)
    window.clearInterval(recoveryTimer)
    stopScreen()
    void dropSession()
    for (const id of [...feeds.keys()]) removeFeed(id)
    midFeed.clear()
    grant = null
    builtAt = 0
    resetIce()
    reconnecting.value = false
    localFrames.value = 0
  }

  // --- recovery ----------------------------------------------------------------------------

  function setIce(which: 'publisher' | 'subscriber', state: IceName): void {
    const now = Date.now()
    ice[which] = state
    iceBadSince[which] = iceBad(state) ? iceBadSince[which] || now : 0
    iceWaitingSince[which] = iceWaiting(state) ? iceWaitingSince[which] || now : 0
  }

  function resetIce(): void {
    const now = Date.now()
    for (const which of ['publisher', 'subscriber'] as const) {
      ice[which] = 'new'
      iceBadSince[which] = 0
      iceWaitingSince[which] = now
    }
  }

  function iceStuck(which: 'publisher' | 'subscriber', now: number): boolean {
    return iceWaitingSince[which] > 0 && now - iceWaitingSince[which] > ICE_SETUP_MS
  }

  /** Joined to the end and nothing broken; a join that failed midway, or a connection that never
   * came up, is trouble like a dropped one (its ICE state alone, still "new", would not say so). */
  function healthy(now: number): boolean {
    const connectionOk = (which: 'publisher' | 'subscriber') => !iceBad(ice[which]) && !iceStuck(which, now)
    return (
      builtAt > 0 &&
      !sessionDown &&
      !publisherGone &&
      !subscriberGone &&
      !rebuildNeeded &&
      connectionOk('publisher') &&
      (!subscriber || connectionOk('subscriber'))
    )
  }

  function reclaim(session: Janus): Promise<void> {
    return withTimeout(
      new Promise((resolve, reject) =>
        session.reconnect({
          success: () => resolve(),
          error: (err: string) => reject(new JanusRequestError(err)),
        }),
      ),
      'claim',
    )
  }

  async function restartIce(which: 'publisher' | 'subscriber'): Promise<void> {
    lastIceRestart[which] = Date.now()
    if (which === 'publisher' && publisher) {
      const jsep = await offer(publisher, { iceRestart: true })
      await request(publisher, { request: 'configure' }, jsep)
    } else if (which === 'subscriber' && subscriber) {
      // Janus answers with a new offer (restarted ICE), which we answer as any other.
      await request(subscriber, { request: 'configure', restart: true })
    }
  }

  /** Joins the room afresh, with the grant yilian holds for us now (the same token while it is
   * valid; a new one after it was taken back); yilian unreachable: the grant we have. */
  async function rebuild(): Promise<void> {
    lastRebuild = Date.now()
    const fresh = await options.renewGrant()
    if (!live) return
    if (fresh) grant = fresh
    await build()
  }

  /** Once a second while in the call: put right what broke, from the lightest step to the heaviest. */
  async function recover(): Promise<void> {
    if (!live || recovering) return
    const now = Date.now()
    if (healthy(now)) {
      if (troubleSince) {
        troubleSince = 0
        reconnecting.value = false
        options.say('info', options.texts.reconnected)
      }
      return
    }
    troubleSince ||= now
    reconnecting.value = true
    if (now - troubleSince > GIVE_UP_MS) {
      options.giveUp(options.texts.lost)
      return
    }
    recovering = true
    try {
      const stale = rebuildNeeded || !builtAt || now - troubleSince > REBUILD_AFTER_MS
      if (stale || !janus) {
        if (now - lastRebuild > REBUILD_EVERY_MS) await rebuild()
      } else if (sessionDown) {
        if (now - lastReclaim > RECLAIM_EVERY_MS) {
          lastReclaim = now
          try {
            await reclaim(janus)
            sessionDown = false
          } catch (err) {
            // The session is gone (Janus timed it out): only a fresh join brings us back.
            if (err instanceof JanusRequestError && /session/i.test(err.message)) rebuildNeeded = true
          }
        }
      } else {
        if (publisherGone && publisher) await publish(publisher)
        else if (iceNeedsRestart('publisher', now)) await restartIce('publisher')
        if (subscriberGone) {
          rebuildNeeded = true
        } else if (iceNeedsRestart('subscriber', now)) await restartIce('subscriber')
      }
    } catch (err) {
      console.warn('video: recovery step failed', err)
    } finally {
      recovering = false
    }
  }

  function iceNeedsRestart(which: 'publisher' | 'subscriber', now: number): boolean {
    const since = iceBadSince[which]
    if (!since) return iceStuck(which, now) && now - lastIceRestart[which] > ICE_RESTART_EVERY_MS
    const waited = ice[which] === 'failed' || now - since > ICE_GRACE_MS
    return waited && now - lastIceRestart[which] > ICE_RESTART_EVERY_MS
  }

  // --- link quality ------------------------------------------------------------------------

  async function sample(): Promise<void> {
    if (!live || reconnecting.value) return
    const now = Date.now()
    const seconds = lastSampleAt ? (now - lastSampleAt) / 1000 : SAMPLE_MS / 1000
    lastSampleAt = now
    try {
      await sampleUplink(seconds)
      await sampleDownlink(seconds)
    } catch (err) {
      console.warn('video: stats failed', err)
    }
    refreshView()
  }

  async function sampleUplink(seconds: number): Promise<void> {
    const pc = publisher?.webrtcStuff.pc
    if (!pc) return
    let bytes = 0
    let frames = 0
    let loss = 0
    let rtt = 0
    let available: number | undefined
    ;(await pc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp') {
        bytes += s.bytesSent ?? 0
        if (s.kind === 'video') frames = Math.max(frames, s.framesEncoded ?? 0)
      } else if (s.type === 'remote-inbound-rtp') {
        loss = Math.max(loss, s.fractionLost ?? 0)
        rtt = Math.max(rtt, s.roundTripTime ?? 0)
      } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        rtt = Math.max(rtt, s.currentRoundTripTime ?? 0)
        available = s.availableOutgoingBitrate
      }
    })
    latest.up_kbps = Math.round((Math.max(0, bytes - sentBytes) * 8) / seconds / 1000)
    latest.rtt_ms = Math.round(rtt * 1000)
    latest.loss_pct = Math.round(loss * 1000) / 10
    sentBytes = bytes
    localFrames.value = frames
    const sendingVideo = !media.audioOnly.value && !!media.localTrack('video')
    // Loss, not the round trip or the send estimate: a busy computer (or Janus's) delays packets
    // without the link being at fault, and the estimate starts low while nobody receives us yet.
    const poor = uplinkSlow || loss > 0.1
    const good = !uplinkSlow && loss < 0.03
    const slow = uplinkSlow
    uplinkSlow = false
    poorUp = poor ? poorUp + 1 : 0
    goodUp = good ? goodUp + 1 : 0
    if (sendingVideo && poorUp >= POOR_TO_AUDIO_ONLY) {
      poorUp = goodUp = 0
      // Back on video less than a minute ago and poor again: wait longer before the next try.
      if (Date.now() - lastResume < 60_000) resumeAfter = Math.min(resumeAfter * 2, 30)
      audioOnlyByNetwork = true
      console.warn('video: uplink poor, sending audio only', { loss, rtt, available, slow })
      await media.setAudioOnly(true)
      options.say('warning', options.texts.audioOnly)
    } else if (audioOnlyByNetwork && media.audioOnly.value && goodUp >= resumeAfter) {
      poorUp = goodUp = 0
      audioOnlyByNetwork = false
      lastResume = Date.now()
      await media.setAudioOnly(false)
      options.say('info', options.texts.videoBack)
    }
    latest.audio_only = media.audioOnly.value || !media.localTrack('video')
  }

  async function sampleDownlink(seconds: number): Promise<void> {
    const pc = subscriber?.webrtcStuff.pc
    if (!pc) return
    let available: number | undefined
    let bytes = 0
    let worstLoss = 0
    ;(await pc.getStats()).forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') available = s.availableIncomingBitrate
      else if (s.type === 'inbound-rtp') bytes += s.bytesReceived ?? 0
    })
    latest.down_kbps = Math.round((Math.max(0, bytes - receivedBytes) * 8) / seconds / 1000)
    receivedBytes = bytes
    const needed = [...feeds.values()].reduce((sum, f) => sum + LAYER_NEEDS[f.target], 0)
    const starved = available !== undefined && needed > 0 && available < needed * 0.8
    // Each feed's packets over its audio and video (audio alone tells while its video is off).
    const perFeed = new Map<Feed, { lost: number; received: number; decoded: number; dropped: number; jitter: number }>()
    for (const tr of pc.getTransceivers()) {
      const feed = tr.mid ? feedOfMid(tr.mid) : undefined
      if (!feed) continue
      const acc = perFeed.get(feed) ?? { lost: 0, received: 0, decoded: feed.decoded, dropped: feed.dropped, jitter: 0 }
      perFeed.set(feed, acc)
      ;(await tr.receiver.getStats()).forEach((s) => {
        if (s.type !== 'inbound-rtp') return
        acc.lost += s.packetsLost ?? 0
        acc.received += s.packetsReceived ?? 0
        acc.jitter = Math.max(acc.jitter, s.jitter ?? 0)
        if (s.kind === 'video') {
          acc.decoded = s.framesDecoded ?? acc.decoded
          acc.dropped = s.framesDropped ?? acc.dropped
        }
      })
    }
    const samples = [...perFeed].map(([feed, acc]) => {
      const dLost = Math.max(0, acc.lost - feed.lost)
      const dReceived = Math.max(0, acc.received - feed.received)
      const dDecoded = Math.max(0, acc.decoded - feed.decoded)
      const dDropped = Math.max(0, acc.dropped - feed.dropped)
      Object.assign(feed, { lost: acc.lost, received: acc.received, decoded: acc.decoded, dropped: acc.dropped, frames: acc.decoded })
      return {
        feed,
        flowing: dReceived > 0,
        loss: dLost + dReceived > 0 ? dLost / (dLost + dReceived) : 0,
        dropRate: dDecoded + dDropped > 0 ? dDropped / (dDecoded + dDropped) : 0,
        jitter: acc.jitter,
      }
    })
    // Loss on every feed is our link's; loss on one feed alone is its publisher's uplink (which
    // no layer we ask for can mend), so a feed is moved for the least loss of all.
    const linkLoss = samples.length ? Math.min(...samples.map((x) => x.loss)) : 0
    for (const { feed, flowing, loss, dropRate, jitter } of samples) {
      worstLoss = Math.max(worstLoss, loss)
      adapt(feed, {
        network: feed.slow || starved || linkLoss > 0.08,
        // Frames the decoder drops: a lower layer is cheaper to decode, but not a reason for audio only.
        decoder: dropRate > 0.3,
        // Nothing arriving (an outage) is no sign of a good link.
        good: flowing && !feed.slow && !starved && linkLoss < 0.02 && jitter < 0.05 && dropRate < 0.1,
        room: available === undefined || available > needed - LAYER_NEEDS[feed.target] + LAYER_NEEDS[higher(feed.target)] * 1.5,
        measured: { slow: feed.slow, starved, available, linkLoss, jitter, dropRate },
      })
      feed.slow = false
    }
    latest.loss_pct = Math.max(latest.loss_pct, Math.round(worstLoss * 1000) / 10)
    const layers = [...feeds.values()].map((f) => f.layer).filter((l): l is 0 | 1 | 2 => l !== 'audio')
    latest.layer = layers.length ? (Math.min(...layers) as 0 | 1 | 2) : null
  }

  /** Moves one received video a layer down when its link is poor, up when good for a while. */
  function adapt(
    feed: Feed,
    link: { network: boolean; decoder: boolean; good: boolean; room: boolean; measured: object },
  ): void {
    feed.poor = link.network || link.decoder ? feed.poor + 1 : 0
    feed.good = link.good ? feed.good + 1 : 0
    const down = lower(feed.target)
    if (feed.poor >= POOR_TO_STEP_DOWN && feed.target !== 'audio' && (link.network || down !== 'audio')) {
      console.warn('video: downlink poor, a layer down', feed.id, link.measured)
      setLayer(feed, down)
    }
    else if (feed.good >= GOOD_TO_STEP_UP && feed.target !== 2 && link.room) setLayer(feed, higher(feed.target))
  }

  function setLayer(feed: Feed, layer: SfuLayer): void {
    feed.poor = feed.good = 0
    if (!subscriber || !feed.videoMid) return
    const stream =
      layer === 'audio'
        ? { mid: feed.videoMid, send: false }
        : { mid: feed.videoMid, send: true, substream: layer, temporal: 2 }
    feed.target = layer
    // Janus says when the substream changes; until then (and for audio only) what we asked for.
    feed.layer = layer
    void request(subscriber, { request: 'configure', streams: [stream] }).catch((err) =>
      console.warn('video: layer change failed', err),
    )
  }

  // --- screen sharing ----------------------------------------------------------------------

  async function shareScreen(): Promise<void> {
    if (!janus || !grant || screenHandle) return
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false })
    const track = display.getVideoTracks()[0]
    // Images and ECGs: keep their detail sharp rather than their motion smooth.
    track.contentHint = 'detail'
    track.onended = () => {
      if (!sharingScreen.value) return
      stopScreen()
      options.screenEnded()
    }
    screenTrack = track
    screenStream.value = display
    const gen = generation
    try {
      const handle = await attach(janus, {
        onmessage: (message: JanusJS.Message, jsep?: JanusJS.JSEP) => {
          if (gen !== generation) return
          settleJoin(handle, message as VideoroomMessage)
          if (jsep) handle.handleRemoteJsep({ jsep })
        },
      })
      screenHandle = handle
      await join(handle, {
        request: 'join',
        ptype: 'publisher',
        room: grant.room,
        id: grant.publisher_id + 1,
        display: `screen:${options.myId()}`,
        token: grant.token,
      })
      const tracks = [{ type: 'screen', capture: track, recv: false, simulcast: true, dontStop: true }] as JanusJS.TrackOption[]
      const jsep = await offer(handle, { tracks })
      await request(handle, { request: 'configure', audio: false, video: true }, jsep)
      sharingScreen.value = true
    } catch (err) {
      stopScreen()
      throw err
    }
  }

  function stopScreen(): void {
    screenTrack?.stop()
    screenTrack = null
    screenStream.value = null
    sharingScreen.value = false
    const handle = screenHandle
    screenHandle = null
    handle?.detach()
  }

  // --- the view ----------------------------------------------------------------------------

  function refreshView(): void {
    feedViews.value = [...feeds.values()].map((f) => ({
      feedId: f.id,
      userId: f.userId,
      screen: f.screen,
      layer: f.target === 'audio' ? 'audio' : f.layer,
      frames: f.frames,
      videoMuted: f.videoMuted,
    }))
  }

  function bindFeed(el: unknown, feedId: number): void {
    const video = el as HTMLVideoElement | null
    const stream = feeds.get(feedId)?.stream
    if (video && stream && video.srcObject !== stream) video.srcObject = stream
  }

  function publisherConnection(): RTCPeerConnection[] {
    const pc = publisher?.webrtcStuff.pc
    return pc ? [pc] : []
  }

  onBeforeUnmount(stop)

  return {
    feedViews,
    ice,
    reconnecting,
    localFrames,
    sharingScreen,
    screenStream,
    start,
    stop,
    adoptGrant,
    shareScreen,
    stopScreen,
    bindFeed,
    publisherConnection,
  }
}
