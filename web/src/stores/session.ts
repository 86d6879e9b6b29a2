import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api/auth'
import { ProblemError } from '@/api/http'
import type { Me, ProxyRelation, Role } from '@/api/types'

export interface PatientChoice {
  id: string
  name: string
  relation: ProxyRelation
}

export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const loaded = ref(false)
  const chosenPatientId = ref<string | null>(null)

  const role = computed<Role | null>(
    () => me.value?.active_grant?.role ?? (me.value?.kind === 'patient' ? 'patient' : null),
  )
  const mustEnrolTotp = computed(() => !!me.value && me.value.totp_required && !me.value.totp_enabled)

  /** The records a patient account may look at: its own, then those it holds as a family proxy. */
  const patientChoices = computed<PatientChoice[]>(() => {
    const m = me.value
    if (!m) return []
    const own: PatientChoice[] = m.patient ? [{ id: m.patient.id, name: m.patient.name, relation: 'self' }] : []
    const proxied = m.proxied_patients.map((p) => ({ id: p.id, name: p.name, relation: p.relation ?? 'guardian' }))
    return [...own, ...proxied]
  })

  const chosenPatient = computed<PatientChoice | null>(
    () => patientChoices.value.find((p) => p.id === chosenPatientId.value) ?? patientChoices.value[0] ?? null,
  )

  function setMe(next: Me | null): void {
    me.value = next
    loaded.value = true
    if (!next) chosenPatientId.value = null
  }

  /** Ask the server who is signed in; a 401 just means nobody is. */
  async function load(): Promise<Me | null> {
    try {
      setMe(await authApi.me())
    } catch (err) {
      if (!(err instanceof ProblemError && err.status === 401)) {
        loaded.value = true
        throw err
      }
      setMe(null)
    }
    return me.value
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      setMe(null)
    }
  }

  async function switchGrant(grantId: string): Promise<void> {
    setMe(await authApi.switchGrant(grantId))
  }

  function choosePatient(id: string): void {
    chosenPatientId.value = id
  }

  return {
    me,
    loaded,
    role,
    mustEnrolTotp,
    patientChoices,
    chosenPatient,
    setMe,
    load,
    logout,
    switchGrant,
    choosePatient,
  }
})
