import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import Database from 'better-sqlite3';
import { expect, it } from 'vitest';

import { openSqliteStorage } from '../storage/sqlite-storage.ts';
import { STORAGE_THREADS, type StorageThread } from '../storage/storage-thread.ts';

import { CRASH_DEVICE_ID, crashValue } from './fixtures/crash-values.ts';
import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('sqlite-crash');
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const writer = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const KILL_AFTER_ACKS = 200;

/** Runs the writer until it has acknowledged enough writes, SIGKILLs it, and returns the acked ts. */
async function runWriterUntilKilled(
  file: string,
  thread: StorageThread,
): Promise<{ acked: number[]; signal: string | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, file, thread], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: number[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const match = /^ack (\d+)$/.exec(line);
    if (!match) return;
    acked.push(Number(match[1]));
    if (acked.length === KILL_AFTER_ACKS) child.kill('SIGKILL');
  });
  const signal = await new Promise<string | null>((resolve) => {
    child.on('close', (_code, sig) => {
      resolve(sig);
    });
  });
  if (acked.length < KILL_AFTER_ACKS) throw new Error(`writer stopped early: ${stderr}`);
  return { acked, signal };
}

// both places the SQLite writes can run (--storage-thread, ADR 0010)
it.each(STORAGE_THREADS)(
  'keeps every acknowledged write when the process is killed mid-stream (writes on the %s thread)',
  async (thread) => {
    const file = newFile();
    const { acked, signal } = await runWriterUntilKilled(file, thread);
    expect(signal).toBe('SIGKILL');

    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const storage = openSqliteStorage({ file });
    try {
      const found = storage.telemetry.history(CRASH_DEVICE_ID, {
        keys: ['n'],
        startTs: 0,
        endTs: Number.MAX_SAFE_INTEGER,
        limit: 1_000_000,
        order: 'ASC',
      });
      const byTs = new Map(found.map((p) => [p.ts, p.value]));
      const missing = acked.filter((ts) => byTs.get(ts)?.value !== crashValue(ts));
      console.info(
        `crash test: ${acked.length} writes acknowledged before the kill, ${found.length} found after reopen`,
      );
      expect(missing).toEqual([]);
      expect(found.length).toBeGreaterThanOrEqual(acked.length);
      // Points are written in ts order and a batch commits whole, so what survived is a prefix 1..n.
      expect(found.map((p) => p.ts)).toEqual(Array.from({ length: found.length }, (_, i) => i + 1));
    } finally {
      await storage.close();
    }
  },
);
