// The pharmacy's drug catalogue, its stock and its imports (/api/v1/pharmacy/organisations/{org}),
// as the OpenAPI document gives them. Prices are integer fen; the amounts of active ingredient
// are JSON numbers (sent as typed, in strings, so that 0.0625 stays exact).
import { getPage, http } from './http'
import { everyValue, type ListQuery, type Schemas, type Sent } from './types'

export type Control = Schemas['Control']
export const CONTROLS = everyValue<Control>()(['narcotic', 'psychotropic_1', 'psychotropic_2', 'toxic', 'radioactive', 'precursor'])
export type Antimicrobial = Schemas['Antimicrobial']
export const ANTIMICROBIALS = everyValue<Antimicrobial>()(['unrestricted', 'restricted', 'special'])
export type Insurance = Schemas['Insurance']
export const INSURANCES = everyValue<Insurance>()(['A', 'B', 'C'])
export type DrugRoute = Schemas['Route']
export const DRUG_ROUTES = everyValue<DrugRoute>()([
  'oral',
  'iv_injection',
  'iv_drip',
  'im',
  'sc',
  'topical',
  'inhalation',
  'sublingual',
  'eye',
  'rectal',
])
export type ImportState = Schemas['ImportState']
export const IMPORT_STATES = everyValue<ImportState>()(['running', 'rejected', 'done', 'failed'])
/**
 * Hand-written: an import problem's code is a free string in the document; these are the
 * server's (pharmacy/catalogue/importer.py). An unknown one is shown by its message alone.
 */
export const IMPORT_PROBLEM_CODES = [
  'missing-value',
  'unknown-value',
  'bad-number',
  'bad-price',
  'bad-package-size',
  'bad-atc',
  'duplicate-code',
  'too-long',
  'bad-text',
] as const

export type Drug = Sent<Schemas['DrugOut']>
export type DrugInput = Schemas['DrugIn']
export type DrugPatch = Schemas['DrugPatch']
export type Stock = Sent<Schemas['StockOut']>
export type Batch = Sent<Schemas['BatchOut']>
export type StockQuery = ListQuery<'/api/v1/pharmacy/organisations/{org_id}/stock'>
export type StockFilter = NonNullable<StockQuery['only']>
export type ReceiveInput = Schemas['ReceiveIn']
export type AdjustInput = Schemas['AdjustIn']
export type CatalogueImport = Sent<Schemas['ImportOut']>
export type ImportDetail = Sent<Schemas['ImportDetailOut']>
export type ImportProblem = Sent<Schemas['ImportProblemOut']>

/** What the server pushes to the uploader's browser as an import goes (pharmacy.catalogue_import). */
export interface ImportProgressEvent {
  import_id: string
  organisation_id: string
  state: ImportState
  rows_done: number
  total_rows: number
}
export const IMPORT_EVENT = 'pharmacy.catalogue_import'

const base = (orgId: string) => `/pharmacy/organisations/${encodeURIComponent(orgId)}`

export const pharmacyApi = {
  /** Drugs found by code prefix, name or pinyin initials (XBDP), each with its stock. */
  search: (orgId: string, query: ListQuery<'/api/v1/pharmacy/organisations/{org_id}/catalogue'>, cursor: string | null) =>
    getPage<Drug>(`${base(orgId)}/catalogue`, { ...query }, cursor),
  drug: (orgId: string, drugId: string) => http.get<Drug>(`${base(orgId)}/catalogue/${drugId}`),
  create: (orgId: string, body: DrugInput) => http.post<Drug>(`${base(orgId)}/catalogue`, body),
  patch: (orgId: string, drugId: string, body: DrugPatch) => http.patch<Drug>(`${base(orgId)}/catalogue/${drugId}`, body),
  deactivate: (orgId: string, drugId: string, reason: string) =>
    http.post<Drug>(`${base(orgId)}/catalogue/${drugId}/deactivate`, { reason }),
  reactivate: (orgId: string, drugId: string) => http.post<Drug>(`${base(orgId)}/catalogue/${drugId}/reactivate`),

  /** The drugs as search finds them, with their batches in stock; `only` the out-of-stock or the expiring. */
  stock: (orgId: string, query: StockQuery, cursor: string | null) => getPage<Stock>(`${base(orgId)}/stock`, { ...query }, cursor),
  drugStock: (orgId: string, drugId: string, allBatches = false) =>
    http.get<Stock>(`${base(orgId)}/stock/${drugId}`, { all_batches: allBatches }),
  receive: (orgId: string, body: ReceiveInput) => http.post<Stock>(`${base(orgId)}/stock/receipts`, body),
  adjust: (orgId: string, batchId: string, body: AdjustInput) =>
    http.post<Stock>(`${base(orgId)}/stock/batches/${batchId}/adjust`, body),

  imports: (orgId: string, cursor: string | null) => getPage<CatalogueImport>(`${base(orgId)}/catalogue/imports`, {}, cursor),
  startImport: (orgId: string, fileId: string) =>
    http.post<ImportDetail>(`${base(orgId)}/catalogue/imports`, { file_id: fileId }),
  importDetail: (orgId: string, importId: string) => http.get<ImportDetail>(`${base(orgId)}/catalogue/imports/${importId}`),
}

/**
 * The catalogue file's columns by their Chinese headers, in the format's order (docs: the
 * catalogue file format; the server also knows each by its English name). The template
 * download is made from these.
 */
export const CATALOGUE_HEADERS = [
  '编码',
  '通用名',
  '商品名',
  '规格',
  '剂型',
  'ATC编码',
  '单位含量',
  '含量单位',
  '最小单位',
  '包装数量',
  '包装单位',
  '单价(元)',
  '处方药',
  '医保类别',
  '管制类别',
  '抗菌药物',
  '冷链',
  '单次极量',
  '日极量',
  '给药途径',
] as const

/** A CSV of the headers alone, UTF-8 with a BOM so that Excel on Windows reads the Chinese. */
export function catalogueTemplate(): Blob {
  return new Blob([`\ufeff${CATALOGUE_HEADERS.join(',')}\r\n`], { type: 'text/csv;charset=utf-8' })
}
