import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { workbenchApi, type Workbench } from '@/api/workbench'
import { onEvent, resetCount } from '@/realtime/socket'
import { useSessionStore } from '@/stores/session'

// One workbench per tab, shared by the home page and the menu's badges.
const data = ref<Workbench | null>(null)
const loading = ref(false)
const failed = ref<unknown>(null)
let users = 0
let timer: number | undefined
let stops: (() => void)[] = []
// An answer to an older request must not overwrite a newer one (a role switch in between).
let asked = 0

async function load(): Promise<void> {
  const mine = ++asked
  loading.value = true
  try {
    const answer = await workbenchApi.get()
    if (mine === asked) {
      data.value = answer
      failed.value = null
    }
  } catch (err) {
    if (mine === asked) failed.value = err
  } finally {
    if (mine === asked) loading.value = false
  }
}

// Any event may change what waits (a step on a case, a message, a task): a burst reloads once.
function loadSoon(): void {
  if (timer !== undefined) return
  timer = window.setTimeout(() => {
    timer = undefined
    void load()
  }, 1500)
}

/**
 * What waits for the signed-in person (the workbench), kept live while any component using it is
 * mounted: reloaded when events arrive, when the socket starts afresh and when the role changes.
 */
export function useWorkbench() {
  const session = useSessionStore()
  onMounted(() => {
    users += 1
    if (users > 1) return
    stops = [onEvent('*', loadSoon), watch(resetCount, loadSoon)]
    stops.push(
      watch(
        () => session.me?.active_grant?.id ?? session.me?.id ?? null,
        (who) => {
          data.value = null
          if (who && !session.mustEnrolTotp) void load()
        },
        { immediate: true },
      ),
    )
  })
  onBeforeUnmount(() => {
    users -= 1
    if (users > 0) return
    stops.forEach((stop) => stop())
    stops = []
    window.clearTimeout(timer)
    timer = undefined
  })
  const counts = computed<Record<string, number>>(() => data.value?.counts ?? {})

  /**
   * Of a kind's list `tabs`, the first holding a case that waits for me: `tabOf` names the tab of
   * each side my organisation may be on (invited → todo). Null until known, or with nothing waiting.
   */
  function workTab(kind: string, tabs: readonly string[], tabOf: Record<string, string>) {
    return computed<string | null>(() => {
      const holding = new Set((data.value?.todo ?? []).filter((i) => i.type === kind && i.side).map((i) => tabOf[i.side!]))
      return tabs.find((name) => holding.has(name)) ?? null
    })
  }

  return { data, loading, failed, counts, reload: load, workTab }
}
