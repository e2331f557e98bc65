import { Worker } from 'node:worker_threads';

import type { FromWorker, ToWorker } from './worker-protocol.ts';

/**
 * The worker's entry. From TypeScript sources (npm start, tests) a small .mjs registers tsx's loader
 * in the new thread first; the compiled package (lib/, plain Node) starts the compiled worker itself.
 */
const BOOT = import.meta.url.endsWith('.ts')
  ? new URL('./storage-worker-boot.mjs', import.meta.url)
  : new URL('./storage-worker.js', import.meta.url);

type Listener = (message: FromWorker) => void;

/** One open database's line to the storage worker. */
export interface WorkerLine {
  send(message: ToWorker): void;
  /** Whether this database has work in the worker (keeps the process alive while any does). */
  busy(busy: boolean): void;
  /** The database is closed: stop listening. */
  release(): void;
}

interface Shared {
  worker: Worker;
  listeners: Map<number, Listener>;
  busy: Set<number>;
  dead: string | null;
}

let shared: Shared | undefined;
let nextHandle = 1;

/**
 * The process's storage worker (ADR 0010), started on first use and shared by every open SQLite
 * storage: starting one costs about a second (tsx's loader in the new thread), and tests open many.
 * It keeps the process alive only while some database has batches in it. If it dies, every database
 * on it gets `failed` for each batch it sends, and the next `connect` starts a new worker.
 */
function theWorker(): Shared {
  if (shared && shared.dead === null) return shared;
  const worker = new Worker(BOOT);
  const state: Shared = { worker, listeners: new Map(), busy: new Set(), dead: null };
  worker.on('message', (message: FromWorker) => {
    state.listeners.get(message.handle)?.(message);
  });
  const died = (why: string): void => {
    if (state.dead !== null) return;
    state.dead = why;
    for (const [handle, listener] of state.listeners) {
      listener({ type: 'failed', handle, message: why, stats: NO_STATS });
    }
  };
  worker.on('error', (error) => {
    died(`the storage worker failed: ${error.message}`);
  });
  worker.on('exit', (code) => {
    died(`the storage worker exited (code ${String(code)})`);
  });
  // after the listeners: adding a 'message' listener refs the worker again (Node 20)
  worker.unref();
  shared = state;
  return state;
}

/** Opens a line for one database; `listener` hears the worker's messages about it. */
export function connectStorageWorker(listener: Listener): { handle: number; line: WorkerLine } {
  const state = theWorker();
  const handle = nextHandle++;
  state.listeners.set(handle, listener);
  const line: WorkerLine = {
    send(message) {
      if (state.dead === null) {
        state.worker.postMessage(message);
        return;
      }
      const why = state.dead;
      // answered like a live worker would, on a later turn
      setImmediate(() => {
        if (message.type === 'batch')
          listener({ type: 'failed', handle, message: why, stats: NO_STATS });
        if (message.type === 'close') listener({ type: 'closed', handle, error: why });
      });
    },
    busy(busy) {
      if (busy) state.busy.add(handle);
      else state.busy.delete(handle);
      if (state.dead !== null) return;
      if (state.busy.size > 0) state.worker.ref();
      else state.worker.unref();
    },
    release() {
      state.listeners.delete(handle);
      line.busy(false);
    },
  };
  return { handle, line };
}

const NO_STATS = { commits: 0, failedCommits: 0, writes: 0, failedWrites: 0, largestBatch: 0 };
