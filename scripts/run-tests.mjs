// `npm test`: builds the console if needed, runs Vitest and then Playwright (each always runs),
// and ends with one line, `tests: N passed, M failed`, computed from the two JSON reports.
// Exit code 0 only when something ran and nothing failed. A skipped test counts as a failure.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { countPlaywright, countVitest } from './test-report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const VITEST_REPORT = join(root, '.vitest-results.json');
const PLAYWRIGHT_REPORT = join(root, '.playwright-results.json');

/** Runs `node <args>` in the repo root with inherited output; returns its exit code. */
function run(label, args, env = {}) {
  console.log(`\n── ${label} ──`);
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error) console.error(`${label}: could not start: ${result.error.message}`);
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { unreadable: error instanceof Error ? error.message : String(error) };
  }
}

rmSync(VITEST_REPORT, { force: true });
rmSync(PLAYWRIGHT_REPORT, { force: true });

const buildCode = run('build (if needed)', ['scripts/ensure-build.mjs']);
const vitestCode = run('vitest', [
  join(root, 'node_modules', 'vitest', 'vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${VITEST_REPORT}`,
]);
const playwrightCode = run(
  'playwright',
  [
    join(root, 'node_modules', '@playwright', 'test', 'cli.js'),
    'test',
    '-c',
    'e2e/playwright.config.ts',
  ],
  { PLAYWRIGHT_JSON_OUTPUT_FILE: PLAYWRIGHT_REPORT },
);

const parts = [
  countVitest(readJson(VITEST_REPORT), vitestCode, root),
  countPlaywright(readJson(PLAYWRIGHT_REPORT), playwrightCode),
];
if (buildCode !== 0) parts.push({ passed: 0, failed: 1, notes: ['build: vite build failed'] });

const passed = parts.reduce((sum, part) => sum + part.passed, 0);
const failed = parts.reduce((sum, part) => sum + part.failed, 0);
const notes = parts.flatMap((part) => part.notes);
console.log('');
for (const note of notes) console.log(note);
if (passed + failed === 0) console.log('no test ran');
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
