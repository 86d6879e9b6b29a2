import type { LinkStats } from '@/api/video'
import type { SfuLayer } from '@/composables/useSfuRoom'

/** What one tile of an SFU room shows: a participant, or a shared screen. */
export interface TileProps {
  userId: string
  name: string
  role: string
  organisation: string | null
  /** The layer received (a remote tile) or sent (one's own); null while not connected. */
  layer: SfuLayer | null
  frames: number
  bind: (el: unknown) => void
  local?: boolean
  screen?: boolean
  handRaised?: boolean
  muted?: boolean
  chair?: boolean
  videoOff?: boolean
  /** Shown to the chair only. */
  link?: LinkStats | null
  big?: boolean
}
