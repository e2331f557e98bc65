import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { startDevBroker } from '../main.ts';

const root = mkdtempSync(join(tmpdir(), 'iothub-perms-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

const start = (dataDir: string) =>
  startDevBroker({
    dataDir,
    mqttPort: 0,
    httpPort: 0,
    demo: false,
    staticDir: null,
    logLevel: 'silent',
  });

describe('the data dir holds tokens and passwords: only its owner may read it', () => {
  it('a new data dir is 0700; iothub.sqlite, its -wal/-shm files and admin-password are 0600', async () => {
    const dir = join(root, 'new', 'data');
    const broker = await start(dir);
    await broker.hub.devices.create({
      name: 'd1',
      credentials: { type: 'ACCESS_TOKEN', token: 'T' },
    });
    const db = join(dir, 'iothub.sqlite');
    expect(mode(dir)).toBe(0o700);
    expect(mode(db)).toBe(0o600);
    expect(existsSync(`${db}-wal`)).toBe(true);
    expect(mode(`${db}-wal`)).toBe(0o600);
    expect(mode(`${db}-shm`)).toBe(0o600);
    expect(mode(join(dir, 'admin-password'))).toBe(0o600);
    await broker.close();
  });

  it('files left readable by an older version are narrowed to 0600 at start', async () => {
    const dir = join(root, 'old');
    const first = await start(dir);
    await first.close();
    const db = join(dir, 'iothub.sqlite');
    chmodSync(db, 0o644);
    chmodSync(join(dir, 'admin-password'), 0o644);
    writeFileSync(`${db}-wal`, '', { mode: 0o644 });
    chmodSync(`${db}-wal`, 0o644);
    const again = await start(dir);
    expect(mode(db)).toBe(0o600);
    expect(mode(`${db}-wal`)).toBe(0o600);
    expect(mode(join(dir, 'admin-password'))).toBe(0o600);
    await again.close();
  });
});
