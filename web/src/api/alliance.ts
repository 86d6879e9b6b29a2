import { getPage, http } from './http'
import type {
  Agreement,
  AgreementService,
  Department,
  DiagnosisCentre,
  Organisation,
  OrganisationInput,
  OrganisationQuery,
  OrgTreeNode,
} from './types'

/** A department with its head (科主任), who accepts or hands on the consultations routed to it. */
export interface DepartmentWithHead extends Department {
  head_user_id: string | null
  head_name: string | null
}

export interface DepartmentPatch {
  name?: string
  name_en?: string
  head_user_id?: string | null
}

export const allianceApi = {
  tree: () => http.get<OrgTreeNode[]>('/organisations/tree'),
  organisations: (query: OrganisationQuery, cursor: string | null = null) =>
    getPage<Organisation>('/organisations', { ...query }, cursor),
  organisation: (id: string) => http.get<Organisation>(`/organisations/${id}`),
  createOrganisation: (body: OrganisationInput) => http.post<Organisation>('/organisations', body),
  updateOrganisation: (id: string, body: Partial<OrganisationInput>) =>
    http.patch<Organisation>(`/organisations/${id}`, body),
  deactivateOrganisation: (id: string) => http.post<Organisation>(`/organisations/${id}/deactivate`),
  departments: (id: string) => http.get<DepartmentWithHead[]>(`/organisations/${id}/departments`),
  updateDepartment: (id: string, body: DepartmentPatch) => http.patch<DepartmentWithHead>(`/departments/${id}`, body),
  diagnosisCentres: (organisation_id: string, cursor: string | null = null) =>
    getPage<DiagnosisCentre>('/diagnosis-centres', { organisation_id }, cursor),
  agreements: (
    organisation_id: string,
    cursor: string | null = null,
    filter: { service?: AgreementService; active?: boolean } = {},
  ) => getPage<Agreement>('/agreements', { organisation_id, ...filter }, cursor),
}
