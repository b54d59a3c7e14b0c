/**
 * The web application's build: `npm run build` writes it to dist/web, which the ledger serves at `/`
 * (src/http/web-app.ts). `npm run dev:web` serves it with hot reload and sends /api to a ledger
 * running on port 3000.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  resolve: { alias: { '@': `${here}src` } },
  build: {
    outDir: `${here}../dist/web`,
    emptyOutDir: true,
    // Every page's bundle is measured by bench (its JavaScript compressed, under 250 KB).
    reportCompressedSize: true,
    rolldownOptions: {
      // react-router's "use client" marks React Server Components; this app has none.
      onLog(level, log, handler) {
        if (log.code !== 'MODULE_LEVEL_DIRECTIVE') handler(level, log);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
