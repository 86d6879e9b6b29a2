import { useI18n } from 'vue-i18n'
import type { AuditOutcome, Role } from '@/api/types'

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

  function outcomeTag(outcome: AuditOutcome): 'success' | 'warning' | 'danger' {
    return outcome === 'ok' ? 'success' : outcome === 'denied' ? 'warning' : 'danger'
  }

  return { flagLabel, recordStatusLabel, roleLabel, outcomeTag }
}
