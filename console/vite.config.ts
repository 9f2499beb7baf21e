// The console is served by `masq serve` at /console/ (src/http/routes/console.ts): every asset URL is
// under that base, and hashed file names let the server cache them for a year. Paths are relative to
// this folder (Vite's root), whether built with `vite build console` or `npm run build -w masq-console`.
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The API's prefixes, proxied to a local `masq serve` by the dev server (`npm run dev -w masq-console`). */
const API_PREFIXES = ['/v1', '/masq', '/sandbox', '/2010-04-01', '/numbers', '/messaging', '/api', '/proxy'];

export default defineConfig({
  base: '/console/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, 'http://127.0.0.1:3000'])) },
});
