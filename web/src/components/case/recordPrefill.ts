// What a new case (a consultation's application, a referral) takes from the patient's record
// once the patient is chosen: the latest visit note, the active problems, medications and
// allergies as text the doctor edits, and the latest active problem as the working diagnosis.
// The one mapping from the record to a case form; it fills only what is still empty, unless the
// doctor asks for it again ("从档案填入"). The record is read through its API, which logs the read.
import { computed, ref, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { patientsApi } from '@/api/patients'
import type { HealthRecord } from '@/api/types'
import { notifyError } from '@/composables/problems'
import { formatDate } from '@/utils/format'

/** The fields of a case form the record fills; `treatment` only where the form has one. */
export interface PrefillTarget {
  summary: string
  treatment?: string
  diagnosis_icd10: string
  diagnosis_text: string
}

type Translate = (key: string, params?: Record<string, unknown>) => string

const active = <T extends { status?: string | null }>(rows: T[]): T[] => rows.filter((r) => !r.status || r.status === 'active')

/** The texts a record gives a case form. With `treatment`, the medications go there, not into the summary. */
export function fromRecord(record: HealthRecord, t: Translate, treatment: boolean): PrefillTarget {
  const line = (key: string, items: string[]) => (items.length ? t('case.prefill.line', { label: t(`record.tabs.${key}`), items: items.join(t('case.prefill.joiner')) }) : '')
  const visit = record.encounters
    .filter((e) => e.status !== 'voided' && e.summary)
    .sort((a, b) => b.started_at.localeCompare(a.started_at))[0]
  const problems = active(record.problems)
  const medications = active(record.medications).map((m) => [m.name, m.dose, m.frequency].filter(Boolean).join(' '))
  const allergies = active(record.allergies).map((a) => (a.reaction ? t('case.prefill.allergy', { substance: a.substance, reaction: a.reaction }) : a.substance))
  const meds = line('medications', medications)
  const summary = [
    visit ? t('case.prefill.latestVisit', { date: formatDate(visit.started_at), org: visit.organisation_name, note: visit.summary }) : '',
    line('problems', problems.map((p) => `${p.icd10} ${p.description}`)),
    treatment ? '' : meds,
    line('allergies', allergies),
  ]
  const latest = problems[0] // the record lists the newest first
  return {
    summary: summary.filter(Boolean).join('\n'),
    ...(treatment ? { treatment: meds } : {}),
    diagnosis_icd10: latest?.icd10 ?? '',
    diagnosis_text: latest?.description ?? '',
  }
}

/**
 * Fills `form` from the record of the patient `patientId` names, whenever it changes (and
 * `enabled`), leaving what was typed; `refill` puts the record's texts back over it.
 * `patientName` is the chosen patient's name (for the consent).
 */
export function useRecordPrefill(
  form: PrefillTarget,
  patientId: () => string | null,
  options: { treatment: boolean; enabled?: () => boolean },
) {
  const { t } = useI18n()
  const record = shallowRef<HealthRecord | null>(null)
  const patientName = ref<string | null>(null)
  const loading = ref(false)

  function fill(overwrite: boolean): void {
    if (!record.value) return
    const values = fromRecord(record.value, t, options.treatment)
    for (const [key, value] of Object.entries(values) as [keyof PrefillTarget, string][]) {
      if (value && (overwrite || !form[key]?.trim())) form[key] = value
    }
  }

  watch(
    patientId,
    async (id) => {
      record.value = null
      patientName.value = null
      if (!id || (options.enabled && !options.enabled())) return
      loading.value = true
      try {
        const found = await patientsApi.record(id)
        if (patientId() !== id) return // another patient was chosen meanwhile
        record.value = found
        patientName.value = found.patient.name
        fill(false)
      } catch (err) {
        notifyError(err)
      } finally {
        loading.value = false
      }
    },
    { immediate: true },
  )

  return { patientName, loading, ready: computed(() => record.value !== null), refill: () => fill(true) }
}
