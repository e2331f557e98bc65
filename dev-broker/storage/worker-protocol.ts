/** Messages between the main thread and the storage worker (ADR 0010). */
import type { GroupCommitOptions, GroupCommitStats } from './group-commit.ts';
import type { OpList } from './write-ops.ts';

/** Main thread → worker. `handle` names one open database (several may share the worker). */
export type ToWorker =
  | {
      type: 'open';
      handle: number;
      file: string;
      busyTimeoutMs: number;
      options: GroupCommitOptions;
    }
  | { type: 'batch'; handle: number; seq: number; ops: OpList }
  /** After a failure: the main thread rejected everything and reloaded; apply batches again. */
  | { type: 'resume'; handle: number }
  | { type: 'close'; handle: number };

/** Worker → main thread. */
export type FromWorker =
  /** Every batch up to `seq` is committed. */
  | { type: 'ack'; handle: number; seq: number; stats: GroupCommitStats }
  /** What a write that answers with a value (event retention's count) answered, once committed. */
  | { type: 'result'; handle: number; slot: number; value: number }
  /** The open transaction was rolled back; batches are dropped until `resume`. */
  | { type: 'failed'; handle: number; message: string; stats: GroupCommitStats }
  | { type: 'closed'; handle: number; error: string | null };
