// The online visit's steps as its action bar takes them (see case/steps.ts). Starting asks for
// the doctor's re-authentication when it is due (stepUp.ts); the record is signed in its editor
// and patients are called from the session's queue, both elsewhere on the page; after 停诊 the
// visit is moved in the page's MoveVisitDialog.
import { visitsApi, type Visit } from '@/api/clinicVisits'
import { attachStep, textStep, type ConfirmedStep, type Steps } from '@/components/case/steps'
import { withStepUp } from './stepUp'

const REASON = { field: 'reason', label: 'clinic.visit.reason', placeholder: 'clinic.visit.reasonPlaceholder' }

function confirmed(call: (id: string) => Promise<Visit>, danger = false): ConfirmedStep<Visit> {
  return { confirm: 'clinic.visit.confirmAction', call, danger }
}

/** `finish` shows the record editor; `call` the session's queue; `move` the move dialog. */
export function visitSteps(finish: () => void, call: () => void, move: () => void): Steps<Visit> {
  const api = visitsApi
  return {
    check_in: confirmed(api.checkIn),
    cancel: textStep('cancel', api.cancel, { ...REASON, hint: 'clinic.visit.cancelHint' }),
    attach: attachStep(api.attach),
    call: { go: call },
    start: { confirm: 'clinic.visit.confirmStart', call: (id) => withStepUp(() => api.start(id)) },
    miss: confirmed(api.miss, true),
    // The second miss ends the visit; the server takes both at one address.
    no_show: confirmed(api.miss, true),
    not_eligible: textStep('not_eligible', api.notEligible, { ...REASON, hint: 'clinic.visit.notEligibleHint' }),
    refer_offline: textStep('refer_offline', api.referOffline, { ...REASON, hint: 'clinic.visit.referOfflineHint' }),
    finish: { go: finish },
    move: { go: move },
  }
}
