import { ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/** The page's open tab, kept in the address (?tab=…) so that a reload or a shared link opens it again. */
export function useQueryTab<T extends string>(tabs: readonly T[], fallback: T): Ref<T> {
  const route = useRoute()
  const router = useRouter()
  const wanted = route.query.tab as T
  const tab = ref(tabs.includes(wanted) ? wanted : fallback) as Ref<T>
  watch(tab, (value) => void router.replace({ query: { ...route.query, tab: value } }))
  return tab
}
