// What the forms that open a case (a consultation's application, a referral) share: the consent,
// the working diagnosis, the checks, and where the server's errors on list items are shown.
import type { FormItemRule } from 'element-plus'
import { computed, inject, type InjectionKey, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { ApplicationIn, ConsentBy, ConsentIn, Urgency } from '@/api/consultations'
import { formatDateTime, pickerDay, shanghaiWallClock, todayShanghai } from '@/utils/format'

// Either case: a code is upper-cased as it is left and sent (icdCode).
export const ICD10 = /^[A-TV-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/i
/** How the pickers give a Shanghai wall-clock time. */
export const WALL_CLOCK = 'YYYY-MM-DDTHH:mm:ss'

/** What a case form's sections read from the form around them. */
export interface CaseFormContext {
  errors: Ref<Record<string, string>>
  /** The test ids' prefix ("apply-…", "create-…"). */
  prefix: string
  /** The kind's form messages ("consultation.apply"). */
  messages: string
}
export const CASE_FORM: InjectionKey<CaseFormContext> = Symbol('case-form')

/** In a section of a case form: the form's errors, test ids and words, and `t` to say them. */
export function useCaseForm() {
  return { ...inject(CASE_FORM)!, t: useI18n().t }
}

export interface ConsentForm {
  by: ConsentBy
  name: string
  relation: string
  /** Shanghai wall clock, as the picker gives it. */
  at: string
  file_ids: string[]
}

/** Consent given now, by the patient. */
export function newConsent(): ConsentForm {
  return { by: 'patient', name: '', relation: '', at: formatDateTime(new Date().toISOString(), true).replace(' ', 'T'), file_ids: [] }
}

export function consentIn(c: ConsentForm): ConsentIn {
  return {
    by: c.by,
    name: c.name.trim(),
    relation: c.by === 'guardian' ? c.relation.trim() || null : null,
    at: shanghaiWallClock(c.at),
    file_id: c.file_ids[0] ?? null,
  }
}

/** The fields every new case sends, as the server takes them (once a patient is chosen). */
export function caseIn(
  patientId: string,
  f: {
    urgency: Urgency
    reason: string
    summary: string
    diagnosis_icd10: string
    diagnosis_text: string
    consent: ConsentForm
    file_ids: string[]
  },
): Pick<ApplicationIn, 'patient_id' | 'urgency' | 'reason' | 'summary' | 'diagnosis_icd10' | 'diagnosis_text' | 'consent' | 'file_ids'> {
  return {
    patient_id: patientId,
    urgency: f.urgency,
    reason: f.reason.trim(),
    summary: f.summary.trim(),
    diagnosis_icd10: icdCode(f.diagnosis_icd10),
    diagnosis_text: f.diagnosis_text.trim(),
    consent: consentIn(f.consent),
    file_ids: f.file_ids,
  }
}

/** Consent is recorded once given: not on a day still to come. */
export function inFuture(date: Date): boolean {
  return pickerDay(date) > todayShanghai()
}

/** An ICD-10 code as the server takes it. */
export function icdCode(code: string): string {
  return code.trim().toUpperCase()
}

/**
 * The server reports a list's items by index ("follow_ups.1.days", "consent.file_id"): each is
 * shown at its list, several joined.
 */
export function atLists(lists: readonly string[]): (fields: Record<string, string>) => Record<string, string> {
  return (fields) => {
    const out: Record<string, string> = {}
    for (const [key, message] of Object.entries(fields)) {
      const at = lists.find((l) => key.startsWith(l)) ?? (key === 'consent.file_id' ? 'consent.file_ids' : key)
      out[at] = out[at] ? `${out[at]}; ${message}` : message
    }
    return out
  }
}

/** The checks every case form makes, and the pieces of the others. */
export function useCaseRules(messages: string) {
  const { t } = useI18n()
  const required = computed<FormItemRule>(() => ({ required: true, message: t('validation.required'), trigger: 'blur' }))
  const chosen = computed<FormItemRule>(() => ({ required: true, message: t('validation.required'), trigger: 'change' }))
  const reason = computed<FormItemRule[]>(() => [required.value, { min: 2, message: t('case.form.tooShort'), trigger: 'blur' }])
  const common = computed(() => ({
    patient_id: [chosen.value],
    reason: reason.value,
    summary: [required.value],
    diagnosis_icd10: [required.value, { pattern: ICD10, message: t(`${messages}.icd10Invalid`), trigger: 'blur' }],
    diagnosis_text: [required.value],
    'consent.name': [required.value],
    'consent.at': [chosen.value],
  }))
  return { required, chosen, reason, common }
}
