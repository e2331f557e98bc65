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
    },
  },
  build: { outDir: 'dist', sourcemap: true },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'dev-broker/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
