// Builds the console with Vite when dist/index.html is missing or older than any of its sources
// (src/, public/, index.html, vite.config.ts). `npm start`, `npm test` and the e2e setup call it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'dist', 'index.html');
const inputs = ['src', 'public', 'index.html', 'vite.config.ts'].map((name) => join(root, name));

/** Newest modification time (ms) of a file, or of any file below a folder; 0 if absent. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why a build is needed, or null when dist/ is up to date. */
export function staleReason() {
  if (!existsSync(output)) return 'dist/index.html is missing';
  const built = statSync(output).mtimeMs;
  const newest = Math.max(...inputs.map(newestMtime));
  return newest > built ? 'sources changed since the last build' : null;
}

const reason = staleReason();
if (reason === null) {
  console.log('ensure-build: dist/ is up to date');
} else {
  console.log(`ensure-build: building the console (${reason})`);
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `ensure-build: vite build failed (${result.error?.message ?? `exit ${result.status}`})`,
    );
    process.exit(1);
  }
}
