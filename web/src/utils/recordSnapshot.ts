// The record snapshot a case carries (the patient's record as the requesting doctor saw it when
// asking: problems, medications, allergies, documents), as lines to show the receiving side.
import { formatDate } from '@/utils/format'

type Item = Record<string, unknown>
// The record page's order; sections the server may add later follow.
const KNOWN = ['problems', 'medications', 'allergies', 'documents'] as const

export interface SnapshotSection {
  key: string
  lines: string[]
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

function joined(...parts: unknown[]): string {
  return parts.map(text).filter(Boolean).join(' · ')
}

/** One line per item, from the fields the patient record uses; unknown shapes show their text fields. */
function line(section: string, item: Item): string {
  switch (section) {
    case 'problems':
      return joined(item.icd10, item.description)
    case 'medications':
      return joined(item.name, item.dose, item.frequency)
    case 'allergies':
      return joined(item.substance, item.reaction, item.severity)
    case 'documents':
      return joined(item.title, item.kind, item.recorded_at ? formatDate(text(item.recorded_at)) : '')
    default:
      return joined(...Object.values(item))
  }
}

export function snapshotSections(snap: Record<string, unknown> | null | undefined): SnapshotSection[] {
  if (!snap) return []
  const keys = [...KNOWN.filter((k) => k in snap), ...Object.keys(snap).filter((k) => !(KNOWN as readonly string[]).includes(k))]
  return keys
    .filter((k) => Array.isArray(snap[k]))
    .map((k) => ({
      key: k,
      lines: (snap[k] as unknown[]).map((item) => (typeof item === 'object' && item ? line(k, item as Item) : text(item))),
    }))
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
