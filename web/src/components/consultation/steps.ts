// The consultation's steps as its action bar takes them (see case/steps.ts).
import type { Component } from 'vue'
import { consultationsApi, type Consultation } from '@/api/consultations'
import AttachDialog from '@/components/case/AttachDialog.vue'
import type { DialogStep, Step, Steps } from '@/components/case/steps'
import TextDialog from '@/components/case/TextDialog.vue'
import AddendumDialog from './AddendumDialog.vue'
import AnswerDialog from './AnswerDialog.vue'
import AssignDialog from './AssignDialog.vue'
import BookDialog from './BookDialog.vue'
import CoordinatorDialog from './CoordinatorDialog.vue'
import RouteDialog from './RouteDialog.vue'
import SupplyInfoDialog from './SupplyInfoDialog.vue'

/** A step that takes one text: by default a reason that ends or turns back the case. */
function text(
  action: string,
  call: (id: string, text: string) => Promise<Consultation>,
  spec: Record<string, unknown> = { field: 'reason', label: 'consultation.dialog.reason' },
  danger = true,
): Step<Consultation> {
  return {
    dialog: TextDialog,
    danger,
    props: (c) => ({
      action,
      placeholder: 'consultation.dialog.reasonPlaceholder',
      ...spec,
      submit: (value: string) => call(c.id, value),
    }),
  }
}

/** A step in its own dialog; `action` tells a dialog that serves two steps which one. */
function dialog(component: Component, action?: string): DialogStep<Consultation> {
  return { dialog: component, props: (c) => (action ? { consultation: c, action } : { consultation: c }) }
}

function confirmed(call: (id: string) => Promise<Consultation>): Step<Consultation> {
  return { confirm: 'consultation.dialog.confirmAction', call }
}

/** The steps; a report is published in its editor, which `publish` shows. */
export function consultationSteps(publish: () => void): Steps<Consultation> {
  return {
    decline: text('decline', consultationsApi.decline),
    return: text('return', consultationsApi.return),
    withdraw: text('withdraw', consultationsApi.withdraw),
    cancel: text('cancel', consultationsApi.cancel),
    request_info: text(
      'request_info',
      consultationsApi.requestInfo,
      { field: 'request', label: 'consultation.dialog.request' },
      false,
    ),
    opinion: text(
      'opinion',
      consultationsApi.opinion,
      { field: 'opinion', label: 'consultation.dialog.opinion', placeholder: undefined, min: 1, max: 4000, rows: 6 },
      false,
    ),
    route: dialog(RouteDialog, 'route'),
    dispatch: dialog(RouteDialog, 'dispatch'),
    assign: dialog(AssignDialog),
    answer: dialog(AnswerDialog),
    book: dialog(BookDialog, 'book'),
    reschedule: dialog(BookDialog, 'reschedule'),
    supply_info: dialog(SupplyInfoDialog),
    coordinator: dialog(CoordinatorDialog),
    addendum: dialog(AddendumDialog),
    attach: {
      dialog: AttachDialog,
      button: false,
      props: (c) => ({ kind: 'consultation', attach: (fileId: string) => consultationsApi.attach(c.id, fileId) }),
    },
    confirm_panel: confirmed(consultationsApi.confirmPanel),
    start: confirmed(consultationsApi.start),
    acknowledge: confirmed(consultationsApi.acknowledge),
    publish: { go: publish },
  }
}
