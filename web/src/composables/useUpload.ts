import { computed, ref } from 'vue'
import { ProblemError } from '@/api/http'
import { uploadFile } from '@/api/uploads'
import { i18n } from '@/i18n'
import { problemText } from './problems'

export type UploadState = 'idle' | 'uploading' | 'paused' | 'done' | 'failed' | 'cancelled'

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))} MB`
}

/** What the user reads about a refused or failed upload, in the UI's language. */
function uploadMessage(err: unknown): string {
  const t = i18n.global.t
  if (err instanceof ProblemError) {
    const problem = err.problem
    if (problem.code === 'file-too-large' && typeof problem.max_bytes === 'number') {
      return t('upload.tooLarge', { limit: megabytes(problem.max_bytes) })
    }
    if (problem.code === 'file-type-not-allowed') return t('upload.typeNotAllowed')
    if (problem.code === 'file-type-mismatch') return t('upload.typeMismatch')
  }
  return t('upload.failed', { reason: problemText(err) })
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}

/**
 * One upload at a time, with reactive progress for a progress bar. `upload(file)` resolves with
 * the stored file's id, or null when cancelled; a failure sets `error` (a translated message) and
 * rejects with a ProblemError carrying that message as its title.
 */
export function useUpload() {
  const state = ref<UploadState>('idle')
  const sent = ref(0)
  const total = ref(0)
  const error = ref('')
  let controller: AbortController | null = null

  const progress = computed(() => (total.value ? Math.floor((sent.value * 100) / total.value) : 0))
  const uploading = computed(() => state.value === 'uploading' || state.value === 'paused')
  const message = computed(() => {
    const t = i18n.global.t
    switch (state.value) {
      case 'uploading':
        return t('upload.uploading', { percent: progress.value })
      case 'paused':
        return t('upload.paused')
      case 'done':
        return t('upload.done')
      case 'cancelled':
        return t('upload.cancelled')
      case 'failed':
        return error.value
      default:
        return ''
    }
  })

  async function upload(file: File): Promise<string | null> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    state.value = 'uploading'
    sent.value = 0
    total.value = file.size
    error.value = ''
    try {
      const { fileId } = await uploadFile(file, {
        signal: mine.signal,
        onProgress: (bytes, size) => {
          sent.value = bytes
          total.value = size
        },
        onStalled: (stalled) => {
          state.value = stalled ? 'paused' : 'uploading'
        },
      })
      state.value = 'done'
      return fileId
    } catch (err) {
      if (isAbort(err)) {
        if (controller === mine) state.value = 'cancelled'
        return null
      }
      state.value = 'failed'
      error.value = uploadMessage(err)
      const status = err instanceof ProblemError ? err.status : 0
      const code = err instanceof ProblemError ? err.code : 'upload-failed'
      throw new ProblemError({ type: 'about:blank', title: error.value, status, code })
    } finally {
      if (controller === mine) controller = null
    }
  }

  /** Stops the upload in progress (the server discards what it received); nothing otherwise. */
  function cancel(): void {
    controller?.abort()
  }

  return { state, sent, total, progress, uploading, error, message, upload, cancel }
}
