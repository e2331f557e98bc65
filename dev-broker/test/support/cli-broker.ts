import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { expect } from 'vitest';

import { runIothub } from '../../cli/iothub/run-iothub.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'dev-broker/bin/iothub.js');

/** What one `iothub` run printed, and its exit code. */
export interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** A dev broker in its own process (as `npm start` runs it), and the CLI pointed at it (in-process or spawned). */
export interface CliBroker {
  mqttUrl: string;
  wsUrl: string;
  password: string;
  dataDir: string;
  /** Runs `iothub` in this process (`runIothub`, fast), with the broker's URL and password. */
  iothub(args: string[], env?: Record<string, string | undefined>): Promise<Run>;
  /** Runs `iothub` through its bin shim in a new process, from the data dir, like a user. */
  spawn(args: string[], env?: Record<string, string | undefined>): Promise<Run>;
  /** Several in-process runs at once, in order. */
  all<T extends string[][]>(...runs: T): Promise<{ [K in keyof T]: Run }>;
  /** Runs `iothub`, expects exit 0 and an empty stderr; resolves with stdout. */
  ok(args: string[]): Promise<string>;
  /** `ok` with `--json`, parsed. */
  json<T>(args: string[]): Promise<T>;
  stop(): Promise<void>;
}

/** Spawns `node --import tsx dev-broker/main.ts` on free ports with SQLite in a temp dir; resolves after its banner. */
export async function spawnCliBroker(prefix: string, config: object = {}): Promise<CliBroker> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const configFile = join(dataDir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const args = [
    '--mqtt-port',
    '0',
    '--http-port',
    '0',
    '--data-dir',
    dataDir,
    '--config',
    configFile,
    '--no-demo',
    '--log-level',
    'warn',
  ];
  const broker: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'dev-broker/main.ts'), ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let banner = '';
  await new Promise<void>((res, rej) => {
    broker.stdout?.on('data', (d: Buffer) => {
      banner += d.toString();
      if (banner.includes('Press Ctrl+C')) res();
    });
    broker.once('exit', (code) => rej(new Error(`broker exited ${String(code)}: ${banner}`)));
  });
  const mqttUrl = /MQTT over TCP:\s+(\S+)/.exec(banner)?.[1] ?? '';
  const wsUrl = /MQTT over WS:\s+(\S+)/.exec(banner)?.[1] ?? '';
  const password = /Operator login:\s+admin \/ (\S+)/.exec(banner)?.[1] ?? '';
  expect(password).not.toBe('');

  const envOf = (env: Record<string, string | undefined>) => ({
    ...process.env,
    IOTHUB_URL: mqttUrl,
    IOTHUB_ADMIN_PASSWORD: password,
    IOTHUB_DATA_DIR: undefined,
    ...env,
  });
  const iothub = async (
    argv: string[],
    env: Record<string, string | undefined> = {},
  ): Promise<Run> => {
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    const code = await runIothub(argv, envOf(env), io, new Promise<void>(() => undefined));
    return { code, out, err };
  };
  const spawnRun = (argv: string[], env: Record<string, string | undefined> = {}): Promise<Run> => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: dataDir,
      env: envOf(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise((res) => child.once('close', (code) => res({ code, out, err })));
  };
  const ok = async (argv: string[]) => {
    const r = await iothub(argv);
    expect(r.err, `iothub ${argv.join(' ')}`).toBe('');
    expect(r.code, `iothub ${argv.join(' ')}`).toBe(0);
    return r.out;
  };
  return {
    mqttUrl,
    wsUrl,
    password,
    dataDir,
    iothub,
    spawn: spawnRun,
    all: (...runs) => Promise.all(runs.map((argv) => iothub(argv))) as never,
    ok,
    json: async <T>(argv: string[]) => JSON.parse(await ok([...argv, '--json'])) as T,
    async stop() {
      const exited = new Promise((res) => broker.once('exit', res));
      broker.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
