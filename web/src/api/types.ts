// Shapes of the yilian API (/api/v1). Datetimes are ISO 8601 strings with an offset (UTC);
// dates are YYYY-MM-DD.

export const ROLES = [
  'patient',
  'grassroots_doctor',
  'specialist',
  'mdt_expert',
  'coordinator',
  'pharmacist',
  'nurse',
  'diagnosis_reader',
  'family_doctor',
  'org_admin',
  'alliance_admin',
  'auditor',
] as const
export type Role = (typeof ROLES)[number]

export const ORG_LEVELS = [
  'province',
  'city',
  'county',
  'town',
  'village',
  'community',
  'pharmacy',
  'school_clinic',
  'enterprise_clinic',
] as const
export type OrgLevel = (typeof ORG_LEVELS)[number]

export const ORG_KINDS = [
  'general_hospital',
  'tcm_hospital',
  'maternal_child',
  'health_centre',
  'village_clinic',
  'community_centre',
  'pharmacy',
  'clinic',
] as const
export type OrgKind = (typeof ORG_KINDS)[number]

export type CentreKind = 'ecg' | 'imaging' | 'lab' | 'pathology'
export type AgreementService = 'consultation' | 'referral' | 'diagnosis'
export type Sex = 'male' | 'female' | 'unknown'
export type UserKind = 'staff' | 'patient'
export type ProxyRelation = 'self' | 'parent' | 'child' | 'spouse' | 'guardian'
/** Why the reader may read a patient's data (the record's and the patient's `access`). */
export type AccessMode = 'self' | 'own-scope' | 'case' | 'consent' | 'break-glass'
/** The ground of one read in the access log, as the patient and the auditor see it. */
export const ACCESS_BASES = ['self', 'proxy', 'network', 'case', 'consent', 'break-glass'] as const
export type AccessBasis = (typeof ACCESS_BASES)[number]
/** What the access log records as read (the server may add others; they are shown as they are). */
export const ACCESS_ACTIONS = [
  'patient.read',
  'patient.list',
  'patient.identifiers',
  'record.read',
  'consultation.read',
  'referral.read',
] as const
export type AccessAction = (typeof ACCESS_ACTIONS)[number]
export type AuditOutcome = 'ok' | 'denied' | 'failed'

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface FieldError {
  field: string
  message: string
}

export interface Problem {
  type: string
  title: string
  title_zh?: string
  title_en?: string
  status: number
  code: string
  detail?: string
  errors?: FieldError[]
  existing_patient_id?: string
  /** The size limit, on a refusal for size. */
  max_bytes?: number
}

export interface Grant {
  id: string
  role: Role
  organisation_id: string
  organisation_name: string
  valid_from: string
  valid_until: string | null
  revoked_at: string | null
}

export interface Practitioner {
  title: string
  title_label: string
  licence_no: string | null
  verified: boolean
}

export interface ProxiedPatient {
  id: string
  name: string
  relation: ProxyRelation | null
}

export interface Me {
  id: string
  username: string
  display_name: string
  kind: UserKind
  totp_enabled: boolean
  /** Staff must enrol a second factor before anything else (等保三级). */
  totp_required: boolean
  active_grant: Grant | null
  grants: Grant[]
  practitioner: Practitioner | null
  patient: { id: string; name: string } | null
  proxied_patients: ProxiedPatient[]
}

export type LoginResult = { status: 'ok'; me: Me } | { status: 'totp_required'; mfa_token: string }

export interface TotpSetup {
  secret: string
  otpauth_uri: string
}

export interface OrgTreeNode {
  id: string
  name: string
  short_name: string | null
  level: OrgLevel
  kind: OrgKind
  division_code: string
  active: boolean
  children: OrgTreeNode[]
}

export interface Organisation {
  id: string
  name: string
  short_name: string | null
  level: OrgLevel
  kind: OrgKind
  division_code: string
  parent_id: string | null
  path: string
  active: boolean
  address: string | null
  phone: string | null
}

export interface OrganisationInput {
  name: string
  short_name: string | null
  level: OrgLevel
  kind: OrgKind
  division_code: string
  parent_id: string | null
  address: string | null
  phone: string | null
}

export interface OrganisationQuery {
  q?: string
  level?: OrgLevel
  parent_id?: string
  active?: boolean
}

export interface Department {
  id: string
  organisation_id: string
  code: string
  name: string
  name_en: string | null
  active: boolean
}

export interface DiagnosisCentre {
  id: string
  name: string
  kind: CentreKind
  host_organisation_id: string
  host_organisation_name: string
  member_organisation_ids: string[]
  active: boolean
}

export interface Agreement {
  id: string
  organisation_a_id: string
  organisation_a_name: string
  organisation_b_id: string
  organisation_b_name: string
  services: AgreementService[]
  valid_from: string
  valid_until: string | null
  active: boolean
}

export interface PatientSummary {
  id: string
  name: string
  sex: Sex
  birth_date: string
  age: number
  resident_id_masked: string | null
  phone_masked: string | null
  home_organisation_id: string
  home_organisation_name: string
}

/**
 * A patient as the record shows them: identifiers masked (minimum disclosure). `may_reveal` says
 * whether this reader may ask for them in full (`PatientIdentifiers`, with a stated purpose).
 */
