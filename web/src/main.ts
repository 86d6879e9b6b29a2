// Element Plus components come on demand (vite.config.ts); the message and message box are
// called from scripts, where the resolver does not see them, so their styles are loaded here.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { configureHttp } from '@/api/http'
import { currentLocale, i18n } from '@/i18n'
import { router } from '@/router'
import { usePrefsStore } from '@/stores/prefs'
import { useSessionStore } from '@/stores/session'
import App from './App.vue'
import './styles/main.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(i18n)

usePrefsStore(pinia).apply()

const session = useSessionStore(pinia)
configureHttp({
  language: () => (currentLocale() === 'en' ? 'en' : 'zh-CN'),
  unauthenticated: () => {
    session.setMe(null)
    const current = router.currentRoute.value
    if (current.name !== 'login') {
      void router.push({ name: 'login', query: { redirect: current.fullPath } })
    }
  },
  totpEnrolmentRequired: () => {
    void router.push({ name: 'account' })
  },
})

app.use(router)
app.mount('#app')
