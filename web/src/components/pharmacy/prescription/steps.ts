// The prescription's steps as its action bar takes them (see case/steps.ts): the review in its
// dialogs (a pass may be a countersignature), the patient's choice in its form, the codes the
// patient gives in one dialog, the rest a reason or a confirmation.
import type { Component } from 'vue'
import { prescriptionsApi, type Prescription } from '@/api/prescriptions'
import { textStep, type ConfirmedStep, type DialogStep, type Steps } from '@/components/case/steps'
import CheckoutDialog from './CheckoutDialog.vue'
import CodeDialog from './CodeDialog.vue'
import CollectDialog from './CollectDialog.vue'
import DispenseDialog from './DispenseDialog.vue'
import PassDialog from './PassDialog.vue'
import ReturnDialog from './ReturnDialog.vue'

const REASON = { field: 'reason', label: 'prescription.dialog.reason', placeholder: 'prescription.dialog.reasonPlaceholder' }

function dialog(component: Component, danger = false, extra: Record<string, unknown> = {}): DialogStep<Prescription> {
  return { dialog: component, danger, props: (rx) => ({ rx, ...extra }) }
}

function confirmed(call: (id: string) => Promise<Prescription>): ConfirmedStep<Prescription> {
  return { confirm: 'prescription.dialog.confirmAction', call }
}

export function prescriptionSteps(): Steps<Prescription> {
  const api = prescriptionsApi
  return {
    pass: dialog(PassDialog),
    return: dialog(ReturnDialog, true),
    void: textStep('void', api.void, { ...REASON, hint: 'prescription.dialog.voidHint' }),
    checkout: dialog(CheckoutDialog),
    cancel: textStep('cancel', api.cancel, { ...REASON, hint: 'prescription.dialog.cancelHint' }),
    refund: textStep('refund', api.refund, { ...REASON, hint: 'prescription.dialog.refundHint' }),
    dispense: dialog(DispenseDialog),
    collect: dialog(CollectDialog),
    transit: confirmed(api.transit),
    deliver: dialog(CodeDialog, false, { action: 'deliver' }),
    confirm_receipt: confirmed(api.confirmReceipt),
    arrive: confirmed(api.arrive),
    hand_over: dialog(CodeDialog, false, { action: 'hand_over' }),
  }
}
