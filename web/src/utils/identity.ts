// Chinese resident identity numbers (GB 11643-1999): 17 digits and a mod-11 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

const ID_SHAPE = /^\d{17}[\dXx]$/
const MOBILE = /^1\d{10}$/

export function looksLikeResidentId(value: string): boolean {
  return ID_SHAPE.test(value)
}

export function looksLikeMobile(value: string): boolean {
  return MOBILE.test(value)
}

export function residentIdBirthDate(id: string): string | null {
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

export function isValidResidentId(raw: string): boolean {
  const id = raw.toUpperCase()
  if (!ID_SHAPE.test(id) || residentIdBirthDate(id) === null) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]
  return CHECK[sum % 11] === id[17]
}

/** The 17th digit is odd for men and even for women. */
export function residentIdSex(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female'
}
