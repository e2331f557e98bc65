/** `worker`: a storage worker thread and a mirror (ADR 0010); `main`: on the event loop (ADR 0002). */
export type StorageThread = 'worker' | 'main';
export const STORAGE_THREADS: readonly StorageThread[] = ['worker', 'main'];
/** The faster of the two on the 2-core machine the bench runs on (ADR 0010, "Measured"). */
export const DEFAULT_STORAGE_THREAD: StorageThread = 'worker';
