import { useI18n } from 'vue-i18n'
import type { AccessBasis, AuditOutcome, Role } from '@/api/types'

/** Message-key segment for a server code: dots would be read as nesting and spaces are awkward, so both become '_'. */
function keySegment(code: string): string {
  return code.trim().replace(/[.\s]+/g, '_')
}

/** Labels for values the server may extend (audit flags, record statuses): unknown ones are shown as they are. */
export function useLabels() {
  const { t, te } = useI18n()

  function flagLabel(flag: string | null): string {
    if (!flag) return ''
    const key = `flags.${flag}`
    return te(key) ? t(key) : flag
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

  function outcomeTag(outcome: AuditOutcome): 'success' | 'warning' | 'danger' {
    return outcome === 'ok' ? 'success' : outcome === 'denied' ? 'warning' : 'danger'
  }

  return {
    flagLabel,
    recordStatusLabel,
    roleLabel,
    titleLabel,
    actionLabel,
    actionTranslated,
    accessActionLabel,
    basisLabel,
    outcomeTag,
  }
}
