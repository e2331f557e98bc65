import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * Starts `fixtures/durable-broker-child.ts` (device `durable-1`, token `DUR1`) on a SQLite data dir in a
 * child process, so a test can SIGKILL it; resolves with the child and its URLs.
 */
export async function startDurableChild(dataDir: string): Promise<{
  child: ChildProcessByStdio<null, Readable, null>;
  urls: { mqttUrl: string; wsUrl: string };
}> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../fixtures/durable-broker-child.ts'), dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`broker child exited with ${String(code)}`)));
  });
  return { child, urls: JSON.parse(line) as { mqttUrl: string; wsUrl: string } };
}
