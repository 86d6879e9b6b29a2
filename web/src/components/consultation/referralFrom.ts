// What a referral form takes from a consultation whose report advises referral (发起转诊): the
// patient, the report's first diagnosis, the advice as the reason, and the case summary with the
// report's opinion. The server checks the link (readable, same patient, advice given).
import type { Consultation } from '@/api/consultations'

type Translate = (key: string, params?: Record<string, unknown>) => string

const REASON_MAX = 500
const SUMMARY_MAX = 4000

export function referralFromConsultation(c: Consultation, t: Translate) {
  const published = c.reports.filter((r) => r.published_at)
  const report = [...published].reverse().find((r) => r.referral_advised) ?? published[published.length - 1]
  const first = report?.diagnoses[0]
  const reason = t('referral.create.fromConsultationReason', { number: c.number, advice: report?.recommendations ?? '' })
  const summary = [c.summary, report ? t('referral.create.fromConsultationOpinion', { org: c.invited_org_name, opinion: report.opinion }) : '']
  return {
    patient_id: c.patient_id,
    urgency: c.urgency,
    reason: reason.slice(0, REASON_MAX),
    summary: summary.filter(Boolean).join('\n').slice(0, SUMMARY_MAX),
    diagnosis_icd10: first?.code ?? c.diagnosis_icd10,
    diagnosis_text: first?.name ?? c.diagnosis_text,
  }
}
