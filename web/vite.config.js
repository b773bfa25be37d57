// Vite build of the zhifa web app.
//
//   npm run build:web      → web/dist (served by `zhifa serve --static web/dist`)
//   npm run dev:web        → dev server, /api proxied to a local zhifa on :8080
//
// Vite 8 bundles with Rolldown; `output.codeSplitting.groups` is Rolldown's
// replacement for Rollup's `manualChunks` (which it still accepts but marks
// deprecated). The groups keep the UI library and the chart library out of
// the entry chunk so the login page does not wait for one giant file.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// The service worker (web/public/sw.js, issue 7 R34) precaches the app
// shell: this plugin writes the files of this build into its BUILD line,
// with a version that changes whenever a file name or index.html does, so a
// new release is a new sw.js (the browser then installs it and drops the
// old shell). The build fails when the line is missing rather than ship a
// worker that caches nothing.
function zhifaPrecache() {
  let outDir = '';
  const emitted = [];
  return {
    name: 'zhifa-precache',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      for (const name of Object.keys(bundle)) if (!name.endsWith('.map')) emitted.push(`/${name}`);
    },
    closeBundle() {
      const swPath = path.join(outDir, 'sw.js');
      const src = fs.readFileSync(swPath, 'utf8');
      const marker = /^const BUILD = .*; \/\/ BUILD:.*$/m;
      if (!marker.test(src)) throw new Error('web/public/sw.js: the BUILD line is missing');
      const files = [...new Set(['/index.html', '/favicon.svg', '/manifest.webmanifest', ...emitted])].sort();
      const hash = createHash('sha256').update(files.join('\n'));
      hash.update(fs.readFileSync(path.join(outDir, 'index.html')));
      const build = { version: hash.digest('hex').slice(0, 16), files };
      fs.writeFileSync(swPath, src.replace(marker, `const BUILD = ${JSON.stringify(build)}; // BUILD: written by web/vite.config.js`));
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: 'public',
  plugins: [vue(), zhifaPrecache()],
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
