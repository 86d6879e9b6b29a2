// localStorage can throw (disabled storage, private modes in some browsers); preferences then
// simply do not persist.
export function readPref(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

export function writePref(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value)
  } catch {
    // Not persisted; the choice still applies to this page.
  }
}
