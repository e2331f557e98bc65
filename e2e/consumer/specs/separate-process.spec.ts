import { execFileSync } from 'node:child_process';

import { expect, test } from '@playwright/test';
import type { HealthResponse } from 'iothub-device-console';

import { SEPARATE } from '../playwright.config.ts';

const basic = `Basic ${Buffer.from(`admin:${SEPARATE.adminPassword}`).toString('base64')}`;

test('npx iothub-dev-broker (webServer) is ready once /healthz answers 200', async ({
  request,
}) => {
  const res = await request.get(`${SEPARATE.httpUrl}/healthz`);
  expect(res.status()).toBe(200);
  const health = (await res.json()) as HealthResponse;
  expect(health.urls.mqtt).toBe(SEPARATE.mqttUrl);
  expect(health.uptimeMs).toBeGreaterThan(0);
});

test('POST /api/testing/reset needs the admin password and resets to the seed', async ({
  request,
}) => {
  const refused = await request.post(`${SEPARATE.httpUrl}/api/testing/reset`);
  expect(refused.status()).toBe(401);
  const reset = await request.post(`${SEPARATE.httpUrl}/api/testing/reset`, {
    headers: { authorization: basic },
  });
  expect(reset.status()).toBe(200);
  expect(await reset.json()).toMatchObject({ devices: 2 });
});

test('the operator CLI from the installed package: npx iothub reset, devices list', () => {
  const env = {
    ...process.env,
    IOTHUB_URL: SEPARATE.mqttUrl,
    IOTHUB_ADMIN_PASSWORD: SEPARATE.adminPassword,
  };
  expect(execFileSync('npx', ['iothub', 'reset'], { env, encoding: 'utf8' })).toMatch(
    /^reset to the seed: 2 devices/,
  );
  const list = JSON.parse(
    execFileSync('npx', ['iothub', 'devices', 'list', '--json'], { env, encoding: 'utf8' }),
  ) as {
    items: { name: string }[];
  };
  expect(list.items.map((d) => d.name).sort()).toEqual(['pump-1', 'sensor-1']);
});

test('both bins print their help', () => {
  const broker = execFileSync('npx', ['iothub-dev-broker', '--help'], { encoding: 'utf8' });
  expect(broker).toContain('Usage: npx iothub-dev-broker [options]');
  expect(broker).toContain('--import <file>');
  const cli = execFileSync('npx', ['iothub', '--help'], { encoding: 'utf8' });
  expect(cli).toContain('Usage: npx iothub <command>');
  expect(cli).toContain('snapshot [file]');
});
