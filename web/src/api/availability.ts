// Doctors' times (/api/v1/availability), as the OpenAPI document gives them (see types.ts for Sent).
import { http } from './http'
import type { QueryOf, Schemas, Sent } from './types'

/** A time a doctor offers (出诊/会诊时段); which case holds it is shown only to those who schedule it. */
export type SlotOut = Sent<Schemas['SlotOut']>

/**
 * `user_id`: the doctor, the caller when omitted; from `start` (default now) until `end` (default
 * 14 days later, at most 62), ISO datetimes with an offset; `free`: only bookable times (true) or
 * only booked ones (false).
 */
export type SlotQuery = QueryOf<'/api/v1/availability'>

/** `slot_minutes`: split the range into slots of this many minutes (15–240); one slot when omitted. */
export type SlotsInput = Schemas['SlotsIn']

/** A doctor a coordinator may enter times for at an organisation. */
export type SchedulableDoctor = Sent<Schemas['DoctorOut']>

export const availabilityApi = {
  list: (query: SlotQuery = {}) => http.get<SlotOut[]>('/availability', { ...query }),
  create: (body: SlotsInput) => http.post<SlotOut[]>('/availability', body),
  withdraw: (id: string) => http.delete<SlotOut>(`/availability/${id}`),
  doctors: (organisationId?: string) =>
    http.get<SchedulableDoctor[]>('/availability/doctors', { organisation_id: organisationId }),
}

const SHANGHAI = 'Asia/Shanghai'
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: SHANGHAI, year: 'numeric', month: '2-digit', day: '2-digit' })
const clock = new Intl.DateTimeFormat('en-GB', { timeZone: SHANGHAI, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** Slots (in time order) by their day in Beijing time, YYYY-MM-DD. */
export function slotsByDay(slots: SlotOut[]): { day: string; slots: SlotOut[] }[] {
  const days = new Map<string, SlotOut[]>()
  for (const slot of slots) {
    const day = dayKey.format(new Date(slot.starts_at))
    days.set(day, [...(days.get(day) ?? []), slot])
  }
  return [...days].map(([day, list]) => ({ day, slots: list }))
}

/** A slot's time of day in Beijing, e.g. "09:00–09:30". */
export function slotTime(slot: Pick<SlotOut, 'starts_at' | 'ends_at'>): string {
  return `${clock.format(new Date(slot.starts_at))}–${clock.format(new Date(slot.ends_at))}`
}

/** A day's heading in the UI's language, e.g. "11月25日 周三" / "Wed, 25 Nov". */
export function dayHeading(day: string, locale: string): string {
  const noon = new Date(`${day}T12:00:00+08:00`)
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: SHANGHAI,
    month: 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(noon)
}
