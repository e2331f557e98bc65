import { describe, expect, it } from 'vitest';

import { explainNativeModule, openStorage } from '../storage/open-storage.ts';

describe('openStorage', () => {
  it('opens memory storage without touching the data dir', async () => {
    const opened = await openStorage('memory', '/nonexistent/never-created');
    expect(opened).toMatchObject({ dataFile: null, passwordFile: null });
    expect(opened.storage.kind).toBe('memory');
    await opened.storage.close();
  });

  it('explains a better-sqlite3 without its compiled module, and passes other errors on', () => {
    const missing = new Error(
      'Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node',
    );
    const explained = explainNativeModule(missing) as Error;
    expect(explained.message).toMatch(/^SQLite storage needs better-sqlite3's native module/);
    expect(explained.message).toContain('npm rebuild better-sqlite3');
    expect(explained.message).toContain('--storage memory');
    expect(explained.cause).toBe(missing);
    const abi = Object.assign(new Error('was compiled against a different Node.js version'), {
      code: 'ERR_DLOPEN_FAILED',
    });
    expect((explainNativeModule(abi) as Error).message).toContain('npm rebuild better-sqlite3');
    const other = new Error('SQLITE_CANTOPEN');
    expect(explainNativeModule(other)).toBe(other);
  });
});
