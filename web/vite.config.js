// Vite build of the zhifa web app.
//
//   npm run build:web      → web/dist (served by `zhifa serve --static web/dist`)
//   npm run dev:web        → dev server, /api proxied to a local zhifa on :8080
//
// Vite 8 bundles with Rolldown; `output.codeSplitting.groups` is Rolldown's
// replacement for Rollup's `manualChunks` (which it still accepts but marks
// deprecated). The groups keep the UI library and the chart library out of
// the entry chunk so the login page does not wait for one giant file.
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: 'public',
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    // Element Plus alone is larger than Vite's default 500 kB warning limit.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            {
              name: 'element-plus',
              test: /[\\/]node_modules[\\/](element-plus|@element-plus|@vueuse|@floating-ui|@popperjs|@sxzz|@ctrl|lodash-es|lodash-unified|dayjs|async-validator|memoize-one|normalize-wheel-es)[\\/]/,
              priority: 10,
            },
            { name: 'vue', test: /[\\/]node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/, priority: 30 },
          ],
        },
      },
    },
  },
});
