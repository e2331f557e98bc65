import { readdirSync } from 'node:fs';

import { statCpuMs } from '../platform/proc-cpu.ts';

/**
 * CPU time of this process so far, split into its main thread (the event loop) and every other
 * thread (the storage worker, GC helpers, libuv's pool), in ms; NaN without /proc.
 */
export function threadCpuMs(): { main: number; others: number } {
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return { main: Number.NaN, others: Number.NaN };
  }
  const self = String(process.pid);
  let main = 0;
  let others = 0;
  for (const tid of tasks) {
    const ms = statCpuMs(`/proc/self/task/${tid}/stat`);
    if (!Number.isFinite(ms)) continue; // the thread ended meanwhile
    if (tid === self) main += ms;
    else others += ms;
  }
  return { main, others };
}
