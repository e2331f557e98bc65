import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { BrokerSnapshot } from '../../src/protocol/broker-snapshot.ts';
import { parseArgs } from '../cli/parse-args.ts';

import { spawnCliBroker } from './support/cli-broker.ts';
import { startTestBroker } from './support/test-broker.ts';

const MAIN = resolve(import.meta.dirname, '../main.ts');
const dir = mkdtempSync(join(tmpdir(), 'iothub-cli-state-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A snapshot file of a broker holding the spec fixtures and one more device. */
async function snapshotFile(name: string, device: string): Promise<string> {
  const source = await startTestBroker();
  await source.hub.devices.create({ name: device });
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(source.snapshot()));
  await source.close();
  return file;
}

/** `npm start` with these arguments; resolves once the banner is out, or the process exited. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const ready = new Promise<void>((res) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl+C')) res();
    });
  });
  return { child, exited, ready: Promise.race([ready, exited]), out: () => out, err: () => err };
}

describe('broker options for test state', () => {
  it('--storage, --import and --export-on-exit, or their environment variables', () => {
    const env = {
      IOTHUB_STORAGE: 'memory',
      IOTHUB_IMPORT: 'a.json',
      IOTHUB_EXPORT_ON_EXIT: 'b.json',
    };
    expect(parseArgs([], env)).toMatchObject({
      storage: 'memory',
      importFile: 'a.json',
      exportOnExit: 'b.json',
    });
    expect(
      parseArgs(['--storage=sqlite', '--import', 'c.json', '--export-on-exit', 'd.json'], env),
    ).toMatchObject({
      storage: 'sqlite',
      importFile: 'c.json',
      exportOnExit: 'd.json',
    });
    expect(parseArgs([], {})).toMatchObject({
      storage: 'sqlite',
      importFile: undefined,
      exportOnExit: undefined,
    });
    expect(() => parseArgs(['--storage', 'redis'], {})).toThrow(
      /--storage must be sqlite or memory, got "redis"/,
    );
  });

  it('starts in memory from --import, answers /healthz, and writes --export-on-exit on SIGTERM', async () => {
    const input = await snapshotFile('input.json', 'imported-1');
    const output = join(dir, 'output.json');
    const cli = startCli([
      '--storage',
      'memory',
      '--import',
      input,
      '--export-on-exit',
      output,
      '--no-demo',
      '--mqtt-port',
      '0',
      '--http-port',
      '0',
      '--log-level',
      'warn',
    ]);
    await cli.ready;
    expect(cli.out()).toMatch(/Data:\s+in memory/);
    const ready = /Ready check:\s+(\S+)/.exec(cli.out())?.[1] ?? '';
    const health = await fetch(ready);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', storage: 'memory' });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const exported = JSON.parse(readFileSync(output, 'utf8')) as BrokerSnapshot;
    expect(exported.devices.map((d) => d.name)).toContain('imported-1');
  }, 30_000);

  it('a broken --import file is refused with its problems and exit code 2', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ format: 'iothub-dev-broker-snapshot', version: 1 }));
    const cli = startCli([
      '--storage',
      'memory',
      '--import',
      file,
      '--mqtt-port',
      '0',
      '--http-port',
      '0',
    ]);
    expect(await cli.exited).toBe(2);
    expect(cli.err()).toContain(`Cannot import ${file}: the snapshot is not valid`);
    expect(cli.err()).toMatch(/devices: /);
  }, 30_000);
});

describe('npx iothub reset | snapshot | restore', () => {
  it('resets, writes a snapshot file and restores it', async () => {
    const broker = await spawnCliBroker('iothub-state-', {
      devices: [{ name: 'cfg-1', credentials: { type: 'ACCESS_TOKEN', token: 'C1' } }],
    });
    try {
      const names = async () =>
        (await broker.json<{ items: { name: string }[] }>(['devices', 'list'])).items.map(
          (d) => d.name,
        );
      await broker.ok(['devices', 'create', '--name', 'temp-1']);
      expect(await broker.ok(['reset'])).toMatch(/^reset to the seed: 1 device \(\d+\.\d ms\)/);
      expect(await names()).toEqual(['cfg-1']);
      await broker.ok(['devices', 'create', '--name', 'saved-1']);
      const file = join(dir, 'cli-snapshot.json');
      expect(await broker.ok(['snapshot', file])).toMatch(
        /^wrote .*cli-snapshot\.json: 2 devices, 0 telemetry points/,
      );
      await broker.ok(['reset']);
      expect(await names()).toEqual(['cfg-1']);
      expect(await broker.ok(['restore', file])).toMatch(/^restored .*: 2 devices/);
      expect(await names()).toEqual(['cfg-1', 'saved-1']);

      const stdout = JSON.parse(await broker.ok(['snapshot'])) as BrokerSnapshot;
      expect(stdout.format).toBe('iothub-dev-broker-snapshot');
      const bad = join(dir, 'bad-restore.json');
      writeFileSync(bad, '{"format":"x"}');
      const refused = await broker.iothub(['restore', bad]);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/iothub: INVALID_ARGUMENT: the snapshot is not valid: format:/);
    } finally {
      await broker.stop();
    }
  }, 60_000);
});
