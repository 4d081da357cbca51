import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The UI is served by the backend at /admin/ (CMS_ADMIN_UI_DIR). ADMIN_UI_BASE
// changes that for another static server; VITE_API_URL (read in src/api) points
// the UI at an API on another origin (which must then allow it in CMS_ADMIN_ORIGIN).
const base = process.env.ADMIN_UI_BASE ?? '/admin/';
// `npm run dev` proxies the API to a running `cms serve`.
const api = process.env.CMS_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 500,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/media': { target: api, changeOrigin: false },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
