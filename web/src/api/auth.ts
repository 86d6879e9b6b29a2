import { http } from './http'
import type { LoginResult, Me, TotpSetup } from './types'

export const authApi = {
  login: (username: string, password: string) =>
    http.post<LoginResult>('/auth/login', { username, password }, { quietUnauthenticated: true }),
  loginTotp: (mfa_token: string, code: string) =>
    http.post<LoginResult>('/auth/login/totp', { mfa_token, code }, { quietUnauthenticated: true }),
  logout: () => http.post<void>('/auth/logout', undefined, { quietUnauthenticated: true }),
  me: () => http.get<Me>('/auth/me', undefined, { quietUnauthenticated: true }),
  switchGrant: (grant_id: string) => http.post<Me>('/auth/switch-grant', { grant_id }),
  changePassword: (current_password: string, new_password: string) =>
    http.post<void>('/auth/password', { current_password, new_password }),
  totpSetup: () => http.post<TotpSetup>('/auth/totp/setup'),
  totpEnable: (code: string) => http.post<Me>('/auth/totp/enable', { code }),
}
