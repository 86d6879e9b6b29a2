import { getPage, http } from './http'
import type {
  Agreement,
  Department,
  DiagnosisCentre,
  Organisation,
  OrganisationInput,
  OrganisationQuery,
  OrgTreeNode,
} from './types'

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
  diagnosisCentres: (organisation_id: string, cursor: string | null = null) =>
    getPage<DiagnosisCentre>('/diagnosis-centres', { organisation_id }, cursor),
  agreements: (organisation_id: string, cursor: string | null = null) =>
    getPage<Agreement>('/agreements', { organisation_id }, cursor),
}
