import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig } from 'vite'
import { compression } from 'vite-plugin-compression2'

// The dev server forwards API calls to a locally running `yilian serve`, so the session and
// CSRF cookies stay same-origin exactly as in production, where the API serves dist/.
const apiTarget = process.env.YILIAN_API_URL ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each page's chunk carries the components (and their CSS) it uses,
    // so the sign-in page no longer waits for the whole library. Our own components stay
    // explicit imports (dirs: []); the element-plus/global types already name El* for vue-tsc,
    // so nothing is generated.
    Components({ dirs: [], dts: false, resolvers: [ElementPlusResolver({ importStyle: 'css' })] }),
    // gzip and brotli beside each asset: the embedded server hands them out as they are
    // (yilian.app._mount_web), no compression work per request.
    compression({ algorithms: ['gzip', 'brotliCompress'], threshold: 1024, logLevel: 'silent' }),
  ],
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
    rollupOptions: {
      output: {
        // The framework changes seldom: its own long-cached chunk. Element Plus is split by
        // page (above); libraries used on a single page (qrcode) stay in that page's chunk.
        manualChunks(id) {
          if (/\/node_modules\/(@vue|vue|vue-router|vue-i18n|@intlify|pinia)\//.test(id)) return 'vue'
          return undefined
        },
      },
    },
  },
})
