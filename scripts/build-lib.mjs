// `npm run build:lib`: compiles the dev broker and src/protocol to JavaScript with .d.ts types in
// lib/ (tsconfig.lib.json), for the npm package. lib/ is emptied first, so a removed source leaves
// no stale module behind. `npm pack` runs it through `prepack`.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(join(root, 'lib'), { recursive: true, force: true });
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error(`build-lib: tsc failed (${result.error?.message ?? `exit ${result.status}`})`);
  process.exit(1);
}
console.log('build-lib: lib/ is up to date');
