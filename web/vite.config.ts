import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard build: web/ → web/dist, served by the API server (src/http/dashboard.ts). The manifest
 * lets scripts/web-bundle-size.mjs find the initial chunks; `html.cspNonce` marks the places the server
 * fills with a per-response nonce (Mantine's <style> elements read it from the csp-nonce meta).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  html: { cspNonce: 'MDL_CSP_NONCE' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    // No inlined data: fonts or scripts; small images may still be data: URLs (img-src allows them).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev:web`: the API server on :3000 behind Vite's dev server.
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
