import { computed, onMounted, ref, shallowRef, watch } from 'vue'
import { ProblemError } from '@/api/http'
import { notifyError } from '@/composables/problems'
import { useLiveReload } from '@/composables/useLiveReload'
import type { RealtimeEvent } from '@/realtime/socket'
import type { CaseKind } from './labels'

/**
 * The case a detail page shows, kept current: loaded by id, afresh when the id changes and when
 * a step is taken on it, or on a case `linked` to it, anywhere. One the caller may not see, or
 * that does not exist, is `missing`. An event that `patch` can apply in full (it returns the new
 * item) updates the page at once, without a load.
 */
export function useCase<T>(
  kind: CaseKind,
  id: () => string,
  get: (id: string) => Promise<T>,
  linked: (item: T) => (string | null)[] = () => [],
  patch: (item: T, event: RealtimeEvent) => T | null = () => null,
) {
  const item = shallowRef<T | null>(null)
  const missing = ref(false)

  async function load(): Promise<void> {
    try {
      item.value = await get(id())
      missing.value = false
    } catch (err) {
      if (err instanceof ProblemError && (err.status === 404 || err.status === 403)) missing.value = true
      else notifyError(err)
    }
  }

  const watched = computed(() => new Set([id(), ...(item.value ? linked(item.value) : [])]))
  function needsLoad(ev: RealtimeEvent): boolean {
    if (!ev.entity_id || !watched.value.has(ev.entity_id)) return false
    const next = item.value ? patch(item.value, ev) : null
    if (next === null) return true
    item.value = next
    return false
  }
  useLiveReload(`${kind}.*`, load, { when: needsLoad })
  onMounted(() => void load())
  watch(id, () => {
    item.value = null
    missing.value = false
    void load()
  })

  return { item, missing }
}
