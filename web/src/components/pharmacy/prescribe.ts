// The prescription the doctor is writing in the visit (PrescribeEditor): its lines and options,
// the body the server checks and signs, the rules' answer as the doctor types (debounced; an
// answer to an older draft is dropped), and the rules' findings in words.
import { computed, onBeforeUnmount, ref, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Drug, DrugRoute } from '@/api/pharmacy'
import {
  prescriptionsApi,
  type PrescriptionInput,
  type RuleCheck,
  type RuleRefusal,
  type RuleWarning,
  type WarningDecision,
} from '@/api/prescriptions'
import { ICD10, icdCode } from '@/components/case/caseForm'
import { fieldErrors } from '@/composables/problems'

/** The server's frequencies (pharmacy/rules/facts.py FREQUENCIES), in its order. */
export const FREQUENCIES = ['qd', 'bid', 'tid', 'qid', 'q6h', 'q8h', 'q12h', 'qn', 'qod', 'qw', 'biw', 'prn', 'st'] as const
/** A dose as the server takes it: above 0, at most 8 digits before the point and 4 after. */
const DOSE = /^\d{1,8}(\.\d{1,4})?$/
/** The most days the rules ever allow (a long-term prescription); more is refused as input. */
export const MAX_DAYS = 366
export const MAX_VALIDITY_DAYS = 3
const CHECK_DELAY_MS = 400
/** What the server takes as a reason (DecisionIn.reason, a void's reason). */
export const MIN_REASON = 2

export interface DraftLine {
  /** Stays with the line when another is removed: the rules' answer is matched by it. */
  key: number
  drug: Drug
  /** As typed, sent as text so that 0.0625 stays exact. */
  dose: string
  dose_unit: string
  route: DrugRoute | null
  frequency: string
  days: number | null
  prn_max_per_day: number | null
  /** The doctor's reason to keep the drug, by the code of the rules' warning on this line. */
  reasons: Record<string, string>
}

export interface DraftOptions {
  chronic: boolean
  long_term: boolean
  stable_assessment: string
  patient_confirmed: boolean
  child: boolean
  guardian_name: string
  accompanying_physician: string
  validity_days: number
  validity_note: string
}

/** A new version of a returned (or not yet paid) prescription: the old one is voided. */
export interface Replacing {
  id: string
  number: string
  version: number
}

export interface Draft {
  diagnosis_icd10: string
  diagnosis_text: string
  lines: DraftLine[]
  options: DraftOptions
  replacing: Replacing | null
  void_reason: string
}

let lastKey = 0

export function newLine(drug: Drug, from: Partial<Omit<DraftLine, 'key' | 'drug'>> = {}): DraftLine {
  return {
    key: ++lastKey,
    drug,
    dose: '',
    // The strength unit (mg) is what doctors write; the drug's unit (片) is offered beside it.
    dose_unit: drug.strength_unit,
    route: drug.route,
    frequency: '',
    days: null,
    prn_max_per_day: null,
    reasons: {},
    ...from,
  }
}

export function newOptions(): DraftOptions {
  return {
    chronic: false,
    long_term: false,
    stable_assessment: '',
    patient_confirmed: false,
    child: false,
    guardian_name: '',
    accompanying_physician: '',
    validity_days: 1,
    validity_note: '',
  }
}

export function doseValid(dose: string): boolean {
  const text = dose.trim()
  return DOSE.test(text) && Number(text) > 0
}

export function lineComplete(l: DraftLine): boolean {
  return (
    doseValid(l.dose) &&
    !!l.dose_unit &&
    !!l.route &&
    !!l.frequency &&
    !!l.days &&
    l.days >= 1 &&
    (l.frequency !== 'prn' || (l.prn_max_per_day ?? 0) >= 1)
  )
}

export function diagnosisComplete(d: Draft): boolean {
  return ICD10.test(icdCode(d.diagnosis_icd10)) && !!d.diagnosis_text.trim()
}

const orNull = (text: string) => text.trim() || null

