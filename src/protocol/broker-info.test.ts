import { describe, expect, it } from 'vitest';

import { brokerInfoUrl, decodeBrokerInfo } from './broker-info.ts';

describe('brokerInfoUrl', () => {
  it('maps the WebSocket URL of /mqtt to /api/info on the same host and port', () => {
    expect(brokerInfoUrl('ws://127.0.0.1:8080/mqtt')).toBe('http://127.0.0.1:8080/api/info');
    expect(brokerInfoUrl('wss://hub.example/mqtt', 'dev 1&x')).toBe(
      'https://hub.example/api/info?clientId=dev%201%26x',
    );
    expect(brokerInfoUrl('ws://[::1]:9001/mqtt', 'c')).toBe(
      'http://[::1]:9001/api/info?clientId=c',
    );
  });

  it('is null for anything but a ws:/wss: URL', () => {
    expect(brokerInfoUrl('mqtt://127.0.0.1:1883')).toBeNull();
    expect(brokerInfoUrl('not a url')).toBeNull();
  });
});

describe('decodeBrokerInfo', () => {
  it('accepts the bridge and session shapes, and null for both', () => {
    const body = {
      bridge: { upstream: 'hub:8883', tls: true, scope: 'listed', sessions: 2, maxSessions: 100 },
      session: { clientId: 'c', bridged: true },
    };
    expect(decodeBrokerInfo(body)).toEqual({ ok: true, value: body });
    expect(decodeBrokerInfo({ bridge: null, session: null })).toEqual({
      ok: true,
      value: { bridge: null, session: null },
    });
  });

  it('refuses another shape with a schema error', () => {
    const result = decodeBrokerInfo({ bridge: { upstream: 1 } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.kind).toBe('schema');
  });
});
