import { consultationsApi, type CandidateOut } from '@/api/consultations'
import { useLoader } from '@/composables/useLoader'

/** The doctors a consultation may be given to (the invited organisation's), loaded on demand. */
export function useCandidates(consultationId: () => string) {
  const { data, loading, load } = useLoader<CandidateOut[]>(() => consultationsApi.candidates(consultationId()), [])
  return { candidates: data, loading, load }
}
