import { zh as accessZh } from './parts/access'
import { zh as allianceZh } from './parts/alliance'
import { zh as auditZh } from './parts/audit'
import { zh as availabilityZh } from './parts/availability'
import { zh as caseZh } from './parts/case'
import { zh as clinicZh, navZh as clinicNavZh, visitZh } from './parts/clinic'
import { zh as clinicBoardZh, navZh as clinicBoardNavZh } from './parts/clinicBoard'
import { zh as codesZh } from './parts/codes'
import { zh as consultationZh } from './parts/consultation'
import { zh as conversationZh } from './parts/conversation'
import { zh as documentsZh } from './parts/documents'
import { zh as followupZh } from './parts/followup'
import { zh as notificationsZh } from './parts/notifications'
import { zh as patientsZh } from './parts/patients'
import { zh as paymentsZh, navZh as paymentsNavZh } from './parts/payments'
import { zh as pharmacyZh, navZh as pharmacyNavZh } from './parts/pharmacy'
import { zh as prescribingZh } from './parts/prescribing'
import { zh as prescriptionZh, navZh as prescriptionNavZh } from './parts/prescriptions'
import { zh as referralZh } from './parts/referral'
import { zh as shellZh } from './parts/shell'
import { zh as uploadZh } from './parts/upload'
import { zh as usersZh } from './parts/users'
import { zh as videoZh } from './parts/video'
import { zh as visitMoveZh } from './parts/visitMove'
import { zh as workbenchZh } from './parts/workbench'
// The zh-CN messages are the schema: en.ts must have exactly the same keys (checked by the compiler).
// vue-i18n reserves { } @ $ | in message text; placeholders are {name}.
// The messages live in parts/: a part of one area sits under its name, a part holding several
// top-level sections (shell, codes, patients, users, audit) is spread in.
const zhCN = {
  ...shellZh,
  ...codesZh,
  ...patientsZh,
  ...usersZh,
  ...auditZh,
  nav: { ...shellZh.nav, ...clinicNavZh, ...clinicBoardNavZh, ...paymentsNavZh, ...pharmacyNavZh, ...prescriptionNavZh },
  access: accessZh,
  alliance: allianceZh,
  availability: availabilityZh,
  case: caseZh,
  clinic: clinicZh,
  clinicBoard: clinicBoardZh,
  consultation: consultationZh,
  conversation: conversationZh,
  documents: documentsZh,
  followup: followupZh,
  notifications: notificationsZh,
  payments: paymentsZh,
  pharmacy: pharmacyZh,
  prescription: prescriptionZh,
  prescribing: prescribingZh,
  referral: referralZh,
  upload: uploadZh,
  video: videoZh,
  workbench: workbenchZh,
  online_visit: visitZh,
  visitMove: visitMoveZh,
}

export default zhCN
export type MessageSchema = typeof zhCN
