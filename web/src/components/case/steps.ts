// How a kind's action bar takes each step the server offers (the `actions` of a case): a table
// from the action's name to a dialog, a confirmed call or a place elsewhere on the page.
import type { Component } from 'vue'
import AttachDialog from './AttachDialog.vue'
import TextDialog from './TextDialog.vue'

export interface DialogStep<T> {
  dialog: Component
  /** The dialog's props besides v-model and title, for the case as it is now. */
  props: (item: T) => Record<string, unknown>
  /** Ends or turns back the case: the button looks different from those that move it on. */
  danger?: boolean
  /** False: no button in the bar, the page opens the dialog from elsewhere (adding material). */
  button?: boolean
  /** Instead of "done" and showing the case as it now is (a re-raised copy is another case). */
  done?: (next: T) => void
}

export interface ConfirmedStep<T> {
  /** The question's message key; it may name {action} and {patient}. */
  confirm: string
  call: (id: string) => Promise<T>
  danger?: boolean
}

export interface PageStep {
  /** The step is taken elsewhere on the page (a report is published in its editor). */
  go: () => void
}

export type Step<T> = DialogStep<T> | ConfirmedStep<T> | PageStep
export type Steps<T> = Record<string, Step<T>>

/** What the page may ask of the action bar. */
export interface ActionBarApi {
  openDialog(action: string, label: string): void
}

/** A step that takes one text (case/TextDialog); `spec` names its field, message keys and limits. */
export function textStep<T extends { id: string }>(
  action: string,
  call: (id: string, text: string) => Promise<T>,
  spec: Record<string, unknown>,
  danger = true,
): DialogStep<T> {
  return { dialog: TextDialog, danger, props: (item) => ({ action, ...spec, submit: (text: string) => call(item.id, text) }) }
}

/** Adding material: not a step of the workflow, its button is beside the attachments. */
export function attachStep<T extends { id: string }>(call: (id: string, fileId: string) => Promise<T>): DialogStep<T> {
  return { dialog: AttachDialog, button: false, props: (item) => ({ attach: (fileId: string) => call(item.id, fileId) }) }
}
