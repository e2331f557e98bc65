import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';

import { parseArgs } from '../cli/parse-args.ts';
import { DEFAULT_STORAGE_THREAD } from '../storage/storage-thread.ts';

const MAIN = resolve(import.meta.dirname, '../main.ts');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iothub-cli-'));
  dirs.push(dir);
  return dir;
}

/** Runs the CLI as `npm start` does; resolves when `until` matches stdout or the process exits. */
function runCli(args: string[], env: Record<string, string> = {}, until?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const ready = new Promise<void>((res) => {
    if (!until) return;
    child.stdout.on('data', () => {
      if (until.test(stdout)) res();
    });
  });
  return { child, exited, ready, out: () => stdout, err: () => stderr };
}

describe('command line (issue: Running it)', () => {
  it('flags win over env vars; env vars over defaults', () => {
    const env = { IOTHUB_MQTT_PORT: '1999', IOTHUB_HTTP_PORT: '0', IOTHUB_HOST: '0.0.0.0' };
    expect(parseArgs(['--mqtt-port', '0'], env)).toMatchObject({
      mqttPort: 0,
      httpPort: 0,
      host: '0.0.0.0',
      demo: true,
    });
    expect(parseArgs(['--no-demo', '--data-dir=/x'], {})).toMatchObject({
      mqttPort: 1883,
      httpPort: 8080,
      host: '127.0.0.1',
      demo: false,
      dataDir: '/x',
    });
    expect(() => parseArgs(['--mqtt-port', 'abc'], {})).toThrow(/port number/);
    expect(() => parseArgs(['--bogus'], {})).toThrow(/unknown option/);
  });

  it('--storage-thread / IOTHUB_STORAGE_THREAD choose where SQLite writes run (ADR 0010)', () => {
    expect(parseArgs([], {}).storageThread).toBe(DEFAULT_STORAGE_THREAD);
    expect(parseArgs(['--storage-thread', 'main'], {}).storageThread).toBe('main');
    expect(parseArgs([], { IOTHUB_STORAGE_THREAD: 'worker' }).storageThread).toBe('worker');
    expect(
      parseArgs(['--storage-thread=main'], { IOTHUB_STORAGE_THREAD: 'worker' }).storageThread,
    ).toBe('main');
    expect(() => parseArgs(['--storage-thread', 'both'], {})).toThrow(
      '--storage-thread must be worker or main, got "both"',
    );
  });

  it('port 0 picks free ports, the banner prints them and the demo token; SIGTERM exits 0 within 2 s', async () => {
    const dataDir = tempDir();
    const cli = runCli(
      ['--mqtt-port', '0', '--http-port', '0', '--data-dir', dataDir],
      {},
      /Press Ctrl\+C/,
    );
    await cli.ready;
    const mqttPort = /MQTT over TCP:\s+mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(cli.out())?.[1];
    const token = /demo-thermostat\s+access token: (\S+)/.exec(cli.out())?.[1];
    expect(Number(mqttPort)).toBeGreaterThan(0);
    expect(token).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(cli.out()).toMatch(/Console:\s+http:\/\/127\.0\.0\.1:\d+\//);
    const client = mqtt.connect(`mqtt://127.0.0.1:${String(mqttPort)}`, {
      username: token ?? '',
      reconnectPeriod: 0,
    });
    await new Promise<void>((res, rej) => {
      client.once('connect', () => res());
      client.once('error', rej);
    });
    cli.child.kill('SIGTERM');
    // exit code 0 means the clean shutdown finished before the 2 s force-exit (which exits 1)
    expect(await cli.exited).toBe(0);
    client.end(true);
    // idempotent demo data: a restart keeps the same token
    const again = runCli(
      ['--mqtt-port', '0', '--http-port', '0', '--data-dir', dataDir],
      {},
      /Press Ctrl\+C/,
    );
    await again.ready;
    expect(again.out()).toContain(`access token: ${String(token)}`);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 30_000);

  it('a bad config file gets an error naming the field and a non-zero exit', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        settings: { maxPayloadSize: 'big' },
        devices: [{ name: 'x', credentials: { type: 'ACCESS_TOKEN' } }],
      }),
    );
    const cli = runCli([
      '--config',
      file,
      '--mqtt-port',
      '0',
      '--http-port',
      '0',
      '--data-dir',
      dir,
    ]);
    expect(await cli.exited).not.toBe(0);
    expect(cli.err()).toContain('settings.maxPayloadSize');
    expect(cli.err()).toContain('devices.0.credentials.token');
  }, 30_000);

  it('a config file declares devices, profiles and initial attributes (env IOTHUB_CONFIG)', async () => {
    const dir = tempDir();
    const file = join(dir, 'ok.json');
    writeFileSync(
      file,
      JSON.stringify({
        profiles: [{ name: 'lab', sendAckOnValidationException: true }],
        devices: [
          {
            name: 'lab-1',
            profile: 'lab',
            credentials: { type: 'ACCESS_TOKEN', token: 'LAB1' },
            shared: { target: 21 },
          },
        ],
      }),
    );
    const cli = runCli(
      ['--mqtt-port', '0', '--http-port', '0', '--data-dir', dir, '--no-demo'],
      { IOTHUB_CONFIG: file },
      /Press Ctrl\+C/,
    );
    await cli.ready;
    expect(cli.out()).not.toContain('demo-thermostat');
    const port = /mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(cli.out())?.[1] ?? '0';
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      username: 'LAB1',
      reconnectPeriod: 0,
    });
    const response = await new Promise<string>((res, rej) => {
      client.once('error', rej);
      client.once('connect', () => {
        client.on('message', (_t, p) => res(p.toString()));
        client.publish('v1/devices/me/attributes/request/1', '{"sharedKeys":"target"}', { qos: 1 });
      });
    });
    expect(JSON.parse(response)).toEqual({ shared: { target: 21 } });
    client.end(true);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 30_000);
});

