// Times are stored in UTC and shown in Asia/Shanghai whatever the browser's own time zone.
const TIME_ZONE = 'Asia/Shanghai'
const SHANGHAI_OFFSET = '+08:00'

const dateTimeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

function shanghaiParts(value: string): Record<string, string> | null {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return null
  const parts: Record<string, string> = {}
  for (const part of dateTimeParts.formatToParts(date)) parts[part.type] = part.value
  return parts
}

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/

export function formatDateTime(value: string | null | undefined, withSeconds = false): string {
  if (!value) return '—'
  if (PLAIN_DATE.test(value)) return value
  const p = shanghaiParts(value)
  if (!p) return value
  const time = withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`
  return `${p.year}-${p.month}-${p.day} ${time}`
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—'
  if (PLAIN_DATE.test(value)) return value
  const p = shanghaiParts(value)
  return p ? `${p.year}-${p.month}-${p.day}` : value
}

/** Today's date in Shanghai as YYYY-MM-DD. */
export function todayShanghai(): string {
  return formatDate(new Date().toISOString())
}

/** A date picked in the UI means the end of that day in Shanghai (for expiry and validity ends). */
export function endOfDayShanghai(date: string): string {
  return `${date}T23:59:59${SHANGHAI_OFFSET}`
}

/** A wall-clock time picked in the UI (YYYY-MM-DDTHH:mm:ss) is Shanghai time. */
export function shanghaiWallClock(value: string): string {
  return `${value}${SHANGHAI_OFFSET}`
}

export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value)
}

/** The calendar day a date picker cell stands for (pickers work in the browser's own zone). */
export function pickerDay(date: Date): string {
  const m = String(date.getMonth() + 1).padStart(2, '0')
  const d = String(date.getDate()).padStart(2, '0')
  return `${date.getFullYear()}-${m}-${d}`
}
