import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BrokerSnapshot } from '../../src/protocol/broker-snapshot.ts';
import type { HealthResponse, HttpErrorResponse } from '../../src/protocol/http-api.ts';
import type { DevBroker } from '../main.ts';
import { PACKAGE_VERSION } from '../package-root.ts';
import { createLogger } from '../platform/logger.ts';
import { createHttpApi } from '../transport/http-api.ts';

import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let basic: string;
beforeAll(async () => {
  broker = await startTestBroker({
    config: { operators: [{ name: 'qa', password: 'qa-password-1' }] },
  });
  basic = authorization('admin', broker.admin.password);
});
afterAll(async () => {
  await broker.close();
});

const authorization = (account: string, password: string): string =>
  `Basic ${Buffer.from(`${account}:${password}`).toString('base64')}`;

async function call(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${broker.httpUrl}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? null : (JSON.parse(text) as unknown),
    headers: res.headers,
  };
}

describe('GET /healthz', () => {
  it('answers 200 with the version, both ports, the URLs and the uptime, without credentials', async () => {
    const { status, body } = await call('/healthz');
    expect(status).toBe(200);
    const health = body as HealthResponse;
    expect(health).toMatchObject({
      status: 'ok',
      name: 'iothub-dev-broker',
      version: PACKAGE_VERSION,
      storage: 'memory',
      ports: { mqtt: broker.mqttPort, http: broker.httpPort },
      urls: { mqtt: broker.mqttUrl, ws: broker.wsUrl, http: broker.httpUrl },
    });
    expect(health.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(health.startedAt).toBeLessThanOrEqual(Date.now());
  });
});

describe('the testing endpoints', () => {
  it('need an operator account: 401 with a Basic challenge, any operator account works', async () => {
    const none = await call('/api/testing/reset', { method: 'POST' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="iothub-dev-broker"/);
    expect((none.body as HttpErrorResponse).error).toMatchObject({ code: 'PERMISSION_DENIED' });
    const wrong = await call('/api/testing/reset', {
      method: 'POST',
      headers: { authorization: authorization('admin', 'not-it') },
    });
    expect(wrong.status).toBe(401);
    const qa = await call('/api/testing/snapshot', {
      headers: { authorization: authorization('qa', 'qa-password-1') },
    });
    expect(qa.status).toBe(200);
  });

  it('refuse the wrong method with 405 and an Allow header', async () => {
    const res = await call('/api/testing/reset', { headers: { authorization: basic } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('POST /api/testing/reset goes back to the seed', async () => {
    await broker.hub.devices.create({ name: 'made-in-a-test' });
    const res = await call('/api/testing/reset', {
      method: 'POST',
      headers: { authorization: basic },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ devices: 7 });
    expect(broker.hub.devices.find('made-in-a-test')).toBeUndefined();
  });

  it('GET /api/testing/snapshot and POST /api/testing/restore round-trip the state', async () => {
    await broker.hub.devices.create({ name: 'in-the-snapshot' });
    const snap = await call('/api/testing/snapshot', { headers: { authorization: basic } });
    expect(snap.status).toBe(200);
    const snapshot = snap.body as BrokerSnapshot;
    expect(snapshot.devices.map((d) => d.name)).toContain('in-the-snapshot');
    await broker.reset();
    const restored = await call('/api/testing/restore', {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify(snapshot),
    });
    expect(restored.status).toBe(200);
    expect(broker.hub.devices.find('in-the-snapshot')).toBeDefined();
  });

  it('POST /api/testing/restore answers 400 naming what is wrong, and changes nothing', async () => {
    const before = broker.hub.devices.list({ limit: 100 }).total;
    const res = await call('/api/testing/restore', {
      method: 'POST',
      headers: { authorization: basic },
      body: '{"format":"something-else"}',
    });
    expect(res.status).toBe(400);
    const { error } = res.body as HttpErrorResponse;
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/format: format must be "iothub-dev-broker-snapshot"/);
    expect(broker.hub.devices.list({ limit: 100 }).total).toBe(before);
  });
});

describe('the handler alone', () => {
  let server: Server;
  let url: string;
  let health: 'starting' | 'stopping' = 'starting';
  beforeAll(async () => {
    const handle = createHttpApi({
      health: () => ({ status: health }),
      verify: (account, password) => account === 'admin' && password === 'pw',
      state: {
        snapshot: () => broker.snapshot(),
        restore: (s) => broker.restore(s as BrokerSnapshot),
        reset: () => broker.reset(),
        onReplaced: () => () => undefined,
      },
      log: createLogger('silent'),
      maxBodyBytes: 64,
    });
    server = createServer((req, res) => {
      if (!handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers /healthz with 503 and the status while starting or stopping', async () => {
    for (const status of ['starting', 'stopping'] as const) {
      health = status;
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status });
    }
  });

  it('refuses a restore body over the limit with 413 and says what to use instead', async () => {
    const res = await fetch(`${url}/api/testing/restore`, {
      method: 'POST',
      headers: { authorization: authorization('admin', 'pw') },
      body: 'x'.repeat(65),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as HttpErrorResponse).error.message).toMatch(/--import FILE/);
  });

  it('leaves other paths to the console', async () => {
    expect((await fetch(`${url}/api/testing/other`)).status).toBe(404);
  });
});
