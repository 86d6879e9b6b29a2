import { DetailedError, Upload } from 'tus-js-client'
import { currentLocale } from '@/i18n'
import { CSRF_COOKIE, http, ProblemError, readCookie } from './http'
import type { Problem, Schemas, Sent } from './types'

/**
 * Files go up through resumable uploads (tus 1.0.0, server: /api/v1/uploads) in 512 KiB chunks:
 * a village line that drops loses at most the chunk in flight, and the upload continues from the
 * server's offset, also after a page reload (the upload's URL is kept under a fingerprint of the
 * file in localStorage).
 */

const BASE = '/api/v1'
const ENDPOINT = `${BASE}/uploads`
// Within the server's 1 MiB body limit per request.
const CHUNK_SIZE = 512 * 1024
// Quick retries for a flaky line; a longer outage waits for the network (see below).
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000]
const NETWORK_WAIT_MS = 15000

// Types browsers often leave empty (DICOM) or name differently; the server has the allow-list.
const TYPES_BY_EXTENSION: Record<string, string> = {
  dcm: 'application/dicom',
  dicom: 'application/dicom',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

export interface UploadProgress {
  /** Bytes the server has confirmed or that are in flight. */
  onProgress?: (sent: number, total: number) => void
  /** The network dropped (true) and the upload waits to continue, or it continues (false). */
  onStalled?: (stalled: boolean) => void
  /** Aborting stops the upload and discards what the server received. */
  signal?: AbortSignal
}

type UploadStatus = Sent<Schemas['UploadOut']>

/** The URL of a stored file's bytes (images show inline, other files download). */
export function fileUrl(id: string): string {
  return `${BASE}/files/${encodeURIComponent(id)}/content`
}

function declaredType(file: File): string {
  if (file.type) return file.type
  const extension = file.name.split('.').pop()?.toLowerCase() ?? ''
  return TYPES_BY_EXTENSION[extension] ?? 'application/octet-stream'
}

function statusOf(err: Error | DetailedError): number {
  return err instanceof DetailedError ? (err.originalResponse?.getStatus() ?? 0) : 0
}

/** A lost connection or a server that is briefly away: worth waiting for, not worth failing. */
function isTransient(err: Error | DetailedError): boolean {
  const status = statusOf(err)
  return status === 0 || status >= 500 || status === 409 || status === 423
}

function toProblem(err: Error | DetailedError): ProblemError {
  const res = err instanceof DetailedError ? err.originalResponse : null
  if (!res) return new ProblemError({ type: 'about:blank', title: '', status: 0, code: 'network' })
  try {
    const body = JSON.parse(res.getBody()) as Partial<Problem>
    if (typeof body.code === 'string') {
      return new ProblemError({ ...body, type: body.type ?? 'about:blank', title: body.title ?? '',
        status: res.getStatus(), code: body.code })
    }
  } catch {
    // Not a problem body (e.g. a proxy's error page): reported by its status below.
  }
  return new ProblemError({ type: 'about:blank', title: '', status: res.getStatus(), code: `http-${res.getStatus()}` })
}

function abortError(): DOMException {
  return new DOMException('the upload was cancelled', 'AbortError')
}

/** Waits until the browser reports the network back, or a while (its report is not reliable). */
function networkBack(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      window.clearTimeout(timer)
      window.removeEventListener('online', done)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = window.setTimeout(done, NETWORK_WAIT_MS)
    window.addEventListener('online', done)
    signal?.addEventListener('abort', done)
  })
}

/**
 * Uploads a file and resolves with the stored file's id. Rejects with a ProblemError when the
 * server refuses it (too large, type not allowed, content not matching its type...), or with
 * an AbortError when `signal` aborts.
 */
export function uploadFile(file: File, opts: UploadProgress = {}): Promise<{ fileId: string }> {
  const { signal } = opts
  if (signal?.aborted) return Promise.reject(abortError())
  return new Promise((resolve, reject) => {
    let stalled = false
    const setStalled = (value: boolean) => {
      if (stalled === value) return
      stalled = value
      opts.onStalled?.(value)
    }

    const upload: Upload = new Upload(file, {
      endpoint: ENDPOINT,
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      metadata: { filename: file.name, filetype: declaredType(file) },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onBeforeRequest(req) {
        req.setHeader('Accept-Language', currentLocale())
        const csrf = readCookie(CSRF_COOKIE)
        if (csrf) req.setHeader('X-CSRF-Token', csrf)
      },
      onShouldRetry(err) {
        const retry = isTransient(err)
        if (retry) setStalled(true)
        return retry
      },
      onProgress(sent, total) {
        setStalled(false)
        opts.onProgress?.(sent, total)
      },
      async onSuccess() {
        setStalled(false)
        signal?.removeEventListener('abort', onAbort)
        try {
          const id = upload.url?.split('/').pop() ?? ''
          const status = await http.get<UploadStatus>(`/uploads/${encodeURIComponent(id)}`)
          if (!status.file_id) throw new ProblemError({ type: 'about:blank', title: '', status: 0, code: 'upload-incomplete' })
          resolve({ fileId: status.file_id })
        } catch (err) {
          reject(err)
        }
      },
      async onError(err) {
        if (signal?.aborted) return
        if (isTransient(err)) {
          // The quick retries are used up: the line is down for longer. Wait, then continue
          // from the server's offset (the upload keeps its URL).
          setStalled(true)
          await networkBack(signal)
          if (!signal?.aborted) upload.start()
          return
        }
        signal?.removeEventListener('abort', onAbort)
        reject(toProblem(err))
      },
    })

    function onAbort() {
      // Terminating tells the server to discard the received bytes and forgets the fingerprint.
      upload.abort(true).catch(() => undefined)
      reject(abortError())
    }
    signal?.addEventListener('abort', onAbort, { once: true })

    upload
      .findPreviousUploads()
      .then((previous) => {
        if (signal?.aborted) return
        // The fingerprint names the file (name, type, size, date); the newest try is resumed.
        const latest = [...previous].sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0]
        if (latest) upload.resumeFromPreviousUpload(latest)
        upload.start()
      })
      .catch(() => upload.start())
  })
}
