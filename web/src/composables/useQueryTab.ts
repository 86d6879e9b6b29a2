import { ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * The page's open tab, kept in the address (?tab=…) so that a reload or a shared link opens it again.
 * Without one in the address it opens on `preferred` (the tab holding my work), which may become
 * known only after the page has opened: it is followed once, unless the person has picked a tab.
 */
export function useQueryTab<T extends string>(tabs: readonly T[], fallback: T, preferred?: Ref<T | null | undefined>): Ref<T> {
  const route = useRoute()
  const router = useRouter()
  const wanted = route.query.tab as T
  const named = tabs.includes(wanted)
  const first = preferred?.value
  let settled = named || (first != null && tabs.includes(first))
  const tab = ref(named ? wanted : settled ? first! : fallback) as Ref<T>
  if (preferred && !settled) {
    const stop = watch(preferred, (value) => {
      if (settled || value == null || !tabs.includes(value)) return
      settled = true
      tab.value = value
      stop()
    })
  }
  watch(tab, (value) => {
    settled = true
    void router.replace({ query: { ...route.query, tab: value } })
  })
  return tab
}
