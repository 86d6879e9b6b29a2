import type { MessageSchema } from './zh-CN'
import { en as accessEn } from './parts/access'
import { en as allianceEn } from './parts/alliance'
import { en as auditEn } from './parts/audit'
import { en as availabilityEn } from './parts/availability'
import { en as caseEn } from './parts/case'
import { en as clinicEn, navEn as clinicNavEn, visitEn } from './parts/clinic'
import { en as clinicBoardEn, navEn as clinicBoardNavEn } from './parts/clinicBoard'
import { en as codesEn } from './parts/codes'
import { en as consultationEn } from './parts/consultation'
import { en as conversationEn } from './parts/conversation'
import { en as documentsEn } from './parts/documents'
import { en as followupEn } from './parts/followup'
import { en as notificationsEn } from './parts/notifications'
import { en as patientsEn } from './parts/patients'
import { en as paymentsEn, navEn as paymentsNavEn } from './parts/payments'
import { en as pharmacyEn, navEn as pharmacyNavEn } from './parts/pharmacy'
import { en as prescribingEn } from './parts/prescribing'
import { en as prescriptionEn, navEn as prescriptionNavEn } from './parts/prescriptions'
import { en as referralEn } from './parts/referral'
import { en as shellEn } from './parts/shell'
import { en as uploadEn } from './parts/upload'
import { en as usersEn } from './parts/users'
import { en as videoEn } from './parts/video'
import { en as visitMoveEn } from './parts/visitMove'
import { en as workbenchEn } from './parts/workbench'

// Assembled from parts/ exactly as zh-CN.ts is.
const en: MessageSchema = {
  ...shellEn,
  ...codesEn,
  ...patientsEn,
  ...usersEn,
  ...auditEn,
  nav: { ...shellEn.nav, ...clinicNavEn, ...clinicBoardNavEn, ...paymentsNavEn, ...pharmacyNavEn, ...prescriptionNavEn },
  access: accessEn,
  alliance: allianceEn,
  availability: availabilityEn,
  case: caseEn,
  clinic: clinicEn,
  clinicBoard: clinicBoardEn,
  consultation: consultationEn,
  conversation: conversationEn,
  documents: documentsEn,
  followup: followupEn,
  notifications: notificationsEn,
  payments: paymentsEn,
  pharmacy: pharmacyEn,
  prescription: prescriptionEn,
  prescribing: prescribingEn,
  referral: referralEn,
  upload: uploadEn,
  video: videoEn,
  workbench: workbenchEn,
  online_visit: visitEn,
  visitMove: visitMoveEn,
}

export default en
