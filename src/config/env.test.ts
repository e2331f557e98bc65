import { describe, expect, it } from 'vitest';

import { defaultBrokerUrl } from './env.ts';

describe('defaultBrokerUrl', () => {
  it('uses the page origin with /mqtt', () => {
    expect(defaultBrokerUrl({ protocol: 'http:', host: 'localhost:8080' }, undefined)).toBe(
      'ws://localhost:8080/mqtt',
    );
    expect(defaultBrokerUrl({ protocol: 'https:', host: 'hub.example' }, '')).toBe(
      'wss://hub.example/mqtt',
    );
  });

  it('prefers the configured URL', () => {
    expect(defaultBrokerUrl({ protocol: 'http:', host: 'x' }, 'ws://broker.test:9001/mqtt')).toBe(
      'ws://broker.test:9001/mqtt',
    );
  });
});