export interface Patient extends PatientSummary {
  address_masked: string | null
  insurance_no_masked: string | null
  access: AccessMode
  may_reveal: boolean
}

/** The full identifiers, read for a purpose that the patient's access log keeps. */
export interface PatientIdentifiers {
  resident_id: string
  phone: string | null
  address: string | null
  insurance_no: string | null
}

export interface PatientInput {
  name: string
  sex: Sex
  birth_date: string
  resident_id: string | null
  phone: string | null
  address: string | null
  home_organisation_id: string
  insurance_no: string | null
}

export interface PatientQuery {
  q?: string
  resident_id?: string
  phone?: string
}

export interface ProblemEntry {
  id: string
  icd10: string
  description: string
  onset_date: string | null
  status: string
}

export interface Allergy {
  id: string
  substance: string
  reaction: string | null
  severity: string | null
}

export interface Medication {
  id: string
  name: string
  dose: string | null
  frequency: string | null
  start_date: string | null
  end_date: string | null
}

export interface RecordDocument {
  id: string
  title: string
  kind: string
  created_at: string
}

export interface Encounter {
  id: string
  kind: string
  organisation_name: string
  started_at: string
  summary: string | null
}

export interface HealthRecord {
  patient: Patient
  problems: ProblemEntry[]
  allergies: Allergy[]
  medications: Medication[]
  documents: RecordDocument[]
  encounters: Encounter[]
  access: { mode: AccessMode }
}

export interface Consent {
  id: string
  organisation_id: string
  organisation_name: string
  scope: string
  granted_at: string
  expires_at: string | null
  revoked_at: string | null
  granted_by_name: string | null
}

export interface ConsentInput {
  organisation_id: string
  scope: 'record'
  expires_at: string
}

export interface AuditRow {
  seq: number
  at: string
  actor_username: string | null
  role: Role | null
  org_id: string | null
  action: string
  entity_type: string | null
  entity_id: string | null
  outcome: AuditOutcome
  flag: string | null
  ip: string | null
  detail: unknown
}

export interface AuditQuery {
  actor?: string
  action?: string
  entity_type?: string
  entity_id?: string
  outcome?: AuditOutcome
  flag?: string
  since?: string
  until?: string
}

export interface AuditVerifyResult {
  ok: boolean
  rows: number
  head: string | null
  bad_seq: number | null
  reason: string | null
  /** The access log's sealed batches, checked against their entries in the chain. */
  access_ok: boolean
  access_rows: number
  access_unsealed: number
  access_problem: string | null
}

/** One read of a patient's data by someone else (the patient's and the home organisation's view). */
export interface AccessLogEntry {
  seq: number
  at: string
  actor_username: string | null
  /** The reader's name as people know it (the username is the account's handle). */
  actor_name: string | null
  role: Role | null
  org_id: string | null
  organisation_name: string | null
  action: string
  basis: AccessBasis
  /** What the basis refers to: a case number (e.g. HZ20261124-0001) for basis `case`. */
  basis_ref: string | null
  /** The purpose the reader stated, or the written reason of an emergency access. */
  purpose: string | null
  /** Whose record: set in the home organisation's list of emergency accesses. */
  patient_id: string | null
  patient_name: string | null
}

/** One read of a patient's data, as the auditor sees it. */
export interface AccessRow {
  seq: number
  at: string
  patient_id: string
  subject_org_id: string | null
  actor_user_id: string
  actor_username: string
  role: Role | null
  org_id: string | null
  action: string
  entity_type: string | null
  entity_id: string | null
  basis: AccessBasis
  basis_ref: string | null
  purpose: string | null
  ip: string | null
  /** Already folded into the audit chain by the sealing job. */
  sealed: boolean
}

export interface AccessQuery {
  patient_id?: string
  /** Username of the reader. */
  actor?: string
  action?: string
  basis?: AccessBasis
  since?: string
  until?: string
}

/** A grant as user administration shows it: may the admin reading it revoke it? */
export interface UserGrant extends Grant {
  may_revoke: boolean
}

export interface User {
  id: string
  username: string
  display_name: string
  kind: UserKind
  active: boolean
  totp_enabled: boolean
  locked_until: string | null
  practitioner: Practitioner | null
  grants: UserGrant[]
  registrations: { organisation_id: string; organisation_name: string; primary: boolean }[]
  // 所属机构: whose admins (and those above) change the account as a whole.
  home_organisation_id: string | null
  home_organisation_name: string | null
  // Account-wide actions (enable/disable, verification, name, password and two-factor reset,
  // unlock) are the reader's to take: the home organisation is within their scope.
  may_manage_account: boolean
}

export interface UserPatch {
  display_name?: string
  active?: boolean
  home_organisation_id?: string
}

export interface UserQuery {
  q?: string
  organisation_id?: string
  role?: Role
}

export interface GrantInput {
  role: Role
  organisation_id: string
  valid_until?: string
}

// Only staff accounts are created here (patients get theirs through /patient-accounts), so the
// server's schema has no `kind` and forbids unknown fields.
export interface UserInput {
  username: string
  display_name: string
  password: string
  practitioner?: { title: string; licence_no: string | null }
  grants: GrantInput[]
}

export interface PractitionerTitle {
  code: string
  label_zh: string
  label_en: string
}
