import { ref, shallowRef } from 'vue'
import type { Page } from '@/api/types'
import { notifyError } from './problems'

/**
 * A cursor-paginated list with "load more". A reload discards pages still in flight from an
 * earlier query, so a slow answer to an old filter never overwrites a newer one.
 */
export function usePaged<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  let generation = 0

  async function fetchInto(cursor: string | null, gen: number): Promise<void> {
    loading.value = true
    try {
      const page = await fetchPage(cursor)
      if (gen !== generation) return
      items.value = cursor ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.next_cursor
      loaded.value = true
    } catch (err) {
      if (gen === generation) notifyError(err)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function reload(): Promise<void> {
    generation += 1
    items.value = []
    nextCursor.value = null
    loaded.value = false
    return fetchInto(null, generation)
  }

  function loadMore(): Promise<void> {
    if (!nextCursor.value || loading.value) return Promise.resolve()
    return fetchInto(nextCursor.value, generation)
  }

  /** Replace one loaded item in place (after an action that returned its new state). */
  function replace(match: (item: T) => boolean, next: T): void {
    items.value = items.value.map((item) => (match(item) ? next : item))
  }

  return { items, nextCursor, loading, loaded, reload, loadMore, replace }
}
