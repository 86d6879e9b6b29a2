import { defineStore } from 'pinia'
import { ref } from 'vue'
import { applyLocale, currentLocale, type Locale } from '@/i18n'
import { readPref, writePref } from '@/utils/storage'

const ELDERLY_KEY = 'yilian.elderly'
const ELDERLY_CLASS = 'elderly'

/** UI preferences kept in this browser: language and the large-text, high-contrast mode (适老化). */
export const usePrefsStore = defineStore('prefs', () => {
  const locale = ref<Locale>(currentLocale())
  const elderly = ref(readPref(ELDERLY_KEY) === '1')

  function setLocale(next: Locale): void {
    locale.value = next
    applyLocale(next)
  }

  function setElderly(on: boolean): void {
    elderly.value = on
    document.documentElement.classList.toggle(ELDERLY_CLASS, on)
    writePref(ELDERLY_KEY, on ? '1' : '0')
  }

  function apply(): void {
    applyLocale(locale.value)
    document.documentElement.classList.toggle(ELDERLY_CLASS, elderly.value)
  }

  return { locale, elderly, setLocale, setElderly, apply }
})
