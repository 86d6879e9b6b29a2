import { getPage, http } from './http'
import type {
  Agreement,
  AgreementService,
  Department,
  DepartmentPatch,
  DiagnosisCentre,
  Organisation,
  OrganisationInput,
  OrganisationQuery,
  OrgTreeNode,
} from './types'

// The names the pages import from here: the department's shape carries its head (科主任), who
// accepts or hands on the consultations routed to it.
export type { Department as DepartmentWithHead, DepartmentPatch }

export const allianceApi = {
  tree: () => http.get<OrgTreeNode[]>('/organisations/tree'),
  organisations: (query: OrganisationQuery, cursor: string | null = null) =>
    getPage<Organisation>('/organisations', { ...query }, cursor),
  organisation: (id: string) => http.get<Organisation>(`/organisations/${id}`),
  createOrganisation: (body: OrganisationInput) => http.post<Organisation>('/organisations', body),
  updateOrganisation: (id: string, body: Partial<OrganisationInput>) =>
    http.patch<Organisation>(`/organisations/${id}`, body),
  deactivateOrganisation: (id: string) => http.post<Organisation>(`/organisations/${id}/deactivate`),
  departments: (id: string) => http.get<Department[]>(`/organisations/${id}/departments`),
  updateDepartment: (id: string, body: DepartmentPatch) => http.patch<Department>(`/departments/${id}`, body),
  diagnosisCentres: (organisation_id: string, cursor: string | null = null) =>
    getPage<DiagnosisCentre>('/diagnosis-centres', { organisation_id }, cursor),
  agreements: (
    organisation_id: string,
    cursor: string | null = null,
    filter: { service?: AgreementService; active?: boolean } = {},
  ) => getPage<Agreement>('/agreements', { organisation_id, ...filter }, cursor),
}
