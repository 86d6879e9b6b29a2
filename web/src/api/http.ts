import type { Page, Problem } from './types'

const BASE = '/api/v1'
export const CSRF_COOKIE = 'yilian_csrf'
const PAGE_LIMIT = 50

/** An API answer that is not a success, always carrying a problem+json body (synthesised if need be). */
export class ProblemError extends Error {
  readonly problem: Problem

  constructor(problem: Problem) {
    super(problem.title || problem.code)
    this.name = 'ProblemError'
    this.problem = problem
  }

  get status(): number {
    return this.problem.status
  }

  get code(): string {
    return this.problem.code
  }
}

export interface HttpHooks {
  /** The value sent as Accept-Language, so problem titles come back in the UI's language. */
  language: () => string
  /** The session is missing or has ended. */
  unauthenticated: () => void
  /** A staff member must enrol a second factor before anything else is allowed. */
  totpEnrolmentRequired: () => void
}

let hooks: HttpHooks = {
  language: () => 'zh-CN',
  unauthenticated: () => undefined,
  totpEnrolmentRequired: () => undefined,
}

export function configureHttp(next: HttpHooks): void {
  hooks = next
}

type QueryValue = string | number | boolean | null | undefined
type Query = Record<string, QueryValue>

interface RequestOptions {
  query?: Query
  body?: unknown
  /** The body's media type when it is a file sent as is (a Blob); otherwise the body is JSON. */
  contentType?: string
  /** Report a 401 to the caller only, e.g. a wrong password or the probe of an existing session. */
  quietUnauthenticated?: boolean
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue
    params.append(key, String(value))
  }
  const qs = params.toString()
  return `${BASE}${path}${qs ? `?${qs}` : ''}`
}

async function readProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Record<string, unknown>
      const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined)
      return {
        ...body,
        type: text('type') ?? 'about:blank',
        title: text('title') ?? '',
        status: typeof body.status === 'number' ? body.status : res.status,
        code: text('code') ?? `http-${res.status}`,
        // Only a problem's string detail is shown; other JSON error bodies keep theirs out of the UI.
        detail: text('detail'),
        errors: Array.isArray(body.errors) ? (body.errors as Problem['errors']) : undefined,
      }
    } catch {
      // A broken body is reported as a bare status below.
    }
  }
  return { type: 'about:blank', title: '', status: res.status, code: `http-${res.status}` }
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': hooks.language(),
  }
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json'
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie(CSRF_COOKIE)
    if (csrf) headers['X-CSRF-Token'] = csrf
  }

  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : opts.body instanceof Blob ? opts.body : JSON.stringify(opts.body),
    })
  } catch {
    throw new ProblemError({ type: 'about:blank', title: '', status: 0, code: 'network' })
  }

  if (!res.ok) {
    const problem = await readProblem(res)
    if (res.status === 401 && !opts.quietUnauthenticated) hooks.unauthenticated()
    if (res.status === 403 && problem.code === 'totp-enrolment-required') hooks.totpEnrolmentRequired()
    throw new ProblemError(problem)
  }
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

export const http = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'body'> = {}) =>
    request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...opts, body: body ?? {} }),
  /** A file as the request's body, e.g. a PDF to verify. */
  postFile: <T>(path: string, file: Blob, contentType: string) =>
    request<T>('POST', path, { body: file, contentType }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
}

/** One page of a cursor-paginated list. */
export function getPage<T>(path: string, query: Query, cursor: string | null): Promise<Page<T>> {
  return http.get<Page<T>>(path, { ...query, cursor, limit: PAGE_LIMIT })
}
