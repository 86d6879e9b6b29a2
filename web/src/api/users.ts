import { getPage, http } from './http'
import type { GrantInput, PractitionerTitle, User, UserInput, UserPatch, UserQuery } from './types'

export const usersApi = {
  list: (query: UserQuery, cursor: string | null = null) => getPage<User>('/users', { ...query }, cursor),
  create: (body: UserInput) => http.post<User>('/users', body),
  update: (id: string, body: UserPatch) => http.patch<User>(`/users/${id}`, body),
  addGrant: (id: string, body: GrantInput) => http.post<User>(`/users/${id}/grants`, body),
  revokeGrant: (id: string, grantId: string) => http.post<User>(`/users/${id}/grants/${grantId}/revoke`),
  setVerified: (id: string, verified: boolean) => http.post<User>(`/users/${id}/verification`, { verified }),
  unlock: (id: string) => http.post<User>(`/users/${id}/unlock`),
  resetPassword: (id: string, password: string) => http.post<User>(`/users/${id}/password-reset`, { password }),
  resetTotp: (id: string) => http.post<User>(`/users/${id}/totp-reset`),
  titles: () => http.get<PractitionerTitle[]>('/practitioner-titles'),
}
