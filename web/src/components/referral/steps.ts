// The referral's steps as its action bar takes them (see case/steps.ts).
import type { Component } from 'vue'
import { referralsApi, type Referral } from '@/api/referrals'
import AttachDialog from '@/components/case/AttachDialog.vue'
import type { DialogStep, Step, Steps } from '@/components/case/steps'
import TextDialog from '@/components/case/TextDialog.vue'
import AcceptDialog from './AcceptDialog.vue'
import RedirectDialog from './RedirectDialog.vue'
import ReraiseDialog from './ReraiseDialog.vue'

/** A step that takes one text: by default a reason that ends the referral. */
function text(
  action: string,
  call: (id: string, text: string) => Promise<Referral>,
  spec: Record<string, unknown> = {},
  danger = true,
): Step<Referral> {
  return {
    dialog: TextDialog,
    danger,
    props: (r) => ({
      action,
      field: 'reason',
      label: 'referral.dialog.reason',
      placeholder: 'referral.dialog.reasonPlaceholder',
      ...spec,
      submit: (value: string) => call(r.id, value),
    }),
  }
}

function dialog(component: Component): DialogStep<Referral> {
  return { dialog: component, props: (r) => ({ referral: r }) }
}

/** The steps; a re-raised copy is a new referral, which `raised` shows. */
export function referralSteps(raised: (next: Referral) => void): Steps<Referral> {
  return {
    reject: text('reject', referralsApi.reject, { hint: 'referral.dialog.rejectHint' }),
    cancel: text('cancel', referralsApi.cancel),
    treat: text(
      'treat',
      referralsApi.treat,
      { field: 'outcome', label: 'referral.dialog.outcome', placeholder: 'referral.dialog.outcomePlaceholder' },
      false,
    ),
    accept: dialog(AcceptDialog),
    redirect: dialog(RedirectDialog),
    reraise: { ...dialog(ReraiseDialog), done: raised },
    attach: {
      dialog: AttachDialog,
      button: false,
      props: (r) => ({ kind: 'referral', attach: (fileId: string) => referralsApi.attach(r.id, fileId) }),
    },
    arrive: { confirm: 'referral.dialog.confirmArrive', call: referralsApi.arrive },
    no_show: { confirm: 'referral.dialog.confirmNoShow', call: referralsApi.noShow, danger: true },
  }
}
