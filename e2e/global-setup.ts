import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Playwright global setup: the broker fixture serves the built console from dist/, so build it
 * first when it is missing or older than its sources (scripts/ensure-build.mjs decides).
 */
export default function globalSetup(): void {
  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
}