describe('operator password from the environment', () => {
  it('IOTHUB_ADMIN_PASSWORD sets the admin password, accepted at login and never printed', async () => {
    const dir = tempDir();
    const cli = runCli(
      ['--mqtt-port', '0', '--http-port', '0', '--data-dir', dir, '--no-demo'],
      { IOTHUB_ADMIN_PASSWORD: 'env-secret-123' },
      /Press Ctrl\+C/,
    );
    await cli.ready;
    expect(cli.out()).not.toContain('env-secret-123');
    expect(cli.out()).toContain('admin / (password from IOTHUB_ADMIN_PASSWORD; not shown)');
    expect(cli.out()).toMatch(
      /Console login:\s+http:\/\/127\.0\.0\.1:\d+\/\?role=operator&user=admin\n/,
    );
    const port = /mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(cli.out())?.[1] ?? '0';
    const login = (password: string) =>
      new Promise<boolean>((res) => {
        const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
          username: 'operator:admin',
          password,
          reconnectPeriod: 0,
        });
        c.once('connect', () => {
          c.end(true);
          res(true);
        });
        c.once('error', () => {
          c.end(true);
          res(false);
        });
      });
    expect(await login('env-secret-123')).toBe(true);
    expect(await login('wrong-password')).toBe(false);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 30_000);

  it('refuses an admin password shorter than 8 characters with a clear error (exit 2)', async () => {
    const cli = runCli(['--mqtt-port', '0', '--http-port', '0', '--data-dir', tempDir()], {
      IOTHUB_ADMIN_PASSWORD: 'x',
    });
    expect(await cli.exited).toBe(2);
    expect(cli.err()).toContain(
      'the admin password (IOTHUB_ADMIN_PASSWORD / adminPassword option) must be at least 8 characters, got 1',
    );
    expect(cli.out()).not.toContain('Press Ctrl+C');
  }, 30_000);

  it('a generated password keeps its one-click link; a config password is not printed', async () => {
    const dir = tempDir();
    const generated = runCli(
      ['--mqtt-port', '0', '--http-port', '0', '--data-dir', dir, '--no-demo'],
      {},
      /Press Ctrl\+C/,
    );
    await generated.ready;
    expect(generated.out()).toMatch(/One-click console:\s+\S+#password=\S{8,}/);
    generated.child.kill('SIGTERM');
    expect(await generated.exited).toBe(0);
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ adminPassword: 'config-secret-456' }));
    const fromConfig = runCli(
      ['--mqtt-port', '0', '--http-port', '0', '--data-dir', dir, '--no-demo', '--config', file],
      {},
      /Press Ctrl\+C/,
    );
    await fromConfig.ready;
    expect(fromConfig.out()).not.toContain('config-secret-456');
    expect(fromConfig.out()).toContain(
      '(password from adminPassword in the config file; not shown)',
    );
    fromConfig.child.kill('SIGTERM');
    expect(await fromConfig.exited).toBe(0);
  }, 30_000);

  it('IOTHUB_CONSOLE_URL (npm run dev: the Vite dev server) is the console and one-click link in the banner', async () => {
    const cli = runCli(
      ['--mqtt-port', '0', '--http-port', '0', '--data-dir', tempDir(), '--no-demo'],
      { IOTHUB_CONSOLE_URL: 'http://localhost:5173/' },
      /Press Ctrl\+C/,
    );
    await cli.ready;
    expect(cli.out()).toMatch(
      /Console: {11}http:\/\/localhost:5173\/ \(hot reload; the built console: http:\/\/127\.0\.0\.1:\d+\/\)/,
    );
    expect(cli.out()).toMatch(
      /One-click console: {2}http:\/\/localhost:5173\/\?role=operator&user=admin#password=\S{8,}/,
    );
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 30_000);
});