/** The draft as the server takes it (the warnings' decisions apart), or null while it cannot be
 * checked: a line not complete, no diagnosis. */
export function draftBody(visitId: string, d: Draft): PrescriptionInput | null {
  if (!d.lines.length || !d.lines.every(lineComplete) || !diagnosisComplete(d)) return null
  const o = d.options
  return {
    visit_id: visitId,
    category: 'western',
    diagnosis_icd10: icdCode(d.diagnosis_icd10),
    diagnosis_text: d.diagnosis_text.trim(),
    lines: d.lines.map((l) => ({
      drug_id: l.drug.id,
      dose: l.dose.trim(),
      dose_unit: l.dose_unit,
      route: l.route!,
      frequency: l.frequency,
      days: l.days!,
      prn_max_per_day: l.frequency === 'prn' ? l.prn_max_per_day : null,
    })),
    chronic: o.chronic,
    long_term: o.chronic && o.long_term,
    stable_assessment: o.chronic && o.long_term ? orNull(o.stable_assessment) : null,
    patient_confirmed: o.chronic && o.long_term && o.patient_confirmed,
    guardian_name: o.child ? orNull(o.guardian_name) : null,
    accompanying_physician: o.child ? orNull(o.accompanying_physician) : null,
    validity_days: o.validity_days,
    validity_note: o.validity_days > 1 ? orNull(o.validity_note) : null,
    replaces_id: d.replacing?.id ?? null,
    void_reason: d.replacing ? orNull(d.void_reason) : null,
  }
}

/** The warnings one reason answers: the server takes a decision per code and line. */
export interface WarningGroup {
  code: string
  /** The line's index in the answer. */
  line: number
  warnings: RuleWarning[]
}

export function warningGroups(warnings: RuleWarning[]): WarningGroup[] {
  const groups: WarningGroup[] = []
  for (const w of warnings) {
    const group = groups.find((g) => g.code === w.code && g.line === w.line)
    if (group) group.warnings.push(w)
    else groups.push({ code: w.code, line: w.line, warnings: [w] })
  }
  return groups
}

/** The rules' answer with the lines it answered (by key), and the draft it was for. */
export interface Answer {
  result: RuleCheck
  keys: number[]
  body: string
  groups: WarningGroup[]
}

/**
 * The rules over the draft as the doctor writes: asked once the typing pauses, only of a draft
 * that can be checked; an answer to an older draft is dropped. `fresh` says the answer is the
 * current draft's, which signing needs.
 */
export function useRuleCheck(body: () => PrescriptionInput | null, keys: () => number[]) {
  const answer = shallowRef<Answer | null>(null)
  const problem = shallowRef<unknown>(null)
  // The server's field errors of the last check, a line's under `${key}.${field}`.
  const errors = ref<Record<string, string>>({})
  const pending = ref(false)
  const current = computed(() => {
    const b = body()
    return b ? JSON.stringify(b) : null
  })
  let timer: number | undefined
  let ticket = 0

  async function ask(json: string, lineKeys: number[], mine: number): Promise<void> {
    try {
      const result = await prescriptionsApi.check(JSON.parse(json) as PrescriptionInput)
      if (mine !== ticket) return
      answer.value = { result, keys: lineKeys, body: json, groups: warningGroups(result.warnings) }
      problem.value = null
      errors.value = {}
    } catch (err) {
      if (mine !== ticket) return
      problem.value = err
      errors.value = byLineKey(fieldErrors(err), lineKeys)
    } finally {
      if (mine === ticket) pending.value = false
    }
  }

  function schedule(delay: number): void {
    window.clearTimeout(timer)
    const mine = ++ticket
    const json = current.value
    const lineKeys = keys()
    // What the server said of the last draft is no longer about this one.
    problem.value = null
    errors.value = {}
    // A line being written keeps the others' answer in view; with no line nothing of it stays.
    if (!lineKeys.length) answer.value = null
    if (!json) {
      pending.value = false
      return
    }
    pending.value = true
    timer = window.setTimeout(() => void ask(json, lineKeys, mine), delay)
  }

  watch(current, () => schedule(CHECK_DELAY_MS), { immediate: true })
  onBeforeUnmount(() => {
    window.clearTimeout(timer)
    ticket++
  })

  const fresh = computed(() => !pending.value && !problem.value && !!answer.value && answer.value.body === current.value)
  return { answer, problem, errors, pending, fresh, recheck: () => schedule(0) }
}

