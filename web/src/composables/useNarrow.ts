import { onBeforeUnmount, ref } from 'vue'

// Phone-sized screens (the patients' usual device) get a single-column, top-menu layout.
const NARROW = '(max-width: 768px)'

export function useNarrow() {
  const query = window.matchMedia(NARROW)
  const narrow = ref(query.matches)
  const onChange = (e: MediaQueryListEvent) => {
    narrow.value = e.matches
  }
  query.addEventListener('change', onChange)
  onBeforeUnmount(() => query.removeEventListener('change', onChange))
  return narrow
}
