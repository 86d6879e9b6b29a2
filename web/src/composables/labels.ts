import { useI18n } from 'vue-i18n'
import type { AccessBasis, AuditOutcome, Role } from '@/api/types'

/** Message-key segment for a server code: dots would be read as nesting and spaces are awkward, so both become '_'. */
function keySegment(code: string): string {
  return code.trim().replace(/[.\s]+/g, '_')
}

/**
 * Parameters of the server's texts (a timeline note, a conversation notice) that are codes
 * themselves, and where their words are; the other parameters are data (names, numbers, times).
 */
const PARAM_WORDS: Record<string, string> = {
  kind: 'consultation.kinds',
  direction: 'referral.directionsShort',
  reservation: 'referral.reservationsShort',
  limit: 'limits',
}

/** Labels for values the server may extend (audit flags, record statuses): unknown ones are shown as they are. */
export function useLabels() {
  const { t, te } = useI18n()

  function flagLabel(flag: string | null): string {
    if (!flag) return ''
    const key = `flags.${flag}`
    return te(key) ? t(key) : flag
  }

  /** A value of one of the server's closed sets (codes.ts: severities, encounterKinds...); an unknown one as it is. */
  function codeLabel(section: string, value: string | null | undefined): string {
    if (!value) return '—'
    const key = `${section}.${keySegment(value)}`
    return te(key) ? t(key) : value
  }

  function recordStatusLabel(status: string): string {
    const key = `recordStatus.${status}`
    return te(key) ? t(key) : status
  }

  function roleLabel(role: Role | null): string {
    return role ? t(`roles.${role}`) : '—'
  }

  /** Professional title (职称) from its code; the server's (Chinese) label when the code is unknown here. */
  function titleLabel(practitioner: { title: string; title_label?: string | null } | null | undefined): string {
    if (!practitioner) return '—'
    const key = `titles.${keySegment(practitioner.title)}`
    if (practitioner.title && te(key)) return t(key)
    return practitioner.title_label || practitioner.title || '—'
  }

  /**
   * Audit action: a dotted code such as `record.problems.add`, or for a refusal the route's policy name
   * (an English phrase such as "read the health record"). Unknown ones are shown as they are.
   */
  function actionLabel(action: string | null | undefined): string {
    if (!action) return '—'
    const key = `auditActions.${keySegment(action)}`
    return te(key) ? t(key) : action
  }

  /** Whether `actionLabel` has a translation, i.e. whether the raw code is worth showing beside it. */
  function actionTranslated(action: string | null | undefined): boolean {
    return !!action && te(`auditActions.${keySegment(action)}`)
  }

  /** What an access-log entry read, in words; an action unknown here as the audit viewer names it. */
  function accessActionLabel(action: string): string {
    const key = `access.actions.${keySegment(action)}`
    return te(key) ? t(key) : actionLabel(action)
  }

  /** The ground of a read: addressed to the patient, or (``staff``) as the auditor names it. */
  function basisLabel(basis: AccessBasis | string, staff = false): string {
    const key = `access.${staff ? 'basesStaff' : 'bases'}.${basis}`
    return te(key) ? t(key) : basis
  }

  /** The colour of a read's ground: an emergency stands out, a consent or a proxy is notable. */
  function basisTag(basis: AccessBasis | string): 'danger' | 'warning' | 'success' | 'info' {
    if (basis === 'break-glass') return 'danger'
    if (basis === 'consent' || basis === 'proxy') return 'warning'
    if (basis === 'case') return 'success'
    return 'info'
  }

  /** Whether a text's parameter is a code worded here (not data). */
  function isWorded(name: string): boolean {
    return name in PARAM_WORDS
  }

  /** A text parameter in words: a code in the reader's language, data as it is. */
  function paramWords(name: string, value: string): string {
    const key = `${PARAM_WORDS[name]}.${keySegment(value)}`
    return isWorded(name) && te(key) ? t(key) : value
  }

  /**
   * What the server says as a code and parameters, in the reader's language; with a code unknown here
   * (a newer server), the parameters' values as they are.
   */
  function said(section: string, code: string, params: Record<string, string> = {}): string {
    const worded = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, paramWords(k, v)]))
    const key = `${section}.${keySegment(code)}`
    return te(key) ? t(key, worded) : Object.values(worded).join(' ')
  }

  /** A case conversation's title (a code) with its case number; an older free title as it is. */
  function conversationTitle(c: { title: string; case_number?: string | null }): string {
    const key = `conversation.titles.${keySegment(c.title)}`
    return te(key) ? t(key, { number: c.case_number ?? '' }) : c.title
  }

  /** A participant's role in a case (a code); a label a case module wrote as it is. */
  function participantRole(label: string): string {
    const key = `conversation.roles.${keySegment(label)}`
    return te(key) ? t(key) : label
  }

  function outcomeTag(outcome: AuditOutcome): 'success' | 'warning' | 'danger' {
    return outcome === 'ok' ? 'success' : outcome === 'denied' ? 'warning' : 'danger'
  }

  return {
    flagLabel,
    codeLabel,
    recordStatusLabel,
    roleLabel,
    titleLabel,
    actionLabel,
    actionTranslated,
    accessActionLabel,
    basisLabel,
    basisTag,
    outcomeTag,
    isWorded,
    paramWords,
    said,
    conversationTitle,
    participantRole,
  }
}
