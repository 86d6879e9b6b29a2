// The consultation's steps as its action bar takes them (see case/steps.ts).
import type { Component } from 'vue'
import { consultationsApi, type Consultation } from '@/api/consultations'
import { attachStep, textStep, type DialogStep, type Step, type Steps } from '@/components/case/steps'
import AddendumDialog from './AddendumDialog.vue'
import AnswerDialog from './AnswerDialog.vue'
import AssignDialog from './AssignDialog.vue'
import BookDialog from './BookDialog.vue'
import CoordinatorDialog from './CoordinatorDialog.vue'
import RouteDialog from './RouteDialog.vue'
import SupplyInfoDialog from './SupplyInfoDialog.vue'

const REASON = { field: 'reason', label: 'consultation.dialog.reason', placeholder: 'consultation.dialog.reasonPlaceholder' }

/** A step in its own dialog; `action` tells a dialog that serves two steps which one. */
function dialog(component: Component, action?: string): DialogStep<Consultation> {
  return { dialog: component, props: (c) => (action ? { consultation: c, action } : { consultation: c }) }
}

function confirmed(call: (id: string) => Promise<Consultation>): Step<Consultation> {
  return { confirm: 'consultation.dialog.confirmAction', call }
}

/** The steps; a report is published in its editor, which `publish` shows; the page starts the
 * session (`start`), which may need a second confirmation and opens the video. */
export function consultationSteps(publish: () => void, start: () => void): Steps<Consultation> {
  const api = consultationsApi
  return {
    // Those that end the case or turn it back take a reason.
    decline: textStep('decline', api.decline, REASON),
    return: textStep('return', api.return, REASON),
    withdraw: textStep('withdraw', api.withdraw, REASON),
    cancel: textStep('cancel', api.cancel, REASON),
    request_info: textStep('request_info', api.requestInfo, { ...REASON, field: 'request', label: 'consultation.dialog.request' }, false),
    opinion: textStep('opinion', api.opinion, { field: 'opinion', label: 'consultation.dialog.opinion', min: 1, max: 4000, rows: 6 }, false),
    route: dialog(RouteDialog, 'route'),
    dispatch: dialog(RouteDialog, 'dispatch'),
    assign: dialog(AssignDialog),
    answer: dialog(AnswerDialog),
    book: dialog(BookDialog, 'book'),
    reschedule: dialog(BookDialog, 'reschedule'),
    supply_info: dialog(SupplyInfoDialog),
    coordinator: dialog(CoordinatorDialog),
    addendum: dialog(AddendumDialog),
    attach: attachStep(api.attach),
    confirm_panel: confirmed(api.confirmPanel),
    start: { go: start },
    acknowledge: confirmed(api.acknowledge),
    publish: { go: publish },
  }
}
