import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// The dev server forwards API calls to a locally running `yilian serve`, so the session and
// CSRF cookies stay same-origin exactly as in production, where the API serves dist/.
const apiTarget = process.env.YILIAN_API_URL ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: { '/api': { target: apiTarget, ws: true } },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // Element Plus alone is ~1 MB minified; it is its own long-cached chunk.
    chunkSizeWarningLimit: 1100,
    rollupOptions: {
      output: {
        // Libraries used on a single page (qrcode) stay in that page's lazy chunk.
        manualChunks(id) {
          if (/\/node_modules\/(element-plus|@element-plus)\//.test(id)) return 'element-plus'
          if (/\/node_modules\/(@vue|vue|vue-router|vue-i18n|@intlify|pinia)\//.test(id)) return 'vue'
          return undefined
        },
      },
    },
  },
})
