import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { statCpuMs } from '../../platform/proc-cpu.ts';

const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A dev broker in bridge mode in its own process, started as `npm start -- --upstream …` would. */
export interface BridgeChild {
  mqttUrl: string;
  wsUrl: string;
  /** CPU time the process has used so far (user + system), in ms; NaN without /proc. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Spawns the bridge on free ports in front of `upstreamUrl`; resolves once its banner is out. */
export async function spawnBridge(upstreamUrl: string): Promise<BridgeChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iothub-bench-bridge-'));
  const args = ['--mqtt-port', '0', '--http-port', '0', '--data-dir', dataDir];
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, ...args, '--log-level', 'warn', '--upstream', upstreamUrl],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within 30 s:\n${out}`)), 30_000);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Press Ctrl+C')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the bridge exited before its banner:\n${out}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const url = (label: string) => {
    const found = new RegExp(`${label}:\\s+(\\S+)`).exec(out)?.[1];
    if (found === undefined) throw new Error(`no "${label}" in the banner:\n${out}`);
    return found;
  };
  return {
    mqttUrl: url('MQTT over TCP'),
    wsUrl: url('MQTT over WS'),
    cpuMs: () => statCpuMs(`/proc/${String(child.pid)}/stat`),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
