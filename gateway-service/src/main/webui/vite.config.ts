/// <reference types="vitest/config" />
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves the built files from the classpath folder webui/ (see WebApp.java); one origin for UI and API.
const gateway = process.env.QUIRE_URL ?? 'http://127.0.0.1:8080';

function proxy(): Record<string, ProxyOptions> {
  const http: ProxyOptions = { target: gateway, changeOrigin: true, headers: { origin: gateway } };
  return {
    '/api': http,
    '/v1': http,
    '/.well-known': http,
    '/ws': {
      target: gateway.replace(/^http/, 'ws'),
      ws: true,
      changeOrigin: true,
      headers: { origin: gateway },
    },
  };
}

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../../../target/classes/webui',
    emptyOutDir: true,
    // no inline scripts: the gateway's CSP is script-src 'self'
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  // `npm run dev` / `vite preview` against a running gateway (QUIRE_URL): the chat socket's Origin is rewritten to
  // the gateway's own, which it accepts
  server: { proxy: proxy() },
  preview: { proxy: proxy() },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    // the style sheet is read as text by theme.test.ts (other CSS stays stubbed out)
    css: { include: [/styles\.css/] },
  },
});
