// The storage worker thread's entry (ADR 0010): registers tsx's loader in this thread (loader hooks of
// the main thread do not reach workers on Node 20), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./storage-worker.ts');
