// Calling a patient and starting a visit ask the doctor to have confirmed who they are (实名)
// within the last hours: a step the server refuses with `step-up-required` opens the page's
// StepUpDialog, and is taken again once the doctor has confirmed. One dialog at a time, so one
// question is pending at most.
import { ref } from 'vue'
import { isProblem } from '@/composables/problems'

/** The dialog shows while a step waits on it; its answer resolves the step's wait. */
export const stepUpAsked = ref(false)
let answer: ((confirmed: boolean) => void) | null = null

function ask(): Promise<boolean> {
  answer?.(false)
  stepUpAsked.value = true
  return new Promise((resolve) => (answer = resolve))
}

/** The dialog's answer: confirmed (the server took the password and code) or closed. */
export function answerStepUp(confirmed: boolean): void {
  stepUpAsked.value = false
  const resolve = answer
  answer = null
  resolve?.(confirmed)
}

/** Takes a step; refused for want of a step-up, asks for it and takes the step once more. A
 * closed dialog leaves the server's refusal as the step's failure. */
export async function withStepUp<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (err) {
    if (!isProblem(err, 'step-up-required') || !(await ask())) throw err
    return step()
  }
}
