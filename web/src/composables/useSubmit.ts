import { ref } from 'vue'
import { fieldErrors, notifyError } from './problems'

export interface SubmitOptions {
  /** Put the server's field errors under the keys the form shows them at. */
  fields?: (fields: Record<string, string>) => Record<string, string>
  /** Deal with a failure in another way; return true when it is handled and needs no message. */
  onProblem?: (err: unknown) => boolean | Promise<boolean>
}

/**
 * A form's submit: `busy` while the action runs, and a failure shown as a message plus the
 * server's field errors in `errors` (cleared when the next attempt starts).
 */
export function useSubmit(options: SubmitOptions = {}) {
  const busy = ref(false)
  const errors = ref<Record<string, string>>({})

  async function run(action: () => Promise<void>): Promise<void> {
    busy.value = true
    errors.value = {}
    try {
      await action()
    } catch (err) {
      if (await options.onProblem?.(err)) return
      const fields = fieldErrors(err)
      errors.value = options.fields ? options.fields(fields) : fields
      notifyError(err)
    } finally {
      busy.value = false
    }
  }

  return { busy, errors, run }
}
