import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseArgs } from '../cli/parse-args.ts';
import { loadUpstream } from '../cli/upstream-args.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { newDevice } from './support/ota-fixtures.ts';
import { startTestBroker } from './support/test-broker.ts';

const MAIN = resolve(import.meta.dirname, '../main.ts');

describe('bridge-mode flags (ADR 0008)', () => {
  it('flags win over env vars, as for the other options', () => {
    const env = {
      IOTHUB_UPSTREAM: 'mqtt://env-hub:1883',
      IOTHUB_UPSTREAM_ONLY_FOR: 'env-*',
      IOTHUB_UPSTREAM_MAX_SESSIONS: '5',
      IOTHUB_UPSTREAM_CA: '',
    };
    expect(parseArgs([], env).upstream).toEqual({
      url: 'mqtt://env-hub:1883',
      onlyFor: 'env-*',
      maxSessions: '5',
    });
    expect(
      parseArgs(
        ['--upstream', 'mqtts://hub:8883', '--upstream-ca=ca.pem', '--upstream-only-for', 'a*,b'],
        env,
      ).upstream,
    ).toEqual({ url: 'mqtts://hub:8883', ca: 'ca.pem', onlyFor: 'a*,b', maxSessions: '5' });
    expect(parseArgs([], {}).upstream).toEqual({});
  });

  it('reads the PEM files and splits the list; every mistake names its flag', () => {
    const read = (path: string) => {
      if (path === 'missing.pem') throw new Error('ENOENT: no such file or directory');
      return Buffer.from(`PEM of ${path}`);
    };
    expect(
      loadUpstream(
        {
          url: 'mqtts://hub',
          ca: 'ca.pem',
          cert: 'c.pem',
          key: 'k.pem',
          onlyFor: 'x*, y',
          maxSessions: '3',
        },
        read,
      ),
    ).toEqual({
      ok: true,
      value: {
        url: 'mqtts://hub',
        ca: Buffer.from('PEM of ca.pem'),
        cert: Buffer.from('PEM of c.pem'),
        key: Buffer.from('PEM of k.pem'),
        onlyFor: ['x*', 'y'],
        maxSessions: 3,
      },
    });
    expect(loadUpstream({}, read)).toEqual({ ok: true, value: undefined });
    expect(loadUpstream({ onlyFor: 'x' }, read)).toEqual({
      ok: false,
      error: '--upstream-only-for needs --upstream',
    });
    expect(loadUpstream({ url: 'mqtts://hub', ca: 'missing.pem' }, read)).toEqual({
      ok: false,
      error: '--upstream-ca: cannot read missing.pem: ENOENT: no such file or directory',
    });
    expect(loadUpstream({ url: 'mqtt://hub', maxSessions: '0' }, read)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/--upstream-max-sessions must be a whole number/) as unknown,
    });
  });
});

describe('npm start -- --upstream …', () => {
  let upstream: DevBroker;
  const dataDir = mkdtempSync(join(tmpdir(), 'iothub-bridge-cli-'));
  beforeAll(async () => {
    upstream = await startTestBroker();
  });
  afterAll(async () => {
    await upstream.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the bridge in its banner and relays a device over its WebSocket to the upstream', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        MAIN,
        '--mqtt-port',
        '0',
        '--http-port',
        '0',
        '--upstream',
        upstream.mqttUrl,
      ],
      {
        env: { ...process.env, IOTHUB_DATA_DIR: dataDir, IOTHUB_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    try {
      await new Promise<void>((ready, fail) => {
        child.stdout.on('data', () => {
          if (out.includes('Press Ctrl+C')) ready();
        });
        void exited.then(() => fail(new Error(`exited early:\n${out}`)));
      });
      const upstreamHost = upstream.mqttUrl.replace('mqtt://', '');
      expect(out).toContain(
        `Bridge:            every device session → mqtt://${upstreamHost} (at most 100)`,
      );
      expect(out).toContain('bridged devices are managed on the upstream hub');
      expect(out).not.toContain('Demo devices');
      const wsUrl = /MQTT over WS:\s+(\S+)/.exec(out)?.[1] ?? '';
      const d = await newDevice(upstream, 'cli');
      const c = await connectDevice({ wsUrl, mqttUrl: '' } as DevBroker, 'ws', 4, {
        username: d.token,
      });
      await c.publish('v1/devices/me/telemetry', '{"viaCli":1}');
      expect(upstream.hub.telemetry.latest(d.id, ['viaCli'])).toHaveLength(1);
      await c.end();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
