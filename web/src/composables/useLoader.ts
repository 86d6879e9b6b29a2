import { ref, shallowRef, type ShallowRef } from 'vue'
import { notifyError } from './problems'

/** Data fetched on demand: `loading` meanwhile; a failure is shown and keeps what was there. */
export function useLoader<T>(fetch: () => Promise<T>, initial: T) {
  const data = shallowRef(initial) as ShallowRef<T>
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      data.value = await fetch()
    } catch (err) {
      notifyError(err)
    } finally {
      loading.value = false
    }
  }

  return { data, loading, load }
}
