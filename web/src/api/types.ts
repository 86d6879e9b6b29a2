// Shapes of the yilian API (/api/v1), named for the pages: aliases of the types that `npm run types`
// generates from the server's OpenAPI document (schema.d.ts), so a change on the server that the
// web does not follow fails the type check. Datetimes are ISO 8601 strings with an offset (UTC);
// dates are YYYY-MM-DD. What is hand-written below is said to be so, and why.
import type { components, paths } from './schema'

export type Schemas = components['schemas']

/**
 * A response as the client receives it. The document marks a field with a default as optional
 * (a request may leave it out), but the server sends every field of a response model, all the way
 * down, so none is optional here.
 */
export type Sent<T> = T extends (infer U)[]
  ? Sent<U>[]
  : T extends object
    ? { [K in keyof T]-?: Sent<T[K]> }
    : T

/** The query parameters of a GET operation. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never

/** The query of a list operation, without the paging that getPage adds. */
export type ListQuery<P extends keyof paths> = Omit<QueryOf<P>, 'cursor' | 'limit'>

/** The JSON body of a POST operation. */
export type PostBody<P extends keyof paths> = paths[P] extends {
  post: { requestBody: { content: { 'application/json': infer B } } }
}
  ? B
  : never

/** The POST operations under a path, by the rest of their path (a case's steps). */
export type PostsUnder<Prefix extends string> = {
  [P in keyof paths]: P extends `${Prefix}${infer Rest}` ? (paths[P] extends { post: unknown } ? Rest : never) : never
}[keyof paths]

/**
 * Every value of a schema's enumeration, in the order the pages show them. The document gives the
 * type only, so the list is written here; the compiler checks that it holds every value and no
 * other (a value added on the server fails here).
 */
export const everyValue =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never)): L =>
    list

export type Role = Schemas['Role']
export const ROLES = everyValue<Role>()([
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
])

export type OrgLevel = Schemas['OrgLevel']
export const ORG_LEVELS = everyValue<OrgLevel>()([
  'province',
  'city',
  'county',
  'town',
  'village',
  'community',
  'pharmacy',
  'school_clinic',
  'enterprise_clinic',
])

export type OrgKind = Schemas['OrgKind']
export const ORG_KINDS = everyValue<OrgKind>()([
  'general_hospital',
  'tcm_hospital',
  'maternal_child',
  'health_centre',
  'village_clinic',
  'community_centre',
  'pharmacy',
  'clinic',
])

export type CentreKind = Schemas['CentreKind']
export type AgreementService = Schemas['AgreementService']
export type Sex = Schemas['Sex']
export type UserKind = Schemas['UserKind']
export type ProxyRelation = Schemas['ProxyRelation']
/** Why the reader may read a patient's data (the record's and the patient's `access`). */
export type AccessMode = Schemas['Access']
/** The ground of one read in the access log, as the patient and the auditor see it. */
export type AccessBasis = Schemas['Basis']
export const ACCESS_BASES = everyValue<AccessBasis>()(['self', 'proxy', 'network', 'case', 'consent', 'break-glass'])
/**
 * What the access log records as read. Hand-written: the server's field is a free string (it may
 * add others; they are shown as they are).
 */
export const ACCESS_ACTIONS = [
  'patient.read',
  'patient.list',
  'patient.identifiers',
  'record.read',
  'consultation.read',
  'referral.read',
] as const
export type AccessAction = (typeof ACCESS_ACTIONS)[number]
/** Hand-written: the audit row's outcome is a free string in the document; these are the server's. */
export type AuditOutcome = 'ok' | 'denied' | 'failed'

/** One page of a list: the document has one Page_<Item>_ per item type, all of this shape. */
export type Page<T> = Omit<Sent<Schemas['Page_UserOut_']>, 'items'> & { items: T[] }

/**
 * Hand-written: problem+json (RFC 9457) bodies are not in the document's schemas; the server's
 * core/errors.py writes them.
 */
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

export type Grant = Sent<Schemas['GrantOut']>
export type Practitioner = Sent<Schemas['PractitionerOut']>
export type ProxiedPatient = Sent<Schemas['PatientRef']>
/** Staff must enrol a second factor before anything else (等保三级): `totp_required`. */
export type Me = Sent<Schemas['Me']>

/**
 * The document has one shape for both answers with the fields left out; which fields come with
 * which status is the server's rule (identity/api.py), written here so the pages can rely on it.
 */
