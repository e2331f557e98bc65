import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll } from 'vitest';

/**
 * A fresh directory under os.tmpdir() for this test file, removed after all its tests. Returns a
 * function that names a new database file in it on every call.
 */
export function useTempDbFiles(prefix: string): () => string {
  const dir = mkdtempSync(join(tmpdir(), `iothub-${prefix}-`));
  let n = 0;
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return () => join(dir, `db-${++n}.sqlite`);
}
