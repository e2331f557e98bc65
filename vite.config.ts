import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const brokerHttpPort = process.env.IOTHUB_HTTP_PORT ?? '8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@protocol': fileURLToPath(new URL('./src/protocol', import.meta.url)),
    },
  },
  server: {
    proxy: {
      '/mqtt': { target: `ws://127.0.0.1:${brokerHttpPort}`, ws: true },
      // bridge mode: the console asks the broker whether its session is bridged (ADR 0008)
      '/api': { target: `http://127.0.0.1:${brokerHttpPort}` },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // MQTT.js and React change rarely: keep them in their own cacheable chunks.
    rollupOptions: {
      output: { manualChunks: { mqtt: ['mqtt'], react: ['react', 'react-dom'] } },
    },
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Node-side code (protocol, session, broker) runs in node; components (*.test.tsx) in jsdom.
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'dev-broker/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['src/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['src/testing/setup-tests.ts'],
        },
      },
    ],
  },
});
