// Signed documents (/api/v1/documents): src/yilian/documents/schemas.py, as the OpenAPI document
// gives them. Both calls here are public: whoever holds a printed or downloaded document may check it.
import { http } from './http'
import type { Schemas, Sent } from './types'

/**
 * `authentic`: issued by yilian and untouched since; otherwise `reason` says why not. The
 * document's fields (number, title, issuer, issued_at, superseded_by) come only with an authentic one.
 */
export type Verification = Sent<Schemas['VerificationOut']>
export type VerificationReason = NonNullable<Verification['reason']>
/** What the register says of the document a printed QR code names: nothing about the patient. */
export type RegisterEntry = Sent<Schemas['RegisterEntryOut']>

/** The verifier reads at most 1 MiB (every yilian document is far smaller). */
export const VERIFY_MAX_BYTES = 1024 * 1024

export const documentsApi = {
  verify: (file: Blob) => http.postFile<Verification>('/documents/verify', file, 'application/pdf'),
  registerEntry: (number: string, code: string) =>
    http.get<RegisterEntry>('/documents/register', { number, code }),
}