/** The server's `lines.2.dose` as the line's `${key}.dose`; other fields as they are. */
export function byLineKey(fields: Record<string, string>, keys: number[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [field, message] of Object.entries(fields)) {
    const m = /^lines\.(\d+)\.(.+)$/.exec(field)
    const key = m ? keys[Number(m[1])] : undefined
    out[key !== undefined ? `${key}.${m![2]}` : field] = message
  }
  return out
}

/** The decisions to sign with: a reason for each warning group of the answer, where given. */
export function decisions(a: Answer, lines: DraftLine[]): WarningDecision[] {
  const out: WarningDecision[] = []
  for (const g of a.groups) {
    const reason = lines.find((l) => l.key === a.keys[g.line])?.reasons[g.code]?.trim() ?? ''
    if (reason.length >= MIN_REASON) out.push({ code: g.code, line: g.line, reason })
  }
  return out
}

/** A decimal as the server wrote it ("10.0000", 0.5) without its trailing zeros. */
export function plain(value: unknown): string {
  const text = String(value ?? '')
  return /^\d+\.\d+$/.test(text) ? text.replace(/\.?0+$/, '') : text
}

/** The rules' findings and the prescription's words in the reader's language. */
export function usePrescribingWords() {
  const { t, te, locale } = useI18n()

  const known = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const frequency = (code: string) => `${code} ${known(`prescribing.frequencies.${code}`, '')}`.trim()
  const route = (code: string | null) => (code ? known(`pharmacy.routes.${code}`, code) : '—')
  const lineNo = (index: unknown) => Number(index) + 1

  function refusal(r: RuleRefusal): string {
    const p = r.params
    const params: Record<string, unknown> = { ...p }
    if (r.code === 'long-term-drug-excluded') params.reason = known(`prescribing.excluded.${String(p.reason)}`, String(p.reason))
    if (r.code === 'controlled-drug-online') params.control = known(`pharmacy.controls.${String(p.control)}`, String(p.control))
    if (r.code === 'child-under-6-unaccompanied') params.age = t('prescribing.age', { years: p.age_years, months: p.age_months })
    const key = `prescribing.refusals.${r.code}`
    return te(key) ? t(key, params) : r.code
  }

  function article(r: RuleRefusal): string {
    return t('prescribing.article', { article: locale.value === 'en' ? r.article_en : r.article_zh })
  }

  function warning(w: RuleWarning): string {
    const p = w.params
    const severity = known(`prescribing.severities.${String(p.severity)}`, String(p.severity ?? ''))
    const words = String((locale.value === 'en' ? p.en : p.zh) ?? '')
    switch (w.code) {
      case 'allergy':
        return t('prescribing.warnings.allergy', { allergy: p.allergy })
      case 'duplicate-therapy':
        return p.with_line !== undefined
          ? t('prescribing.warnings.duplicateLine', { n: lineNo(p.with_line), with: p.with, atc_group: p.atc_group })
          : t('prescribing.warnings.duplicateCurrent', { with: p.with_current, atc_group: p.atc_group })
      case 'interaction':
        return p.with_line !== undefined
          ? t('prescribing.warnings.interactionLine', { n: lineNo(p.with_line), with: p.with, severity, words })
          : t('prescribing.warnings.interactionCurrent', { with: p.with_current, severity, words })
      case 'dose-over-single-max':
      case 'dose-over-daily-max':
        return t(`prescribing.warnings.${w.code}`, { dose: plain(p.dose), max: plain(p.max), unit: p.unit })
      default:
        return w.code
    }
  }

  return { frequency, route, refusal, article, warning, lineNo }
}
