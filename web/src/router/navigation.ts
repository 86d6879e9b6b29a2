import {
  Box,
  Calendar,
  ChatDotRound,
  Checked,
  Clock,
  CreditCard,
  DataAnalysis,
  DataBoard,
  Document,
  FirstAidKit,
  FolderOpened,
  House,
  Key,
  List,
  Memo,
  Monitor,
  Money,
  OfficeBuilding,
  Search,
  Switch,
  Tickets,
  User,
  VideoCamera,
  View,
  Wallet,
  Warning,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'
import type { Router } from 'vue-router'
import type { Role } from '@/api/types'
import type { MessageSchema } from '@/i18n/zh-CN'
import { mayEnter } from './access'

export interface NavItem {
  name: string
  title: keyof MessageSchema['nav']
  icon: Component
}

// Menu order; each entry appears when the active role may open the page.
const MENU: { name: string; icon: Component }[] = [
  { name: 'home', icon: House },
  { name: 'clinic', icon: Search },
  { name: 'my-record', icon: FolderOpened },
  { name: 'my-consents', icon: Key },
  { name: 'my-access-log', icon: View },
  { name: 'my-consultations', icon: Tickets },
  { name: 'my-referrals', icon: Switch },
  { name: 'my-visits', icon: VideoCamera },
  { name: 'my-prescriptions', icon: Memo },
  { name: 'my-payments', icon: Wallet },
  { name: 'consultations', icon: FirstAidKit },
  { name: 'referrals', icon: Switch },
  { name: 'referral-dashboard', icon: DataAnalysis },
  { name: 'followup', icon: Checked },
  { name: 'availability', icon: Calendar },
  { name: 'clinic-schedule', icon: Clock },
  { name: 'clinic-today', icon: DataBoard },
  { name: 'clinic-screen', icon: Monitor },
  { name: 'conversations', icon: ChatDotRound },
  { name: 'alliance', icon: OfficeBuilding },
  { name: 'patients', icon: User },
  { name: 'prescriptions', icon: Memo },
  { name: 'pharmacy-catalogue', icon: Box },
  { name: 'users', icon: List },
  { name: 'payment-orders', icon: Tickets },
  { name: 'reconciliation', icon: Money },
  { name: 'payment-channels', icon: CreditCard },
  { name: 'break-glass-log', icon: Warning },
  { name: 'audit', icon: Document },
]

export function menuFor(router: Router, role: Role | null): NavItem[] {
  const items: NavItem[] = []
  for (const { name, icon } of MENU) {
    const meta = router.resolve({ name }).meta
    const visible = mayEnter(meta.roles, role)
    if (visible && meta.title) items.push({ name, title: meta.title, icon })
  }
  return items
}

// The menu entry each workbench count belongs to: a case kind's list is `${type}s`; the others
// by name.
const COUNTED: Record<string, string> = { followups: 'followup', messages: 'conversations' }

/** The badges of the menu: entry name → how many things wait there (only those with some). */
export function menuBadges(counts: Record<string, number>): Record<string, number> {
  const badges: Record<string, number> = {}
  for (const [key, n] of Object.entries(counts)) if (n > 0) badges[COUNTED[key] ?? `${key}s`] = n
  return badges
}
