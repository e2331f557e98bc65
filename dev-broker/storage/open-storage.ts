import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { createMemoryStorage } from './memory-storage.ts';
import type { StorageThread } from './storage-thread.ts';
import type { Storage } from './storage.ts';

/** The storage a broker runs on, and where its files are (null in memory). */
export interface OpenedStorage {
  storage: Storage;
  dataFile: string | null;
  passwordFile: string | null;
}

/**
 * Opens in-memory storage, or SQLite in `<dataDir>/iothub.sqlite` (the directory is created). SQLite is
 * loaded only when asked for, so in-memory brokers run even where better-sqlite3's native module was
 * never built; when it is missing, the error says how to build it.
 */
export async function openStorage(
  kind: 'sqlite' | 'memory',
  dataDir: string,
  thread?: StorageThread,
): Promise<OpenedStorage> {
  if (kind === 'memory')
    return { storage: createMemoryStorage(), dataFile: null, passwordFile: null };
  const dir = resolve(dataDir);
  // the data dir holds credentials: a new one is private to the user (an existing one is left as is)
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const dataFile = join(dir, 'iothub.sqlite');
  const { openSqliteStorage } = await import('./sqlite-storage.ts');
  try {
    return {
      storage: openSqliteStorage({ file: dataFile, ...(thread ? { thread } : {}) }),
      dataFile,
      passwordFile: join(dir, 'admin-password'),
    };
  } catch (error) {
    throw explainNativeModule(error);
  }
}

/** better-sqlite3 without its compiled module (npm skipped its install script, or another Node ABI). */
export function explainNativeModule(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  const code = (error as NodeJS.ErrnoException).code;
  if (!message.includes('Could not locate the bindings file') && code !== 'ERR_DLOPEN_FAILED')
    return error;
  return new Error(
    "SQLite storage needs better-sqlite3's native module, which is not built for this Node " +
      `(${message.split('\n')[0] ?? ''}). Allow its install script and rebuild it: ` +
      '`npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3` ' +
      "(older npm: `npm rebuild better-sqlite3`), or run in memory: `--storage memory` / `storage: 'memory'`.",
    { cause: error },
  );
}
