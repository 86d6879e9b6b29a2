import { ChatDotRound, FirstAidKit, House, User } from '@element-plus/icons-vue'
import type { Component } from 'vue'

// A patient's phone app in four sections (the bottom tab bar); each opens on its first page and
// holds the pages listed (the strip above the page switches between them).
export interface PatientSection {
  key: 'home' | 'cases' | 'messages' | 'me'
  icon: Component
  pages: string[]
}

export const PATIENT_SECTIONS: PatientSection[] = [
  { key: 'home', icon: House, pages: ['home', 'clinic'] },
  { key: 'cases', icon: FirstAidKit, pages: ['my-consultations', 'my-referrals', 'my-visits', 'my-prescriptions'] },
  { key: 'messages', icon: ChatDotRound, pages: ['conversations'] },
  { key: 'me', icon: User, pages: ['my-record', 'my-payments', 'my-consents', 'my-access-log', 'followup', 'account'] },
]

/** The section a page belongs to, by its name or the menu entry it sits below. */
export function sectionOf(page: string): PatientSection | undefined {
  return PATIENT_SECTIONS.find((s) => s.pages.includes(page))
}