type LoginOut = Schemas['LoginOut']
export type LoginResult =
  | (Omit<LoginOut, 'status' | 'me'> & { status: 'ok'; me: Me })
  | (Omit<LoginOut, 'status' | 'mfa_token'> & { status: 'totp_required'; mfa_token: string })

export type TotpSetup = Sent<Schemas['TotpSetupOut']>

export type OrgTreeNode = Sent<Schemas['OrganisationNode']>
export type Organisation = Sent<Schemas['OrganisationOut']>
/** The dialog sends every field, null for none (a patch sends the changed ones). */
export type OrganisationInput = Required<Schemas['OrganisationIn']>
export type OrganisationQuery = ListQuery<'/api/v1/organisations'>
/** A department with its head (科主任), who accepts or hands on the consultations routed to it. */
export type Department = Sent<Schemas['yilian__alliance__schemas__DepartmentOut']>
export type DepartmentPatch = Schemas['DepartmentPatch']
export type DiagnosisCentre = Sent<Schemas['CentreOut']>
export type Agreement = Sent<Schemas['AgreementOut']>

export type PatientSummary = Sent<Schemas['PatientSummary']>
/**
 * A patient as the record shows them: identifiers masked (minimum disclosure). `may_reveal` says
 * whether this reader may ask for them in full (`PatientIdentifiers`, with a stated purpose).
 */
export type Patient = Sent<Schemas['PatientOut']>
/** The full identifiers, read for a purpose that the patient's access log keeps. */
export type PatientIdentifiers = Sent<Schemas['PatientIdentifiers']>
/**
 * The server requires `resident_id`; CreatePatientDialog.vue still passes it through orNull (its
 * form requires it, so null never goes out). Admitted here until the dialog sends the string.
 */
export type PatientInput = Omit<Schemas['PatientIn'], 'resident_id'> & { resident_id: string | null }
export type PatientQuery = ListQuery<'/api/v1/patients'>

export type ProblemEntry = Sent<Schemas['ProblemOut']>
export type Allergy = Sent<Schemas['AllergyOut']>
export type Medication = Sent<Schemas['MedicationOut']>
export type RecordDocument = Sent<Schemas['DocumentOut']>
export type Encounter = Sent<Schemas['EncounterOut']>
export type HealthRecord = Sent<Schemas['RecordOut']>

export type Consent = Sent<Schemas['ConsentOut']>
export type ConsentInput = Schemas['yilian__patients__schemas__ConsentIn']

export type AuditRow = Sent<Schemas['AuditRow']>
export type AuditQuery = ListQuery<'/api/v1/audit'>
/** The audit chain, and the access log's sealed batches checked against their entries in it. */
export type AuditVerifyResult = Sent<Schemas['VerifyOut']>

/**
 * One read of a patient's data by someone else (the patient's and the home organisation's view):
 * the reader's name as people know it (`actor_name`), what the basis refers to (`basis_ref`, a case
 * number for basis `case`), the stated purpose or the emergency's reason, and whose record
 * (`patient_id`, in the home organisation's list of emergency accesses).
 */
export type AccessLogEntry = Omit<Sent<Schemas['AccessLogEntry']>, 'role'> & {
  /** The server's model types it `str`; it holds the reader's role code (labels.roleLabel takes it). */
  role: Role | null
}
/** One read of a patient's data, as the auditor sees it; `sealed`: folded into the audit chain. */
export type AccessRow = Sent<Schemas['AccessRow']>
export type AccessQuery = ListQuery<'/api/v1/audit/access-log'>

/** A grant as user administration shows it: may the admin reading it revoke it? */
export type UserGrant = Sent<Schemas['UserGrantOut']>
/**
 * `home_organisation_*` (所属机构): whose admins (and those above) change the account as a whole;
 * `may_manage_account`: account-wide actions are the reader's to take.
 */
export type User = Sent<Schemas['UserOut']>
export type UserPatch = Schemas['UserPatch']
export type UserQuery = ListQuery<'/api/v1/users'>
export type GrantInput = Schemas['GrantIn']
/** Only staff accounts are created here (patients get theirs through /patient-accounts). */
export type UserInput = Omit<Schemas['UserCreate'], 'practitioner'> & {
  /**
   * The server takes a ProfessionalTitle code; CreateUserDialog.vue's select holds it as a string.
   * Admitted here until the dialog types its form.
   */
  practitioner?: Omit<Schemas['PractitionerIn'], 'title'> & { title: string }
}
export type PractitionerTitle = Sent<Schemas['TitleOut']>
