// The referral's steps as its action bar takes them (see case/steps.ts).
import type { Component } from 'vue'
import { referralsApi, type Referral } from '@/api/referrals'
import { attachStep, textStep, type DialogStep, type Steps } from '@/components/case/steps'
import AcceptDialog from './AcceptDialog.vue'
import RedirectDialog from './RedirectDialog.vue'
import ReraiseDialog from './ReraiseDialog.vue'

const REASON = { field: 'reason', label: 'referral.dialog.reason', placeholder: 'referral.dialog.reasonPlaceholder' }
const OUTCOME = { field: 'outcome', label: 'referral.dialog.outcome', placeholder: 'referral.dialog.outcomePlaceholder' }

function dialog(component: Component): DialogStep<Referral> {
  return { dialog: component, props: (r) => ({ referral: r }) }
}

/** The steps; a re-raised copy is a new referral, which `raised` shows. */
export function referralSteps(raised: (next: Referral) => void): Steps<Referral> {
  const api = referralsApi
  return {
    reject: textStep('reject', api.reject, { ...REASON, hint: 'referral.dialog.rejectHint' }),
    cancel: textStep('cancel', api.cancel, REASON),
    treat: textStep('treat', api.treat, OUTCOME, false),
    accept: dialog(AcceptDialog),
    redirect: dialog(RedirectDialog),
    reraise: { ...dialog(ReraiseDialog), done: raised },
    attach: attachStep(api.attach),
    arrive: { confirm: 'referral.dialog.confirmArrive', call: api.arrive },
    no_show: { confirm: 'referral.dialog.confirmNoShow', call: api.noShow, danger: true },
  }
}
