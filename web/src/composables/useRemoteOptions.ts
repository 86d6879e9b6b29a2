import { onMounted, ref, watch, type Ref } from 'vue'
import { notifyError } from './problems'

/**
 * The options of a select that searches the server as the user types. An answer to an earlier
 * search never replaces a later one's, and the value already chosen (say, given in the address)
 * is fetched so that it shows by name.
 */
export function useRemoteOptions<O extends { id: string }>(
  model: Ref<string | null>,
  find: (query: string) => Promise<O[]>,
  fetchOne: (id: string) => Promise<O>,
) {
  const options = ref<O[]>([]) as Ref<O[]>
  const loading = ref(false)
  let latest = 0

  async function search(query: string): Promise<void> {
    const ticket = ++latest
    loading.value = true
    try {
      const found = await find(query)
      if (ticket === latest) options.value = found
    } catch (err) {
      notifyError(err)
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  async function ensureOption(id: string | null): Promise<void> {
    if (!id || options.value.some((o) => o.id === id)) return
    try {
      options.value = [await fetchOne(id), ...options.value]
    } catch (err) {
      notifyError(err)
    }
  }

  watch(model, (id) => void ensureOption(id))
  onMounted(() => void ensureOption(model.value))

  return { options, loading, search }
}
