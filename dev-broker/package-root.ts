import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder at or above `start` holding a package.json. The broker runs from its sources
 * (`dev-broker/`, through tsx) and from the compiled package (`lib/dev-broker/`), one level deeper, so
 * paths to the package's own files (package.json, the built console in dist/) are found, not counted.
 */
export function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json at or above ${start}`);
  }
}

/** The root of this package (this repository, or `node_modules/iothub-device-console`). */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The version in the package's package.json. */
export const PACKAGE_VERSION = ((): string => {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
})();
