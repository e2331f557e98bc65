import { startDevBroker, type DevBroker, type DevBrokerOptions } from '../../main.ts';

import { SPEC_CONFIG } from './spec-fixtures.ts';

/** A dev broker on free ports with in-memory storage and the spec fixtures; silent logs. */
export function startTestBroker(overrides: DevBrokerOptions = {}): Promise<DevBroker> {
  return startDevBroker({
    storage: 'memory',
    host: '127.0.0.1',
    mqttPort: 0,
    httpPort: 0,
    demo: false,
    staticDir: null,
    logLevel: 'silent',
    ...overrides,
    // overrides.config adds settings to the spec fixtures instead of replacing them
    config:
      typeof overrides.config === 'object' ? { ...SPEC_CONFIG, ...overrides.config } : SPEC_CONFIG,
  });
}

/** Waits until `check` passes (returns without throwing), polling; fails after `timeoutMs`. */
export async function eventually<T>(check: () => T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
