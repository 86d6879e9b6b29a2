import { ElMessage } from 'element-plus'
import { ProblemError } from '@/api/http'
import { i18n } from '@/i18n'

export function problemText(err: unknown): string {
  const t = i18n.global.t
  if (!(err instanceof ProblemError)) return t('errors.unknown', { status: '?' })
  const { problem } = err
  if (problem.code === 'network') return t('errors.network')
  const title = problem.title || t('errors.unknown', { status: problem.status })
  const separator = i18n.global.locale.value === 'en' ? ': ' : '：'
  return problem.detail ? `${title}${separator}${problem.detail}` : title
}

/** Show an API failure as a message (title + detail, in the language the server was asked for). */
export function notifyError(err: unknown): void {
  if (!(err instanceof ProblemError)) console.error(err)
  ElMessage.error({ message: problemText(err), grouping: true, showClose: true, duration: 6000 })
}

/** Field errors of a problem, keyed by the server's dotted field path (e.g. "grants.0.role"). */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(err instanceof ProblemError)) return out
  for (const { field, message } of err.problem.errors ?? []) {
    out[field] = out[field] ? `${out[field]}; ${message}` : message
  }
  return out
}

export function isProblem(err: unknown, code: string): err is ProblemError {
  return err instanceof ProblemError && err.code === code
}
