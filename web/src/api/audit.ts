import { getPage, http } from './http'
import type { AuditQuery, AuditRow, AuditVerifyResult } from './types'

export const auditApi = {
  list: (query: AuditQuery, cursor: string | null = null) => getPage<AuditRow>('/audit', { ...query }, cursor),
  verify: () => http.get<AuditVerifyResult>('/audit/verify'),
}
