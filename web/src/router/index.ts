import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { rolesOf } from '@/api/policy'
import type { Role } from '@/api/types'
import { i18n } from '@/i18n'
import type { MessageSchema } from '@/i18n/zh-CN'
import LoginPage from '@/pages/LoginPage.vue'
import { useSessionStore } from '@/stores/session'
import {
  ADMIN_ROLES,
  APPLICANT_ROLES,
  AUDITOR_ROLES,
  BREAK_GLASS_LOG_ROLES,
  CONSULTATION_ROLES,
  FOLLOWUP_ROLES,
  landingFor,
  mayEnter,
  PATIENT_DATA_ROLES,
  PATIENT_ROLES,
  REFERRAL_DASHBOARD_ROLES,
  REFERRAL_ROLES,
  REFERRER_ROLES,
  SCHEDULE_ROLES,
  STAFF_ROLES,
} from './access'

type NavKey = keyof MessageSchema['nav']

// The online clinic's schedule: administrators keep it, doctors read their own sessions. The
// reconciliation and the channel accounts: the payee's office.
const CLINIC_SCHEDULE_ROLES = rolesOf('GET /api/v1/clinic/sessions').filter((r) => r !== 'patient')
const RECONCILIATION_ROLES = rolesOf('GET /api/v1/payments/reconciliation')
const PAYMENT_CHANNEL_ROLES = rolesOf('GET /api/v1/payments/channels/{organisation_id}')
// The office's orders list (the server's OFFICE: those who reconcile, and alliance admins, who
// keep the channels): reading orders is open to anyone, who sees only their own.
const PAYMENT_OFFICE_ROLES = [...new Set([...RECONCILIATION_ROLES, ...PAYMENT_CHANNEL_ROLES])]
// A session's queue: its doctor.
const CLINIC_QUEUE_ROLES = rolesOf('GET /api/v1/clinic/sessions/{session_id}/queue')
// 今日门诊: the offices overseeing the organisations (the server also lets a department head, a
// doctor, read their departments' sessions; the menu would offer it to every doctor, so the page
// stays the offices'). The queue screen: the village doctors (those who book for the patients
// with them) at their own clinic.
const CLINIC_TODAY_ROLES = rolesOf('GET /api/v1/clinic/today').filter((r) => !CLINIC_QUEUE_ROLES.includes(r))
const CLINIC_SCREEN_ROLES = rolesOf('GET /api/v1/clinic/queue-board').filter((r) => rolesOf('POST /api/v1/clinic/visits').includes(r))
// The drug catalogue and its stock: every staff member reads them (doctors prescribe from them);
// its pharmacists and administrators keep them (the page offers them the changes).
const PHARMACY_CATALOGUE_ROLES = rolesOf('GET /api/v1/pharmacy/organisations/{org_id}/stock')
// 电子处方: reading is open to anyone signed in, who sees only their own. The staff's list: whoever
// takes a step on one (the doctors who sign, the pharmacists, the village doctors who hand over),
// and the offices overseeing them (the server's OVERSEERS, which no operation's roles say).
const PRESCRIPTION_ROLES: readonly Role[] = [
  ...rolesOf('POST /api/v1/pharmacy/prescriptions/{prescription_id}/pass').filter((r) => r !== 'patient'),
  'coordinator',
  'org_admin',
]

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** Active roles allowed; absent means any signed-in user. */
    roles?: readonly Role[]
    /** The nav.* message naming the page (window title and menu label). */
    title?: NavKey
    /** The menu entry to highlight, when the page is below another (a record below the search). */
    menu?: string
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: LoginPage, meta: { public: true } },
    // Where a signed document's QR code leads: anyone holding the paper, signed in or not.
    { path: '/verify', name: 'verify', component: () => import('@/pages/VerifyPage.vue'), meta: { public: true } },
    {
      path: '/',
      // Lazy: the sign-in page, the first thing a phone loads, does without the app's frame.
      component: () => import('@/layouts/AppLayout.vue'),
      children: [
        { path: '', name: 'home', component: () => import('@/pages/HomePage.vue'), meta: { title: 'home' } },
        {
          path: 'alliance',
          name: 'alliance',
          component: () => import('@/pages/AlliancePage.vue'),
          meta: { title: 'alliance', roles: STAFF_ROLES },
        },
        {
          path: 'patients',
          name: 'patients',
          component: () => import('@/pages/PatientSearchPage.vue'),
          meta: { title: 'patients', roles: PATIENT_DATA_ROLES },
        },
        {
          path: 'patients/:id',
          name: 'patient-record',
          component: () => import('@/pages/PatientRecordPage.vue'),
          props: true,
          meta: { title: 'patients', roles: PATIENT_DATA_ROLES, menu: 'patients' },
        },
        {
          path: 'users',
          name: 'users',
          component: () => import('@/pages/UsersPage.vue'),
          meta: { title: 'users', roles: ADMIN_ROLES },
        },
        {
          path: 'break-glass-log',
          name: 'break-glass-log',
          component: () => import('@/pages/BreakGlassLogPage.vue'),
          meta: { title: 'breakGlassLog', roles: BREAK_GLASS_LOG_ROLES },
        },
        {
          path: 'audit',
          name: 'audit',
          component: () => import('@/pages/AuditPage.vue'),
          meta: { title: 'audit', roles: AUDITOR_ROLES },
        },
        {
          path: 'me/record',
          name: 'my-record',
          component: () => import('@/pages/patient/MyRecordPage.vue'),
          meta: { title: 'myRecord', roles: PATIENT_ROLES },
        },
        {
          path: 'me/consents',
          name: 'my-consents',
          component: () => import('@/pages/patient/MyConsentsPage.vue'),
          meta: { title: 'myConsents', roles: PATIENT_ROLES },
        },
        {
          path: 'me/access-log',
          name: 'my-access-log',
          component: () => import('@/pages/patient/MyAccessLogPage.vue'),
          meta: { title: 'myAccessLog', roles: PATIENT_ROLES },
        },
        {
          path: 'me/consultations',
          name: 'my-consultations',
          component: () => import('@/pages/MyConsultationsPage.vue'),
          meta: { title: 'myConsultations', roles: PATIENT_ROLES },
        },
        {
          path: 'consultations',
          name: 'consultations',
          component: () => import('@/pages/ConsultationsPage.vue'),
          meta: { title: 'consultations', roles: CONSULTATION_ROLES },
        },
        {
          path: 'consultations/new',
          name: 'consultation-apply',
          component: () => import('@/pages/ConsultationApplyPage.vue'),
          meta: { title: 'consultationApply', roles: APPLICANT_ROLES, menu: 'consultations' },
        },
        {
          path: 'consultations/:id',
          name: 'consultation',
          component: () => import('@/pages/ConsultationPage.vue'),
          props: true,
          meta: { title: 'consultations', roles: CONSULTATION_ROLES, menu: 'consultations' },
        },
        {
          path: 'me/referrals',
          name: 'my-referrals',
          component: () => import('@/pages/MyReferralsPage.vue'),
          meta: { title: 'myReferrals', roles: PATIENT_ROLES },
        },
        {
          path: 'referrals',
          name: 'referrals',
          component: () => import('@/pages/ReferralsPage.vue'),
          meta: { title: 'referrals', roles: REFERRAL_ROLES },
        },
        {
          path: 'referrals/new',
          name: 'referral-create',
          component: () => import('@/pages/ReferralCreatePage.vue'),
          meta: { title: 'referralCreate', roles: REFERRER_ROLES, menu: 'referrals' },
        },
        {
          path: 'referrals/dashboard',
          name: 'referral-dashboard',
          component: () => import('@/pages/ReferralDashboardPage.vue'),
          meta: { title: 'referralDashboard', roles: REFERRAL_DASHBOARD_ROLES },
        },
        {
          path: 'referrals/:id',
          name: 'referral',
          component: () => import('@/pages/ReferralPage.vue'),
          props: true,
          meta: { title: 'referrals', roles: REFERRAL_ROLES, menu: 'referrals' },
        },
        {
          path: 'clinic',
          name: 'clinic',
          component: () => import('@/pages/clinic/FindDoctorPage.vue'),
          meta: { title: 'clinic', roles: PATIENT_ROLES },
        },
        {
          path: 'clinic/doctors/:id',
          name: 'clinic-doctor',
          component: () => import('@/pages/clinic/DoctorPage.vue'),
          props: true,
          meta: { title: 'clinicDoctor', roles: PATIENT_ROLES, menu: 'clinic' },
        },
        {
          path: 'clinic/schedule',
          name: 'clinic-schedule',
          component: () => import('@/pages/clinic/SchedulePage.vue'),
          meta: { title: 'clinicSchedule', roles: CLINIC_SCHEDULE_ROLES },
        },
        {
          // The visit's workspace, for its patient side and its doctor alike.
          path: 'clinic/visits/:id',
          name: 'clinic-visit',
          component: () => import('@/pages/clinic/VisitPage.vue'),
          props: true,
          meta: { title: 'clinicVisit', menu: 'my-visits' },
        },
        // Notifications link a visit as the case engine names it.
        { path: 'online_visits/:id', redirect: (to) => ({ name: 'clinic-visit', params: { id: to.params.id } }) },
        {
          path: 'clinic/sessions/:id/queue',
          name: 'clinic-queue',
          component: () => import('@/pages/clinic/QueuePage.vue'),
          props: true,
          meta: { title: 'clinicQueue', roles: CLINIC_QUEUE_ROLES, menu: 'clinic-schedule' },
        },
        {
          path: 'clinic/today',
          name: 'clinic-today',
          component: () => import('@/pages/clinic/TodayBoardPage.vue'),
          meta: { title: 'clinicToday', roles: CLINIC_TODAY_ROLES },
        },
        {
          path: 'clinic/screen',
          name: 'clinic-screen',
          component: () => import('@/pages/clinic/QueueScreenPage.vue'),
          meta: { title: 'clinicScreen', roles: CLINIC_SCREEN_ROLES },
        },
        {
          path: 'me/visits',
          name: 'my-visits',
          component: () => import('@/pages/clinic/MyVisitsPage.vue'),
          meta: { title: 'myVisits', roles: PATIENT_ROLES },
        },
        {
          path: 'me/payments',
          name: 'my-payments',
          component: () => import('@/pages/payments/MyPaymentsPage.vue'),
          meta: { title: 'myPayments', roles: PATIENT_ROLES },
        },
        {
          path: 'payments/orders',
          name: 'payment-orders',
          component: () => import('@/pages/payments/OrdersPage.vue'),
          meta: { title: 'paymentOrders', roles: PAYMENT_OFFICE_ROLES },
        },
        {
          // Whoever pays or collects it: the patient, a village doctor paying for them, the office.
          path: 'payments/orders/:id',
          name: 'payment-order',
          component: () => import('@/pages/payments/OrderPage.vue'),
          props: true,
          meta: { title: 'paymentOrder', menu: 'my-payments' },
        },
        {
          path: 'payments/reconciliation',
          name: 'reconciliation',
          component: () => import('@/pages/payments/ReconciliationPage.vue'),
          meta: { title: 'reconciliation', roles: RECONCILIATION_ROLES },
        },
        {
          path: 'payments/channels',
          name: 'payment-channels',
          component: () => import('@/pages/payments/ChannelsPage.vue'),
          meta: { title: 'paymentChannels', roles: PAYMENT_CHANNEL_ROLES },
        },
        {
          path: 'pharmacy/catalogue',
          name: 'pharmacy-catalogue',
          component: () => import('@/pages/pharmacy/CataloguePage.vue'),
          meta: { title: 'pharmacyCatalogue', roles: PHARMACY_CATALOGUE_ROLES },
        },
        {
          path: 'prescriptions',
          name: 'prescriptions',
          component: () => import('@/pages/pharmacy/PrescriptionsPage.vue'),
          meta: { title: 'prescriptions', roles: PRESCRIPTION_ROLES },
        },
        {
          // Whoever it is shared with: its patient side, its doctor, the pharmacy, the village clinic.
          path: 'prescriptions/:id',
          name: 'prescription',
          component: () => import('@/pages/pharmacy/PrescriptionPage.vue'),
          props: true,
          meta: { title: 'prescription', menu: 'my-prescriptions' },
        },
        {
          path: 'me/prescriptions',
          name: 'my-prescriptions',
          component: () => import('@/pages/pharmacy/MyPrescriptionsPage.vue'),
          meta: { title: 'myPrescriptions', roles: PATIENT_ROLES },
        },
        {
          path: 'followup',
          name: 'followup',
          component: () => import('@/pages/FollowUpTasksPage.vue'),
          meta: { title: 'followup', roles: FOLLOWUP_ROLES },
        },
        {
          path: 'availability',
          name: 'availability',
          component: () => import('@/pages/AvailabilityPage.vue'),
          meta: { title: 'availability', roles: SCHEDULE_ROLES },
        },
        {
          path: 'conversations',
          name: 'conversations',
          component: () => import('@/pages/ConversationsPage.vue'),
          meta: { title: 'conversations' },
        },
        {
          path: 'conversations/:id',
          name: 'conversation',
          component: () => import('@/pages/ConversationPage.vue'),
          props: true,
          meta: { title: 'conversations', menu: 'conversations' },
        },
        {
          path: 'account',
          name: 'account',
          component: () => import('@/pages/AccountPage.vue'),
          meta: { title: 'account' },
        },
        {
          path: ':pathMatch(.*)*',
          name: 'not-found',
          component: () => import('@/pages/NotFoundPage.vue'),
          meta: { title: 'notFound' },
        },
      ],
    },
  ],
})

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.loaded) {
    try {
      await session.load()
    } catch {
      // The server is unreachable: the sign-in page shows the error when the user tries.
    }
  }
  if (to.meta.public) {
    return to.name === 'login' && session.me ? landingFor(session.role) : true
  }
  if (!session.me) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (session.mustEnrolTotp && to.name !== 'account') return { name: 'account' }
  // Notifications link a consultation by its page; a patient reads theirs on their own page.
  if (to.name === 'consultation' && session.role === 'patient') return { name: 'my-consultations' }
  if (to.name === 'referral' && session.role === 'patient') return { name: 'my-referrals' }
  if (!mayEnter(to.meta.roles, session.role)) return landingFor(session.role)
  return true
})

/** The window title names the page, in the current language. */
export function applyTitle(route: RouteLocationNormalized): void {
  const t = i18n.global.t
  const title = route.meta.title
  document.title = title ? `${t(`nav.${title}`)} · ${t('app.title')}` : t('app.title')
}

router.afterEach(applyTitle)
