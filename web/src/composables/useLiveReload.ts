import { onBeforeUnmount, onMounted, watch } from 'vue'
import { onEvent, resetCount, type RealtimeEvent } from '@/realtime/socket'

export interface LiveReloadOptions {
  /** The least time between two reloads. */
  ms?: number
  /** Only the events this accepts count (say, those naming the case on the page). */
  when?: (event: RealtimeEvent) => boolean
}

/**
 * Reloads while the component is mounted whenever events of `family` ("referral.*") arrive, or
 * the socket starts afresh (events may have been missed). A burst of steps taken elsewhere
 * reloads once, at most every `ms`.
 */
export function useLiveReload(family: string, reload: () => unknown, options: LiveReloadOptions = {}): void {
  const { ms = 1000, when } = options
  let timer: number | undefined

  function reloadSoon(): void {
    if (timer !== undefined) return
    timer = window.setTimeout(() => {
      timer = undefined
      void reload()
    }, ms)
  }

  const stops: (() => void)[] = []
  onMounted(() => {
    stops.push(
      onEvent(family, (event) => {
        if (!when || when(event)) reloadSoon()
      }),
    )
    stops.push(watch(resetCount, reloadSoon))
  })
  onBeforeUnmount(() => {
    stops.forEach((stop) => stop())
    window.clearTimeout(timer)
  })
}
