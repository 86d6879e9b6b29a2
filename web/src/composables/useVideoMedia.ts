import { nextTick, ref, type Ref } from 'vue'
import { notifyError } from './problems'

/**
 * The local side of a video call: camera and microphone, the devices to choose from, muting, and
 * audio only (no video sent) on a weak network. `connections` are the call's peer connections, whose
 * senders follow a device change; `localVideo` is the element showing one's own picture;
 * `cameraUnavailable` is called when the call goes on without a camera. In an SFU room the chair
 * may mute someone (`heldMuted`): their microphone stays off until the chair lifts it.
 */
export function useVideoMedia(options: {
  connections: () => Iterable<RTCPeerConnection>
  localVideo: Readonly<Ref<HTMLVideoElement | null>>
  cameraUnavailable: () => void
}) {
  const { localVideo } = options
  const micOn = ref(true)
  const cameraOn = ref(true)
  const hasCamera = ref(false)
  const audioOnly = ref(false)
  const heldMuted = ref(false)
  const cameras = ref<MediaDeviceInfo[]>([])
  const microphones = ref<MediaDeviceInfo[]>([])
  const cameraId = ref('')
  const microphoneId = ref('')

  // A native object stays out of Vue's proxies (its methods refuse a proxied `this`).
  let localStream: MediaStream | null = null
  // The element of one's own picture when a child component renders it (an SFU room's tile).
  let boundLocal: HTMLVideoElement | null = null

  function constraint(deviceId: string): MediaTrackConstraints | boolean {
    return deviceId ? { deviceId: { exact: deviceId } } : true
  }

  async function open(): Promise<void> {
    try {
      localStream = await navigator.mediaDevices.getUserMedia({
        audio: constraint(microphoneId.value),
        video: constraint(cameraId.value),
      })
    } catch {
      // No camera (or it is refused): the call goes on with the microphone alone.
      localStream = await navigator.mediaDevices.getUserMedia({ audio: constraint(microphoneId.value) })
      options.cameraUnavailable()
    }
    hasCamera.value = localStream.getVideoTracks().length > 0
    micOn.value = true
    cameraOn.value = hasCamera.value
    await listDevices()
    await nextTick()
    showLocal()
  }

  function showLocal(): void {
    for (const el of [localVideo.value, boundLocal]) if (el) el.srcObject = localStream
  }

  /** A function ref for the element that shows one's own picture. */
  function bindLocal(el: unknown): void {
    boundLocal = (el as HTMLVideoElement | null) ?? null
    if (boundLocal && localStream && boundLocal.srcObject !== localStream) boundLocal.srcObject = localStream
  }

  async function listDevices(): Promise<void> {
    const devices = await navigator.mediaDevices.enumerateDevices()
    cameras.value = devices.filter((d) => d.kind === 'videoinput')
    microphones.value = devices.filter((d) => d.kind === 'audioinput')
    cameraId.value = localStream?.getVideoTracks()[0]?.getSettings().deviceId ?? cameraId.value
    microphoneId.value = localStream?.getAudioTracks()[0]?.getSettings().deviceId ?? microphoneId.value
  }

  function localTrack(kind: 'audio' | 'video'): MediaStreamTrack | null {
    return localStream?.getTracks().find((tr) => tr.kind === kind) ?? null
  }

  /** The track each connection sends for a kind (video: none while audio only). */
  async function sendTrack(kind: 'audio' | 'video'): Promise<void> {
    const track = kind === 'video' && audioOnly.value ? null : localTrack(kind)
    for (const pc of options.connections()) {
      for (const tr of pc.getTransceivers()) {
        if (tr.receiver.track.kind === kind && tr.sender) await tr.sender.replaceTrack(track)
      }
    }
  }

  /** Sends the local tracks on a new connection; false while there are none yet. */
  function addTracks(pc: RTCPeerConnection): boolean {
    if (!localStream) return false
    for (const track of localStream.getTracks()) {
      const sender = pc.addTrack(track, localStream)
      if (track.kind === 'video' && audioOnly.value) void sender.replaceTrack(null)
    }
    return true
  }

  async function switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    if (!localStream) return
    try {
      const fresh = await navigator.mediaDevices.getUserMedia({ [kind]: { deviceId: { exact: deviceId } } })
      const track = fresh.getTracks()[0]
      const old = localTrack(kind)
      if (old) {
        localStream.removeTrack(old)
        old.stop()
      }
      track.enabled = kind === 'audio' ? micOn.value && !heldMuted.value : cameraOn.value
      localStream.addTrack(track)
      await sendTrack(kind)
      if (kind === 'video') showLocal()
    } catch (err) {
      notifyError(err)
    }
  }

  function applyMic(): void {
    localStream?.getAudioTracks().forEach((tr) => (tr.enabled = micOn.value && !heldMuted.value))
  }

  function toggleMic(): void {
    if (heldMuted.value) return
    micOn.value = !micOn.value
    applyMic()
  }

  /** The chair muted us (or lifted it); lifting gives back the microphone as the user had it. */
  function holdMuted(on: boolean): void {
    heldMuted.value = on
    applyMic()
  }

  function toggleCamera(): void {
    cameraOn.value = !cameraOn.value
    localStream?.getVideoTracks().forEach((tr) => (tr.enabled = cameraOn.value))
  }

  async function setAudioOnly(on: boolean): Promise<void> {
    audioOnly.value = on
    await sendTrack('video')
  }

  function stop(): void {
    localStream?.getTracks().forEach((tr) => tr.stop())
    localStream = null
    heldMuted.value = false
  }

  return {
    micOn,
    cameraOn,
    hasCamera,
    audioOnly,
    heldMuted,
    cameras,
    microphones,
    cameraId,
    microphoneId,
    open,
    bindLocal,
    localTrack,
    addTracks,
    switchDevice,
    toggleMic,
    toggleCamera,
    holdMuted,
    setAudioOnly,
    stop,
  }
}
