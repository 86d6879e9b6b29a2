import { watch, type Ref } from 'vue'
import { useSubmit, type SubmitOptions } from '@/composables/useSubmit'

/**
 * What the dialog of a step shares: its fields start afresh (`reset`) each time it opens, and
 * `take` takes the step, then closes the dialog and hands on the case as the server now has it.
 * A failure keeps the dialog open with the server's reasons in `errors`.
 */
export function useStepDialog<T>(
  visible: Ref<boolean>,
  done: (next: T) => void,
  reset: () => unknown,
  options: SubmitOptions = {},
) {
  const { busy, errors, run } = useSubmit(options)

  watch(visible, (open) => {
    if (!open) return
    errors.value = {}
    void reset()
  })

  async function take(step: () => Promise<T>): Promise<void> {
    await run(async () => {
      const next = await step()
      visible.value = false
      done(next)
    })
  }

  return { busy, errors, take }
}
