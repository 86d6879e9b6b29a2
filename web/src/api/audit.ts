import { getPage, http } from './http'
import type { AccessQuery, AccessRow, AuditQuery, AuditRow, AuditVerifyResult } from './types'

export const auditApi = {
  list: (query: AuditQuery, cursor: string | null = null) => getPage<AuditRow>('/audit', { ...query }, cursor),
  /** Every read of patient data (the access log), newest first. */
  accessLog: (query: AccessQuery, cursor: string | null = null) =>
    getPage<AccessRow>('/audit/access-log', { ...query }, cursor),
  verify: () => http.get<AuditVerifyResult>('/audit/verify'),
}
